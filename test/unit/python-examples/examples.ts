// The Python examples, how to run each one quickly, and what it must print: shared by the plain
// run test here and by any test that runs the same programs under the tracer and compares.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import { join } from 'node:path';

export const PYTHON_EXAMPLES = join(import.meta.dirname, '../../../media/examples/python');
const EXPECTED_DIR = join(import.meta.dirname, 'expected');

export interface PythonExample {
  /** File name under media/examples/python/. */
  file: string;
  /** Arguments for a quick run; the expected output below was produced with exactly these. */
  args: string[];
  exitCode: number;
  /** How many `time:` lines it prints (their text varies from run to run). */
  timeLines: number;
}

// Scale 1 is the examples' default and already short (~1-2 s). It is kept for the sleeping
// examples because their printed order rests on sleeps 0.2 s apart, and a smaller scale would
// shrink that margin on a loaded machine. The two CPU-bound examples run at half size.
export const EXAMPLES: readonly PythonExample[] = [
  { file: 'io_threads_vs_sequential.py', args: ['1'], exitCode: 0, timeLines: 1 },
  { file: 'cpu_threads_vs_processes.py', args: ['0.5'], exitCode: 0, timeLines: 1 },
  { file: 'submit_and_result.py', args: ['1'], exitCode: 0, timeLines: 0 },
  { file: 'as_completed_vs_map.py', args: ['1'], exitCode: 0, timeLines: 2 },
  { file: 'wait_first_completed.py', args: ['1'], exitCode: 0, timeLines: 0 },
  { file: 'done_callbacks.py', args: ['1'], exitCode: 0, timeLines: 0 },
  { file: 'exception_handling.py', args: ['1'], exitCode: 0, timeLines: 0 },
  { file: 'timeouts.py', args: ['1'], exitCode: 0, timeLines: 0 },
  { file: 'cancel_queued.py', args: ['1'], exitCode: 0, timeLines: 0 },
  { file: 'context_manager_vs_shutdown.py', args: ['1'], exitCode: 0, timeLines: 0 },
  { file: 'map_chunksize.py', args: ['0.5'], exitCode: 0, timeLines: 1 },
  // These two hang forever on purpose; --timeout makes them give up and exit with code 3.
  { file: 'pool_starvation_deadlock.py', args: ['1', '--timeout', '0.6'], exitCode: 3, timeLines: 0 },
  { file: 'never_set_future.py', args: ['1', '--timeout', '0.6'], exitCode: 3, timeLines: 0 },
];

/** The lines an example must print, `time:` lines left out. */
export function expectedLines(example: PythonExample): string[] {
  const text = readFileSync(join(EXPECTED_DIR, example.file.replace(/\.py$/, '.txt')), 'utf8');
  return text.split('\n').filter((line) => line !== '');
}

/** Splits stdout into the lines that must match and the `time:` lines that may vary. */
export function splitOutput(stdout: string): { lines: string[]; timeLines: string[] } {
  const all = stdout.split('\n').filter((line) => line !== '');
  return {
    lines: all.filter((line) => !line.startsWith('time:')),
    timeLines: all.filter((line) => line.startsWith('time:')),
  };
}

/** An environment without the recording variables, so the examples run untraced. */
export function plainEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', PYTHONIOENCODING: 'utf-8' };
  for (const key of Object.keys(env)) if (key.startsWith('POOLSCOPE_')) delete env[key];
  delete env.PYTHONPATH;
  return env;
}

function realExecutable(python: string): string | undefined {
  const probe = spawnSync(python, ['-c', 'import sys; print(sys.executable)'], { encoding: 'utf8', env: plainEnv() });
  if (probe.status !== 0) return undefined;
  return realpathSync(probe.stdout.trim());
}

/**
 * `python3` from PATH, plus /usr/bin/python3 when it is a different interpreter (e.g. Debian's
 * while PATH leads to a pyenv one): the examples must behave the same on both.
 */
export function interpreters(): string[] {
  const found = ['python3'];
  const onPath = realExecutable('python3');
  if (onPath === undefined) throw new Error('python3 is not on PATH: the Python examples need Python 3.8 or newer');
  if (existsSync('/usr/bin/python3')) {
    const system = realExecutable('/usr/bin/python3');
    if (system !== undefined && system !== onPath) found.push('/usr/bin/python3');
  }
  return found;
}

export interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the run was killed because it outlived `killAfterMs`. */
  killed: boolean;
}

/** Runs one example and kills it (SIGKILL, this child only) if it is still running after `killAfterMs`. */
export function runExample(python: string, file: string, args: string[], killAfterMs: number): Promise<Run> {
  return runInExamples(python, [file, ...args], plainEnv(), killAfterMs);
}

/** Runs `command` in the examples folder to its end, or kills it (SIGKILL, this child only) after `killAfterMs`. */
export function runInExamples(
  command: string,
  args: string[],
  env: NodeJS.ProcessEnv,
  killAfterMs: number,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd: PYTHON_EXAMPLES, env });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, killAfterMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, killed });
    });
  });
}
