import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker, type WorkerOptions } from 'node:worker_threads';

export const FIXTURES = join(__dirname, 'fixtures');

/** tsx for worker threads and child processes running the TypeScript sources. */
const TSX_CJS = createRequire(__filename).resolve('tsx/cjs');

export function tempPath(name: string): string {
  return join(mkdtempSync(join(tmpdir(), 'poolscope-rec-')), name);
}

/** Complete lines of a recording, parsed; a last line without its newline (a torn write) is left out. */
export function completeLines(path: string): Record<string, unknown>[] {
  const text = readFileSync(path, 'utf8');
  const end = text.lastIndexOf('\n');
  if (end < 0) return [];
  return text
    .slice(0, end)
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export function fixtureWorker(name: string, options: WorkerOptions = {}): Worker {
  return new Worker(join(FIXTURES, name), { ...options, execArgv: ['--require', TSX_CJS] });
}

/** Runs a fixture in a child process to its end, optionally under a file size limit (KiB, bash's ulimit -f). */
export function runFixture(name: string, env: NodeJS.ProcessEnv, args: string[] = [], fileLimitKb?: number) {
  const command = [process.execPath, '--require', TSX_CJS, join(FIXTURES, name), ...args];
  const options = { env: { ...process.env, ...env }, encoding: 'utf8' as const, timeout: 30_000 };
  if (fileLimitKb === undefined) return spawnSync(command[0]!, command.slice(1), options);
  return spawnSync('bash', ['-c', `ulimit -f ${fileLimitKb} && exec "$@"`, 'bash', ...command], options);
}

export function startFixture(name: string, env: NodeJS.ProcessEnv, args: string[] = []): ChildProcess {
  return spawn(process.execPath, ['--require', TSX_CJS, join(FIXTURES, name), ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

export async function waitFor(check: () => boolean, timeoutMs = 10_000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** Environment without a recording inherited from whoever runs the tests. */
export function cleanEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...extra };
  env.POOLSCOPE_TRACE ??= '';
  env.POOLSCOPE_TRACE_ROOT_PID ??= '';
  return env;
}
