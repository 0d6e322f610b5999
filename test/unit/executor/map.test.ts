// Executor.map, after CPython's test_concurrent_futures/executor.py (test_map, test_map_timeout, ...).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncPoolExecutor, CancelledError, TimeoutError } from '../../../src/executor/index.ts';
import { zipArgs } from '../../../src/executor/map.ts';
import { gate, sleep, tick } from './helpers/gate.ts';

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

describe('map', () => {
  test('yields results in input order, whatever order they finish in', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 4 });
    const delays = [6, 1, 4, 0, 2];
    const results = await collect(
      pool.map(async (ms: number) => {
        await sleep(ms);
        return ms * 10;
      }, delays),
    );
    assert.deepEqual(results, [60, 10, 40, 0, 20]);
  });

  test('zips several iterables, stopping at the shortest', async () => {
    await using pool = new AsyncPoolExecutor();
    function* letters(): Generator<string> {
      yield* 'abcdef';
    }
    const results = await collect(pool.map((n: number, s: string) => s.repeat(n), [1, 2, 3], letters()));
    assert.deepEqual(results, ['a', 'bb', 'ccc']);
  });

  test('zipping closes the longer iterators, as zip does', () => {
    let closed = false;
    function* endless(): Generator<number> {
      try {
        for (let i = 0; ; i++) yield i;
      } finally {
        closed = true;
      }
    }
    assert.deepEqual(zipArgs([[1, 2], endless()]), [
      [1, 0],
      [2, 1],
    ]);
    assert.equal(closed, true);
  });

  test('with no items (or no iterables) yields nothing', async () => {
    await using pool = new AsyncPoolExecutor();
    assert.deepEqual(await collect(pool.map((x: number) => x, [])), []);
    assert.deepEqual(await collect(pool.map(() => 1)), []);
  });

  test('submits every item at the call, before iteration', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 10 });
    const ran: number[] = [];
    const it = pool.map((x: number) => ran.push(x), [1, 2, 3]);
    // The tasks start from macrotasks queued by map(); this one is queued after them.
    await tick();
    assert.deepEqual(ran, [1, 2, 3]);
    assert.deepEqual(await collect(it), [1, 2, 3]);
  });

  test('an iterable that throws submits nothing', async () => {
    await using pool = new AsyncPoolExecutor();
    let ran = 0;
    function* broken(): Generator<number> {
      yield 1;
      throw new Error('iterable failed');
    }
    assert.throws(() => pool.map((_x: number) => ran++, broken()), /iterable failed/);
    await sleep(2);
    assert.equal(ran, 0);
  });

  test('an exception is thrown at its position; earlier results come first, later items are cancelled', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const ran: number[] = [];
    const seen: number[] = [];
    const it = pool.map(
      async (x: number) => {
        ran.push(x);
        await sleep(1);
        if (x === 2) throw new Error(`item ${x} failed`);
        return x;
      },
      [0, 1, 2, 3, 4, 5],
    );
    await assert.rejects(async () => {
      for await (const x of it) seen.push(x);
    }, /item 2 failed/);
    assert.deepEqual(seen, [0, 1]);
    await sleep(5);
    // Item 3 may have started before the error reached the consumer; nothing after it can have.
    assert.ok(ran.length <= 4, `ran ${ran.join(',')}`);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });

  test('breaking out of the loop cancels the items not yet started', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const ran: number[] = [];
    for await (const x of pool.map(
      async (x: number) => {
        ran.push(x);
        await sleep(1);
        return x;
      },
      [0, 1, 2, 3, 4, 5, 6, 7],
    )) {
      if (x === 1) break;
    }
    await pool.shutdown();
    assert.ok(ran.length <= 3, `ran ${ran.join(',')}`);
    assert.deepEqual(ran, [0, 1, 2].slice(0, ran.length));
  });

  test('giving up before the first next() still cancels everything pending', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const g = gate();
    const blocker = pool.submit(() => g.promise);
    const ran: number[] = [];
    const it = pool.map((x: number) => ran.push(x), [1, 2, 3]);
    await it.return!();
    g.open();
    await blocker;
    await pool.shutdown();
    assert.deepEqual(ran, []);
  });

  test('await using on the iterator cancels what was not consumed', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const ran: number[] = [];
    {
      await using it = pool.map(
        async (x: number) => {
          ran.push(x);
          await sleep(1);
          return x;
        },
        [1, 2, 3, 4],
      );
      assert.deepEqual(await it.next(), { done: false, value: 1 });
    }
    await pool.shutdown();
    assert.ok(ran.length <= 2, `ran ${ran.join(',')}`);
  });

  test('the timeout counts from the map call and throws TimeoutError; the rest is cancelled', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const g = gate();
    const ran: string[] = [];
    const it = pool.mapWith(
      { timeout: 20 },
      async (x: string) => {
        ran.push(x);
        if (x === 'slow') await g.promise;
        return x;
      },
      ['fast', 'slow', 'never'],
    );
    await sleep(25);
    // 'fast' finished in time: it is yielded even though the deadline has passed.
    assert.deepEqual(await it.next(), { done: false, value: 'fast' });
    await assert.rejects(it.next(), (e: unknown) => {
      assert.ok(e instanceof TimeoutError);
      assert.match(e.message, /timed out after 20 ms with 2 future\(s\) unfinished/);
      return true;
    });
    g.open();
    await pool.shutdown();
    assert.deepEqual(ran, ['fast', 'slow']);
  });

  test('a timeout long enough lets every item through', async () => {
    await using pool = new AsyncPoolExecutor();
    const it = pool.mapWith({ timeout: 1000 }, async (x: number) => x + 1, [1, 2]);
    assert.deepEqual(await collect(it), [2, 3]);
  });

  test('an item cancelled by someone else throws CancelledError at its position', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const g = gate();
    pool.submit(() => g.promise);
    // Nothing to reach the futures of map from outside, so cancel them all through shutdown.
    const it = pool.map((x: number) => x, [1]);
    void pool.shutdown({ wait: false, cancelFutures: true });
    g.open();
    await assert.rejects(it.next(), CancelledError);
  });

  test('chunkSize is accepted and ignored on the event loop, but validated', async () => {
    await using pool = new AsyncPoolExecutor();
    assert.deepEqual(await collect(pool.mapWith({ chunkSize: 3 }, (x: number) => x * 2, [1, 2, 3, 4])), [2, 4, 6, 8]);
    assert.throws(() => pool.mapWith({ chunkSize: 0 }, (x: number) => x, [1]), RangeError);
    assert.throws(() => pool.mapWith({ timeout: NaN }, (x: number) => x, [1]), RangeError);
  });

  test('types follow the function: wrong iterables do not compile', async () => {
    await using pool = new AsyncPoolExecutor();
    const typed: AsyncIterable<string> = pool.map((n: number, s: string) => s.repeat(n), [1], ['x']);
    // @ts-expect-error -- the second iterable must hold strings
    const wrong = pool.map((n: number, s: string) => s.repeat(n), [1], [2]);
    assert.deepEqual(await collect(typed), ['x']);
    await wrong.return!();
  });
});

test('regression (D2): mapWith({ timeout: 0 }) throws TimeoutError at once for an item not done, and cancels the rest', async () => {
  await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
  const ran: number[] = [];
  const it = pool.mapWith({ timeout: 0 }, (x: number) => ran.push(x), [1, 2, 3]);
  let macrotaskRan = false;
  setImmediate(() => (macrotaskRan = true));
  await assert.rejects(
    it.next(),
    (e: unknown) => e instanceof TimeoutError && /after 0 ms with 3 future/.test(e.message),
  );
  assert.equal(macrotaskRan, false, 'no timer tick before the TimeoutError');
  await pool.shutdown();
  assert.deepEqual(ran, [], 'the items had not started, and were cancelled');
});
