import { existsSync } from 'node:fs';
import { ENV_TRACE_FILE, ENV_TRACE_ROOT_PID } from '../../trace/schema.ts';

/** How long the program waits for the runner to put the header in place before recording anyway. */
const HEADER_WAIT_MS = 10_000;

/**
 * Runs first in the program's main thread, before any of its code. The runner cannot know the
 * program's pid before starting it, so the program itself claims the root of the recording: it
 * publishes its pid in POOLSCOPE_TRACE_ROOT_PID, which every process it starts inherits (so they
 * know they are not the root). The runner writes the header, carrying the same pid, right after
 * the spawn and moves it into place with one rename; waiting for that file here guarantees that
 * the header is the first line whatever the scheduler does.
 */
export function claimRecordingRoot(): void {
  const file = process.env[ENV_TRACE_FILE];
  if (!file || process.env[ENV_TRACE_ROOT_PID]) return;
  process.env[ENV_TRACE_ROOT_PID] = String(process.pid);
  waitForFile(file, HEADER_WAIT_MS);
}

function waitForFile(path: string, timeoutMs: number): void {
  const cell = new Int32Array(new SharedArrayBuffer(4));
  const deadline = Date.now() + timeoutMs;
  while (!existsSync(path) && Date.now() < deadline) Atomics.wait(cell, 0, 0, 2);
}
