// mapWith({ bufferSize }), after CPython 3.14's Executor.map(..., buffersize=) and its tests in
// test_concurrent_futures/executor.py (test_map_buffersize_*).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncPoolExecutor, TimeoutError } from '../../../src/executor/index.ts';
import { gate, sleep } from './helpers/gate.ts';

/** An endless generator that counts what was read and notes when it is closed. */
function counting(): { items: Generator<number>; read: () => number; closed: () => boolean } {
  let read = 0;
  let closed = false;
  function* items(): Generator<number> {
    try {
      for (;;) yield read++;
    } finally {
      closed = true;
    }
  }
  return { items: items(), read: () => read, closed: () => closed };
}

describe('mapWith({ bufferSize })', () => {
  test('regression (D3): map over an infinite iterable reads it lazily, bufferSize items ahead', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 2 });
    const source = counting();
    const it = pool.mapWith({ bufferSize: 3 }, (x: number) => x * 10, source.items);
    assert.equal(source.read(), 3, 'the first bufferSize items are read and submitted at the call');
    const seen: number[] = [];
    for await (const value of it) {
      seen.push(value);
      // Submitted and not yet yielded: never more than bufferSize.
      assert.ok(source.read() - seen.length <= 3, `read ${source.read()} after ${seen.length} results`);
      if (seen.length === 20) break;
    }
    assert.deepEqual(
      seen,
      Array.from({ length: 20 }, (_, i) => i * 10),
    );
    assert.equal(source.closed(), true, 'stopping early closes the iterable');
    assert.ok(source.read() <= 23);
  });

  test('counts chunks: at most bufferSize × chunkSize items ahead', async () => {
    await using pool = new AsyncPoolExecutor();
    const source = counting();
    const it = pool.mapWith({ bufferSize: 2, chunkSize: 3 }, (x: number) => x, source.items);
    assert.equal(source.read(), 6);
    for (let taken = 1; taken <= 10; taken++) {
      assert.deepEqual(await it.next(), { done: false, value: taken - 1 });
      assert.ok(source.read() - taken <= 6, `read ${source.read()} after ${taken}`);
    }
    await it.return!();
  });

  test('zips several iterables lazily and ends at the shortest', async () => {
    await using pool = new AsyncPoolExecutor();
    const source = counting();
    const results: string[] = [];
    for await (const s of pool.mapWith(
      { bufferSize: 2 },
      (n: number, c: string) => c.repeat(n),
      source.items,
      'abcd',
    )) {
      results.push(s);
    }
    assert.deepEqual(results, ['', 'b', 'cc', 'ddd']);
    assert.equal(source.closed(), true, 'the longer iterable is closed, as zip does');
  });

  test('a long lazy map yields everything in order', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 8 });
    let sum = 0;
    let count = 0;
    for await (const x of pool.mapWith({ bufferSize: 16 }, (x: number) => x, rangeOf(3000))) {
      assert.equal(x, count++);
      sum += x;
    }
    assert.equal(count, 3000);
    assert.equal(sum, (2999 * 3000) / 2);
  });

  test('an iterable that throws ends the iteration where it is read; unconsumed items are cancelled', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const g = gate();
    const blocker = pool.submit(() => g.promise);
    function* failing(): Generator<number> {
      yield* [0, 1, 2, 3, 4];
      throw new Error('iterable failed');
    }
    const it = pool.mapWith({ bufferSize: 2 }, (x: number) => x, failing());
    g.open();
    await blocker;
    const seen: number[] = [];
    await assert.rejects(async () => {
      for await (const x of it) seen.push(x);
    }, /iterable failed/);
    // Item 5 is read when result 3 is asked for: 4 is submitted by then, and cancelled if it had not started.
    assert.deepEqual(seen, [0, 1, 2, 3]);
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });

  test('an iterable that throws within the first bufferSize items submits nothing', async () => {
    await using pool = new AsyncPoolExecutor();
    let ran = 0;
    function* failing(): Generator<number> {
      yield 1;
      throw new Error('iterable failed');
    }
    assert.throws(() => pool.mapWith({ bufferSize: 4 }, (_x: number) => ran++, failing()), /iterable failed/);
    await sleep(2);
    assert.equal(ran, 0);
  });

  test('a refill after shutdown fails the iteration, as in CPython 3.14', async () => {
    const pool = new AsyncPoolExecutor();
    const source = counting();
    const it = pool.mapWith({ bufferSize: 2 }, (x: number) => x, source.items);
    assert.deepEqual(await it.next(), { done: false, value: 0 });
    await pool.shutdown();
    // Result 1 was submitted before shutdown; asking for it makes room for item 2, which cannot be submitted.
    await assert.rejects(it.next(), /cannot schedule new futures after shutdown/);
    assert.equal(source.closed(), true);
  });

  test('the timeout counts from the map call', async () => {
    await using pool = new AsyncPoolExecutor();
    const g = gate();
    const it = pool.mapWith(
      { bufferSize: 1, timeout: 10 },
      async (x: number) => {
        if (x === 1) await g.promise;
        return x;
      },
      rangeOf(5),
    );
    assert.deepEqual(await it.next(), { done: false, value: 0 });
    await assert.rejects(it.next(), TimeoutError);
    g.open();
  });

  test('bufferSize must be a positive integer', () => {
    const pool = new AsyncPoolExecutor();
    for (const bad of [0, -1, 1.5, NaN]) {
      assert.throws(
        () => pool.mapWith({ bufferSize: bad }, (x: number) => x, [1]),
        (e: unknown) => e instanceof RangeError && /^bufferSize must be a positive integer/.test(e.message),
        String(bad),
      );
    }
    void pool.shutdown();
  });
});

function* rangeOf(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}
