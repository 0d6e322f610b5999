import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { checkRecordingAgainstSchema } from '../../../src/trace/conformance.ts';
import type { TraceEvent } from '../../../src/trace/schema.ts';
import { cliEnv } from '../cli/helpers.ts';
import { CLI, ROOT } from '../runner/helpers.ts';

export const FIXTURES = join(ROOT, 'test/fixtures/python');
export const BOOTSTRAP = join(ROOT, 'src/python/bootstrap');
/** The interpreter the tests record with (the one `poolscope record script.py` picks by default). */
export const PYTHON = process.env.POOLSCOPE_PYTHON || 'python3';

export interface Run {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface Recorded extends Run {
  file: string;
  text: string;
  events: TraceEvent[];
}

function env(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return cliEnv({ POOLSCOPE_STUCK_MS: '', ...extra });
}

/** Runs a Python command without Poolscope: what the program does on its own. */
export function plain(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const r = spawnSync(PYTHON, args, {
    cwd: options.cwd ?? FIXTURES,
    env: env(options.env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** `poolscope record -o FILE -- python3 ARGS`, and the recording it wrote. */
export function record(
  out: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv; bare?: boolean } = {},
): Recorded {
  const command = options.bare ? args : ['--', PYTHON, ...args];
  const r = spawnSync(process.execPath, [CLI, 'record', '-o', out, ...command], {
    cwd: options.cwd ?? FIXTURES,
    env: env(options.env),
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr, ...readRecording(out) };
}

/** Starts `poolscope record` and gives the running process, for tests that act while it runs. */
export function startRecording(out: string, args: string[], extraEnv: NodeJS.ProcessEnv = {}) {
  return spawn(process.execPath, [CLI, 'record', '-o', out, '--', PYTHON, ...args], {
    cwd: FIXTURES,
    env: env(extraEnv),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export function readRecording(file: string): { file: string; text: string; events: TraceEvent[] } {
  const text = readFileSync(file, 'utf8');
  const lines = text.split('\n').filter((line) => line !== '');
  const events = lines.slice(1).map((line) => JSON.parse(line) as TraceEvent);
  return { file, text, events };
}

/** The recording breaks no rule of the trace format and uses nothing it does not define. */
export function assertConforms(recorded: { text: string }): void {
  const report = checkRecordingAgainstSchema(recorded.text);
  assert.ok(report.ok, report.problems.map((p) => p.message).join('\n'));
  assert.deepEqual(
    report.notes.map((n) => n.message),
    [],
    'the recording should need no warning either',
  );
}

/** stderr of a recorded run without Poolscope's own last line. */
export function programStderr(run: Run): string {
  const lines = run.stderr.split('\n');
  const last = lines.findLastIndex((l) => l.startsWith('poolscope: recorded '));
  assert.notEqual(last, -1, `no "recorded" line in:\n${run.stderr}`);
  return [...lines.slice(0, last), ...lines.slice(last + 1)].join('\n');
}

export function ofType<E extends TraceEvent['e']>(events: TraceEvent[], e: E): Extract<TraceEvent, { e: E }>[] {
  return events.filter((event): event is Extract<TraceEvent, { e: E }> => event.e === e);
}

/**
 * Runs a Python command with the bootstrap but no runner, as a user setting the variables by hand would.
 * `ignoring` starts it with those signals ignored, as nohup does (node itself resets them in the programs it starts).
 */
export function withBootstrap(args: string[], traceFile: string, options: { ignoring?: string[] } = {}): Run {
  const ignoring = options.ignoring ?? [];
  const [command, argv] = ignoring.length
    ? ['sh', ['-c', `trap '' ${ignoring.join(' ')}; exec "$0" "$@"`, PYTHON, ...args]]
    : [PYTHON, args];
  const r = spawnSync(command, argv, {
    cwd: FIXTURES,
    env: { ...env({ PYTHONPATH: BOOTSTRAP }), POOLSCOPE_TRACE: traceFile },
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}
