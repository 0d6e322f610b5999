// Checks of the public API as users write it; `npm run typecheck` compiles this file too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncPoolExecutor, asCompleted, wait, Future } from '../../../src/executor/index.ts';

test('asCompleted yields the Future objects themselves, and await on a future gives its result', async () => {
  await using pool = new AsyncPoolExecutor({ maxWorkers: 2 });
  const doubled = pool.submit((n: number) => n * 2, 1);
  const shouted = pool.submit(async (s: string) => s + '!', 'a');
  const futures = [doubled, shouted];
  const seen: unknown[] = [];
  // TypeScript may type a for-await variable over thenables as their awaited value, so the
  // iterator is driven by hand here: `next()` is typed as the Future it really yields.
  const it = asCompleted(futures);
  for (let step = await it.next(); !step.done; step = await it.next()) {
    assert.ok(step.value instanceof Future);
    seen.push(await step.value.result());
  }
  assert.deepEqual(seen.map(String).sort(), ['2', 'a!']);
  const { done } = await wait(futures);
  const n: number = await doubled;
  assert.equal(n, 2);
  assert.equal(done.size, 2);
});
