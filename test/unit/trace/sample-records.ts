// Records the trace tests build their inputs from.
import type { Header, TraceEvent } from '../../../src/trace/schema.ts';

/** A valid header of a Node recording, its clock starting at 1000 µs. */
export const header: Header = {
  e: 'header',
  v: 1,
  ts: 1000,
  wallMs: 1_700_000_000_000,
  clock: 'CLOCK_MONOTONIC',
  unit: 'us',
  runtime: 'node',
  runtimeVersion: '20.20.0',
  program: 'app.mjs',
  args: [],
  cwd: '/tmp',
  pid: 1,
  writer: 'test',
};

/** A `mark` event named `name` on lane 1:0: the simplest event that tells lines apart. */
export const mark = (name: string, ts = 2000): TraceEvent => ({ e: 'mark', ts, name, lane: '1:0' });
