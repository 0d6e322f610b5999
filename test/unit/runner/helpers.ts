import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

export const ROOT = resolve(__dirname, '../../..');
export const CLI = join(ROOT, 'dist/cli/poolscope.cjs');
export const REGISTER = join(ROOT, 'dist/runner/register.mjs');
export const EXAMPLES = join(ROOT, 'media/examples/node');

const BUILT = [
  CLI,
  REGISTER,
  'dist/runner/loader-hooks.mjs',
  'dist/lib/index.cjs',
  'dist/lib/index.mjs',
  'dist/lib/worker-entry.cjs',
];

/**
 * Builds dist/ when a bundle is missing (`npm test` builds first, so this is for running one test
 * folder alone). Test files run in parallel and the build starts by deleting dist/, so only one
 * builds, under a lock directory, and the others wait for it.
 */
export function ensureBuilt(): void {
  const missing = () => BUILT.some((file) => !existsSync(resolve(ROOT, file)));
  if (!missing()) return;
  const lock = join(ROOT, '.cache', 'test-build.lock');
  mkdirSync(join(ROOT, '.cache'), { recursive: true });
  const cell = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A lock older than two minutes belongs to a build that died.
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 120_000)
        rmSync(lock, { recursive: true, force: true });
      Atomics.wait(cell, 0, 0, 100);
      if (!missing()) return;
    }
  }
  try {
    if (!missing()) return;
    const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: ROOT, encoding: 'utf8' });
    if (build.status !== 0) throw new Error(`npm run build failed:\n${build.stdout}${build.stderr}`);
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** A fresh folder under the OS temp dir — no node_modules above it — removed by the returned function. */
export function tempDir(prefix = 'poolscope-test-'): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs a script with the runner's hooks but no recording: what a program does without Poolscope's recorder. */
export function runWithHooks(script: string, args: string[] = [], cwd = ROOT): SpawnSyncReturns<string> {
  const env = { ...process.env };
  delete env.POOLSCOPE_TRACE;
  delete env.POOLSCOPE_TRACE_ROOT_PID;
  return spawnSync(
    process.execPath,
    ['--import', pathToFileURL(REGISTER).href, '--enable-source-maps', script, ...args],
    { cwd, env, encoding: 'utf8', timeout: 60_000 },
  );
}
