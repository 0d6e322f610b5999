import { spawn, type ChildProcess, type StdioOptions } from 'node:child_process';
import { closeSync, openSync, readSync } from 'node:fs';
import { resolve } from 'node:path';
import { FORMAT_VERSION, type ExitEvent, type Header } from '../trace/schema.ts';
import { toLine } from '../trace/writer.ts';
import { appendRecords } from '../trace/node/file-writer.ts';
import { PoolscopeError, runnerErrors } from './errors.ts';
import { planLaunch, recordingEnv, type LaunchPlan, type Launcher } from './launch-plan.ts';
import { LAUNCHERS } from './launchers.ts';
import { fateOf, placeHeader, releaseOutput, reserveOutput } from './output-file.ts';
import { poolscopeVersion } from './paths.ts';

export interface RecordOptions {
  /** What to run, as the user wrote it (see LaunchRequest.command). */
  command: readonly string[];
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /**
   * The recording's path (relative to cwd), or a folder to put a default-named one in; default
   * `poolscope-<script>-<time>.ndjson` in cwd. Only an old recording or an empty file is replaced.
   */
  output?: string;
  /** The program's stdio; default inherit, so its output is exactly what it prints without Poolscope. */
  stdio?: StdioOptions;
  /** Interpreter per runtime when the command names none, e.g. `{ node: '/opt/node22/bin/node' }`. */
  interpreters?: Partial<Record<string, string>>;
  /** The launch plans to choose from; default every runtime Poolscope supports. */
  launchers?: readonly Launcher[];
  /**
   * Start the program in a process group of its own (POSIX), so that a stop can signal it and every
   * process it started at once (`kill(-pid)`); the extension needs that, a terminal does not.
   */
  detached?: boolean;
}

export interface RecordResult {
  file: string;
  pid: number;
  /** The program's exit code, or null when a signal ended it. */
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Events in the recording (the header not counted, the runner's `exit` event counted). */
  events: number;
  /**
   * Set when the `exit` event could not be written (the disk filled up, the file became unwritable),
   * or when the recording was deleted or moved away while the program ran (see `gone`).
   */
  problem?: PoolscopeError;
  /** Set when the recording is no longer at `file`: `events` is then 0 and `problem` says why. */
  gone?: 'deleted' | 'moved';
}

export interface RecordingSession {
  readonly file: string;
  readonly pid: number;
  readonly plan: LaunchPlan;
  readonly child: ChildProcess;
  /** Resolves once the program has ended and its `exit` event is in the recording. */
  readonly finished: Promise<RecordResult>;
}

/** Monotonic microseconds, the clock of every `ts` (CLOCK_MONOTONIC on Linux, as in the recorders). */
export function nowMicros(): number {
  return Number(process.hrtime.bigint() / 1000n);
}

/**
 * Starts a program with recording on. The header is written by the runner, since only it knows
 * the command as the user typed it, and the `exit` event too, since a program killed by SIGKILL
 * cannot say how it ended. The header carries the program's pid, known only after the spawn: it is
 * written to a side file and linked into place, and the program waits for that file before running
 * (hooks/recording-root.ts), so the header is always the first line. output-file.ts chooses and
 * reserves the path first and refuses to replace anything but an old recording.
 */
export async function startRecording(options: RecordOptions): Promise<RecordingSession> {
  const cwd = resolve(options.cwd ?? process.cwd());
  const env = options.env ?? process.env;
  const request = { command: options.command, cwd, env, interpreters: options.interpreters };
  const plan = planLaunch(request, options.launchers ?? LAUNCHERS);
  const reserved = reserveOutput({
    output: options.output,
    cwd,
    program: plan.program,
    inputs: [...options.command, plan.program],
  });
  const file = reserved.file;
  const ts = nowMicros();
  const wallMs = Date.now();
  let child: ChildProcess;
  try {
    child = spawn(plan.executable, plan.args, {
      cwd,
      env: recordingEnv(plan.env, file),
      stdio: options.stdio ?? 'inherit',
      detached: options.detached ?? false,
    });
  } catch (error) {
    releaseOutput(reserved);
    throw runnerErrors.cannotStart(plan.executable, error);
  }
  const pid = child.pid;
  if (pid === undefined) {
    const error = await new Promise<Error>((done) => child.once('error', done));
    releaseOutput(reserved);
    throw runnerErrors.cannotStart(plan.executable, error);
  }
  // Later errors (a failed kill) must not crash the runner; the exit event still comes.
  child.on('error', () => undefined);
  // No await between the spawn and this listener: the exit event cannot be missed.
  let placed: number | undefined;
  const finished = new Promise<RecordResult>((done) => {
    child.once('exit', (code, signal) => done(finish(file, placed, pid, code, signal)));
  });
  try {
    placed = placeHeader(reserved, toLine(header(plan, cwd, pid, ts, wallMs)));
  } catch (error) {
    child.kill('SIGKILL');
    await finished;
    releaseOutput(reserved);
    // The program was still waiting for the header: none of its code ran.
    throw error instanceof PoolscopeError ? error : runnerErrors.cannotCreate(file, error);
  }
  return { file, pid, plan, child, finished };
}

function header(plan: LaunchPlan, cwd: string, pid: number, ts: number, wallMs: number): Header {
  return {
    e: 'header',
    v: FORMAT_VERSION,
    ts,
    wallMs,
    clock: 'CLOCK_MONOTONIC',
    unit: 'us',
    runtime: plan.runtime,
    runtimeVersion: plan.runtimeVersion,
    program: plan.program,
    args: plan.programArgs,
    cwd,
    pid,
    writer: `poolscope-runner/${poolscopeVersion()}`,
  };
}

/** Appends the `exit` event and counts the events; `placed` is the recording's open descriptor. */
function finish(
  file: string,
  placed: number | undefined,
  pid: number,
  code: number | null,
  signal: NodeJS.Signals | null,
): RecordResult {
  const exit: ExitEvent = { e: 'exit', ts: nowMicros(), pid, code: signal ? null : code };
  if (signal) exit.signal = signal;
  const result: RecordResult = { file, pid, code: exit.code, signal, events: 0 };
  if (placed === undefined) return result;
  const fate = fateOf(placed, file);
  closeSync(placed);
  if (fate !== 'in place') {
    // A deleted recording is not recreated as a file without a header, and whatever was put in
    // its place (a link to a device, someone else's file) is not written to.
    result.gone = fate;
    result.problem = fate === 'deleted' ? runnerErrors.recordingDeleted(file) : runnerErrors.recordingMoved(file);
    return result;
  }
  try {
    appendRecords(file, [exit]);
  } catch (error) {
    result.problem = runnerErrors.cannotWrite(file, error);
  }
  result.events = Math.max(0, countLines(file) - 1);
  return result;
}

/** Complete lines in the file: the events and the header, without parsing them. */
function countLines(file: string): number {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return 0;
  }
  const buffer = Buffer.alloc(1 << 16);
  let lines = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) break;
      for (let i = buffer.indexOf(10, 0); i !== -1 && i < n; i = buffer.indexOf(10, i + 1)) lines++;
    }
  } finally {
    closeSync(fd);
  }
  return lines;
}
