// asCompleted(), after CPython's test_concurrent_futures/test_as_completed.py.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncPoolExecutor, Future, TimeoutError, asCompleted, type AnyFuture } from '../../../src/executor/index.ts';
import { gate, sleep } from './helpers/gate.ts';

function settled<T>(value: T, name = 'done'): Future<T> {
  const f = new Future<T>(name);
  f.setResult(value);
  return f;
}
function hanging(name = 'hanging'): Future<number> {
  const f = new Future<number>(name);
  f.setRunningOrNotifyCancel();
  return f;
}
/**
 * `for await` over asCompleted() works at run time, but TypeScript types a for-await variable as
 * the awaited element, and a Future is awaitable: `f` would be typed as the future's result. This
 * reads the iterator through next(), which TypeScript types right.
 */
async function* completed<F extends AnyFuture>(it: AsyncIterator<F>): AsyncGenerator<{ f: F }> {
  for (let step = await it.next(); !step.done; step = await it.next()) yield { f: step.value };
}
function waiterCount(f: object): number {
  return (f as { waiters?: Set<unknown> }).waiters?.size ?? 0;
}

describe('asCompleted', () => {
  test('yields futures in completion order', async () => {
    await using pool = new AsyncPoolExecutor();
    const g = { a: gate(), b: gate(), c: gate() };
    const a = pool.submit(() => g.a.promise);
    const b = pool.submit(() => g.b.promise);
    const c = pool.submit(() => g.c.promise);
    const order: Future<void>[] = [];
    const consuming = (async () => {
      for await (const { f } of completed(asCompleted([a, b, c]))) order.push(f);
    })();
    g.b.open();
    await b;
    g.c.open();
    await c;
    g.a.open();
    await consuming;
    assert.deepEqual(order, [b, c, a]);
  });

  test('yields already-done futures first, in input order', async () => {
    const p = new Future<number>('p');
    const d1 = settled(1);
    const d2 = settled(2);
    const it = asCompleted([p, d1, d2]);
    assert.deepEqual(await it.next(), { done: false, value: d1 });
    assert.deepEqual(await it.next(), { done: false, value: d2 });
    p.setResult(3);
    assert.deepEqual(await it.next(), { done: false, value: p });
    assert.deepEqual(await it.next(), { done: true, value: undefined });
  });

  test('completion order counts from the call, even before the first next()', async () => {
    const a = new Future<string>('a');
    const b = new Future<string>('b');
    const it = asCompleted([a, b]);
    b.setResult('b');
    a.setResult('a');
    const seen: Future<string>[] = [];
    for await (const f of it) seen.push(f);
    assert.deepEqual(seen, [b, a]);
  });

  test('yields a cancelled future too', async () => {
    const f = new Future<number>('f');
    const it = asCompleted([f]);
    f.cancel();
    const first = await it.next();
    assert.equal(first.value, f);
    assert.equal(f.cancelled(), true);
  });

  test('yields duplicates once', async () => {
    const d = settled(1);
    const p = new Future<number>('p');
    const seen: Future<number>[] = [];
    const consuming = (async () => {
      for await (const { f } of completed(asCompleted([d, p, d, p, p]))) seen.push(f);
    })();
    await sleep(1);
    p.setResult(2);
    await consuming;
    assert.deepEqual(seen, [d, p]);
  });

  test('no futures: nothing to yield', async () => {
    assert.deepEqual(await asCompleted([]).next(), { done: true, value: undefined });
  });

  test('throws TimeoutError saying how many are unfinished once the total timeout passes', async () => {
    const d = settled(1);
    const h1 = hanging();
    const h2 = hanging();
    const seen: Future<number>[] = [];
    const started = performance.now();
    await assert.rejects(
      async () => {
        for await (const { f } of completed(asCompleted([d, h1, h2], { timeout: 15 }))) seen.push(f);
      },
      (e: unknown) => {
        assert.ok(e instanceof TimeoutError);
        assert.match(e.message, /asCompleted\(\) of 3 future\(s\) timed out after 15 ms with 2 future\(s\) unfinished/);
        return true;
      },
    );
    assert.ok(performance.now() - started >= 14);
    assert.deepEqual(seen, [d]);
    assert.equal(waiterCount(h1) + waiterCount(h2), 0, 'waiters removed after the timeout');
  });

  test('the timeout counts from the call, not from each next()', async () => {
    const p = new Future<number>('p');
    const h = hanging();
    const it = asCompleted([p, h], { timeout: 60 });
    await sleep(40);
    p.setResult(1);
    assert.equal((await it.next()).value, p);
    const before = performance.now();
    await assert.rejects(it.next(), TimeoutError);
    // Only the rest of the 60 ms budget was left for the second future, not a fresh 60 ms.
    assert.ok(performance.now() - before < 50, `waited ${performance.now() - before} ms`);
  });

  test('futures that finish in time are all yielded', async () => {
    await using pool = new AsyncPoolExecutor();
    const fs = [3, 1, 2].map((ms) => pool.submit(async () => sleep(ms)));
    const seen = new Set<Future<void>>();
    for await (const f of asCompleted(fs, { timeout: 1000 })) seen.add(f);
    assert.equal(seen.size, 3);
  });

  test('breaking out of the loop removes every waiter', async () => {
    const d = settled(1);
    const h1 = hanging();
    const h2 = hanging();
    for await (const f of asCompleted([d, h1, h2])) {
      assert.equal(f, d);
      assert.equal(waiterCount(h1), 1);
      break;
    }
    assert.equal(waiterCount(h1) + waiterCount(h2), 0);
  });

  test('return() while a next() is waiting ends the iteration instead of hanging', async () => {
    const h = hanging();
    const it = asCompleted([h]);
    const waiting = it.next();
    await it.return!();
    assert.deepEqual(await waiting, { done: true, value: undefined });
    assert.equal(waiterCount(h), 0);
  });

  test('giving up before the first next() removes every waiter', async () => {
    const h = hanging();
    const it = asCompleted([h]);
    assert.equal(waiterCount(h), 1);
    await it.return!();
    assert.equal(waiterCount(h), 0);
  });

  test('a timeout that is not a number is refused', () => {
    assert.throws(() => asCompleted([], { timeout: NaN }), RangeError);
  });

  test('accepts futures of mixed result types and yields them typed', async () => {
    const n = settled(1);
    const s = settled('x');
    const seen: (Future<number> | Future<string>)[] = [];
    for await (const f of asCompleted([n, s])) seen.push(f);
    assert.equal(seen.length, 2);
  });
});

