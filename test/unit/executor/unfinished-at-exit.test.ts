import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const fixture = fileURLToPath(new URL('../../fixtures/node/deadlock-at-exit.mjs', import.meta.url));

test('regression: a deadlocked pool is named on stderr when the program ends instead of exiting in silence', async () => {
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', fixture], { timeout: 15_000 });
  assert.equal(stdout, 'submitted\n');
  assert.match(stderr, /poolscope: the program is ending with 2 future\(s\) that can never finish/);
  assert.match(stderr, /starved: <Future \d+ .*state=RUNNING>/);
  assert.match(stderr, /starved: <Future \d+ .*state=PENDING>/);
});

test('a pool that finished its work ends without a warning', async () => {
  const script = `const { AsyncPoolExecutor } = require(${JSON.stringify(fileURLToPath(new URL('../../../src/executor/async-pool.ts', import.meta.url)))});
const pool = new AsyncPoolExecutor({ maxWorkers: 1 });
pool.submit(() => 1).result().then((v) => console.log(v));`;
  const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', '-e', script], { timeout: 15_000 });
  assert.equal(stdout, '1\n');
  assert.equal(stderr, '');
});
