// Runs the Python tracer's unit tests (test/unit/python/test_*.py, standard unittest) on every
// Python interpreter found: python3 on PATH, /usr/bin/python3, and those listed in
// POOLSCOPE_TEST_PYTHONS (separated by the path delimiter). Interpreters that are the same
// executable run once. Prints `N passed, N failed` per interpreter and exits non-zero on a failure.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const tests = join(root, 'test', 'unit', 'python');
const candidates = [
  'python3',
  '/usr/bin/python3',
  ...(process.env.POOLSCOPE_TEST_PYTHONS ?? '').split(delimiter).filter(Boolean),
];

const seen = new Set();
let failedAny = false;
let ran = 0;
for (const candidate of candidates) {
  if (candidate.includes('/') && !existsSync(candidate)) continue;
  const probe = spawnSync(candidate, ['-c', 'import sys; print(sys.executable); print(sys.version.split()[0])'], {
    encoding: 'utf8',
  });
  if (probe.status !== 0) continue;
  const [executable, version] = probe.stdout.trim().split('\n');
  if (seen.has(executable)) continue;
  seen.add(executable);
  ran++;
  const run = spawnSync(candidate, ['-m', 'unittest', 'discover', '-s', tests, '-t', tests, '-p', 'test_*.py'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, POOLSCOPE_TRACE: '', POOLSCOPE_TRACE_ROOT_PID: '' },
  });
  const output = `${run.stdout}${run.stderr}`;
  const total = Number(/^Ran (\d+) tests?/m.exec(output)?.[1] ?? 0);
  const failures = Number(/failures=(\d+)/.exec(output)?.[1] ?? 0) + Number(/errors=(\d+)/.exec(output)?.[1] ?? 0);
  const failed = run.status === 0 ? failures : Math.max(failures, 1);
  if (failed) {
    failedAny = true;
    process.stdout.write(output);
  }
  console.log(`${candidate} (Python ${version}): ${total - Math.min(failed, total)} passed, ${failed} failed`);
}
if (ran === 0) {
  console.log('no Python interpreter found: 0 passed, 1 failed');
  failedAny = true;
}
process.exit(failedAny ? 1 : 0);