test('regression (D2): asCompleted with timeout 0 yields what is done, then throws TimeoutError at once', async () => {
  for (const timeout of [0, -1]) {
    const d = settled(1);
    const h = hanging();
    const it = asCompleted([h, d], { timeout });
    assert.equal((await it.next()).value, d);
    let macrotaskRan = false;
    setImmediate(() => (macrotaskRan = true));
    await assert.rejects(it.next(), (e: unknown) => e instanceof TimeoutError && /after 0 ms/.test(e.message));
    assert.equal(macrotaskRan, false, `timeout ${timeout}: no timer tick before the TimeoutError`);
    assert.equal(h.running(), true, 'the timeout does not cancel');
  }
});

test('regression (N4): asCompleted([promise]) names what was passed and what it accepts', () => {
  assert.throws(
    // @ts-expect-error -- a promise is not a future
    () => asCompleted([Promise.resolve(1)]),
    (e: unknown) =>
      e instanceof TypeError &&
      /^asCompleted\(\) accepts only Futures .* item 0 is a Promise\. To wait for promises, use Promise\.all/.test(
        e.message,
      ),
  );
  // @ts-expect-error -- undefined is not iterable
  assert.throws(() => asCompleted(undefined), /asCompleted\(\) needs an iterable of Futures .*, got undefined$/);
});
