import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { TimeoutError } from '../../../src/executor/errors.ts';
import { WorkerPoolExecutor } from '../../../src/executor/worker-pool.ts';
import { withRecorder } from '../executor/helpers/memory-recorder.ts';
import { esmFixture, piscinaOf, type Module } from './fixtures.ts';

async function collect<T>(iterator: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const value of iterator) out.push(value);
  return out;
}

describe('WorkerPoolExecutor.map', { timeout: 20_000 }, () => {
  let pool: WorkerPoolExecutor;
  let esm: Module;

  before(async () => {
    pool = new WorkerPoolExecutor({ maxWorkers: 2, name: 'map-tests' });
    esm = await esmFixture('esm-tasks.mjs');
  });
  after(() => pool.shutdown());

  for (const chunkSize of [1, 5]) {
    test(`chunkSize ${chunkSize}: results in input order, over several iterables (shortest wins)`, async () => {
      const xs = Array.from({ length: 12 }, (_, i) => i);
      const ys = Array.from({ length: 11 }, (_, i) => 100 * i);
      const results = await collect(pool.mapWith({ chunkSize }, esm.add!, xs, ys));
      assert.deepEqual(
        results,
        ys.map((y, i) => y + i),
      );
    });
  }

  test('chunkSize batches items into one worker task each; the recording keeps one future per item', async () => {
    const piscina = piscinaOf(pool)!;
    const before = piscina.completed;
    const events = await withRecorder(async (rec) => {
      assert.deepEqual(
        await collect(pool.mapWith({ chunkSize: 5 }, esm.square!, [1, 2, 3, 4, 5, 6, 7])),
        [1, 4, 9, 16, 25, 36, 49],
      );
      return rec.events;
    });
    assert.equal(piscina.completed - before, 2, '7 items in chunks of 5 are 2 worker tasks');
    const submits = events.filter((e) => e.e === 'submit');
    assert.equal(submits.length, 7);
    assert.equal(new Set(submits.map((e) => e.map)).size, 1);
    assert.deepEqual(
      submits.map((e) => e.idx),
      [0, 1, 2, 3, 4, 5, 6],
    );
    const done = events.filter((e) => e.e === 'done');
    assert.deepEqual(done.map((e) => e.fid).sort(), submits.map((e) => e.fid).sort());
  });

  test('in a chunk, an item that throws fails only its own future; iteration throws at its position', async () => {
    for (const [fn, args, error] of [
      [esm.checkPositive!, [1, -2, 3], /^RangeError: -2 is negative$/],
      [esm.identity!, [1, () => 2, 3], /^TypeError: argument 0 of identity cannot be sent/],
    ] as const) {
      const { seen, events } = await withRecorder(async (rec) => {
        const seen: unknown[] = [];
        const results = pool.mapWith({ chunkSize: 3 }, fn, args);
        await assert.rejects(
          (async () => {
            for await (const v of results) seen.push(v);
          })(),
          (err: unknown) => error.test(String(err)),
        );
        // The items after the failing one run anyway (they are in the same task): wait for them.
        while (rec.events.filter((e) => e.e === 'done').length < 3) await new Promise((r) => setTimeout(r, 5));
        return { seen, events: rec.events };
      });
      assert.deepEqual(seen, [1]);
      const idxOf = new Map(events.flatMap((e) => (e.e === 'submit' ? [[e.fid, e.idx]] : [])));
      const outcomes: string[] = [];
      for (const e of events) if (e.e === 'done') outcomes[idxOf.get(e.fid)!] = e.outcome;
      assert.deepEqual(outcomes, ['result', 'exception', 'result']);
    }
  });

  test('timeout ends the iteration with TimeoutError; the work goes on', async () => {
    const results: unknown[] = [];
    await assert.rejects(
      (async () => {
        for await (const v of pool.mapWith({ timeout: 100, chunkSize: 1 }, esm.sleep!, [10, 400], ['fast', 'slow']))
          results.push(v);
      })(),
      TimeoutError,
    );
    assert.deepEqual(results, ['fast']);
  });
});
