import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { fixturePath } from './fixtures.ts';

const run = promisify(execFile);

/** Runs a fixture as a user runs a script (with tsx, as the sources are TypeScript) and parses its JSON output. */
async function runScript(name: string): Promise<Record<string, unknown>> {
  const { stdout } = await run(process.execPath, ['--import', 'tsx', fixturePath(name)], { timeout: 15_000 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Record<string, unknown>;
}

describe("the user's main script as a task module", { timeout: 30_000, concurrency: true }, () => {
  test('an ES module guarded by isMainProgram() submits its own export; workers do not rerun it', async () => {
    assert.deepEqual(await runScript('main-guarded.mjs'), { results: [499500, 45], mainRuns: 1 });
  });

  test('a CommonJS script guarded by require.main === module', async () => {
    assert.deepEqual(await runScript('main-guarded.cjs'), { result: 42 });
  });

  test('without the guard, the pool the worker would start is refused with the idiom to use', async () => {
    const { name, message } = await runScript('main-unguarded.mjs');
    assert.equal(name, 'Error');
    assert.match(
      String(message),
      new RegExp(
        `^WorkerPoolExecutor was created while a pool worker thread was importing ${fixturePath('main-unguarded.mjs').replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} to find a task's function\\.`,
      ),
    );
    assert.match(String(message), /if \(isMainProgram\(\)\) await main\(\);/);
    assert.match(String(message), /if \(require\.main === module\) main\(\);/);
  });
});

test('regression: process-wide node flags (--max-old-space-size, --expose-gc) do not break the worker pool', async () => {
  const { stdout } = await run(
    process.execPath,
    ['--max-old-space-size=512', '--expose-gc', '--import', 'tsx', fixturePath('pool-with-node-flags.mjs')],
    { timeout: 15_000 },
  );
  assert.deepEqual(JSON.parse(stdout.trim().split('\n').pop()!), { result: 42, gc: 'function' });
});
