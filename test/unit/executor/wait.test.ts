// wait(), after CPython's test_concurrent_futures/test_wait.py.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ALL_COMPLETED,
  AsyncPoolExecutor,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  Future,
  wait,
  type ReturnWhen,
} from '../../../src/executor/index.ts';
import { gate, sleep } from './helpers/gate.ts';

function settled<T>(value: T): Future<T> {
  const f = new Future<T>('done');
  f.setResult(value);
  return f;
}
function raised(error: unknown = new Error('boom')): Future<number> {
  const f = new Future<number>('raised');
  f.setException(error);
  return f;
}
function cancelledFuture(): Future<number> {
  const f = new Future<number>('cancelled');
  f.cancel();
  return f;
}
/** A future that is still running: its waiters and callbacks count toward leaks. */
function hanging(): Future<number> {
  const f = new Future<number>('hanging');
  f.setRunningOrNotifyCancel();
  return f;
}
function waiterCount(f: object): number {
  return (f as unknown as { waiters?: Set<unknown> }).waiters?.size ?? 0;
}

describe('wait', () => {
  test('the constants are the Python strings', () => {
    assert.equal(FIRST_COMPLETED, 'FIRST_COMPLETED');
    assert.equal(FIRST_EXCEPTION, 'FIRST_EXCEPTION');
    assert.equal(ALL_COMPLETED, 'ALL_COMPLETED');
  });

  test('FIRST_COMPLETED returns when the first future finishes', async () => {
    await using pool = new AsyncPoolExecutor();
    const g = gate();
    const quick = pool.submit(async () => sleep(2));
    const slow = pool.submit(() => g.promise);
    const { done, notDone } = await wait([quick, slow], { returnWhen: FIRST_COMPLETED });
    assert.deepEqual([...done], [quick]);
    assert.deepEqual([...notDone], [slow]);
    g.open();
  });

  test('FIRST_COMPLETED returns at once when one is already done', async () => {
    const h = hanging();
    const { done, notDone } = await wait([settled(1), h], { returnWhen: FIRST_COMPLETED });
    assert.equal(done.size, 1);
    assert.deepEqual([...notDone], [h]);
    assert.equal(waiterCount(h), 0);
  });

  test('a cancel counts as completion for FIRST_COMPLETED', async () => {
    const f = new Future<number>('p');
    const h = hanging();
    const waiting = wait([f, h], { returnWhen: FIRST_COMPLETED });
    f.cancel();
    const { done } = await waiting;
    assert.deepEqual([...done], [f]);
  });

  test('FIRST_EXCEPTION returns when a future raises', async () => {
    await using pool = new AsyncPoolExecutor();
    const g = gate();
    const ok = pool.submit(() => 1);
    const bad = pool.submit(async () => {
      await sleep(2);
      throw new Error('x');
    });
    const slow = pool.submit(() => g.promise);
    const { done, notDone } = await wait([ok, bad, slow], { returnWhen: FIRST_EXCEPTION });
    assert.ok(done.has(bad));
    assert.ok(done.has(ok));
    assert.deepEqual([...notDone], [slow]);
    g.open();
  });

  test('FIRST_EXCEPTION returns at once when a future already raised', async () => {
    const h = hanging();
    const r = raised();
    const { done, notDone } = await wait([r, h], { returnWhen: FIRST_EXCEPTION });
    assert.deepEqual([...done], [r]);
    assert.deepEqual([...notDone], [h]);
    assert.equal(waiterCount(h), 0);
  });

  test('FIRST_EXCEPTION counts a thrown undefined as an exception', async () => {
    const h = hanging();
    const { notDone } = await wait([raised(undefined), h], { returnWhen: FIRST_EXCEPTION, timeout: 1000 });
    assert.deepEqual([...notDone], [h]);
  });

  test('FIRST_EXCEPTION does not count a cancel as an exception: it waits for all', async () => {
    const f = new Future<number>('p');
    const waiting = wait([cancelledFuture(), f], { returnWhen: FIRST_EXCEPTION });
    let returned = false;
    void waiting.then(() => (returned = true));
    await sleep(2);
    assert.equal(returned, false);
    f.setResult(1);
    const { done, notDone } = await waiting;
    assert.equal(done.size, 2);
    assert.equal(notDone.size, 0);
  });

  test('ALL_COMPLETED (the default) waits for every future', async () => {
    await using pool = new AsyncPoolExecutor();
    const fs = [0, 3, 1].map((ms) => pool.submit(async () => sleep(ms)));
    const { done, notDone } = await wait([...fs, raised(), cancelledFuture()]);
    assert.equal(done.size, 5);
    assert.equal(notDone.size, 0);
  });

  test('a timeout returns the partial sets instead of throwing', async () => {
    for (const returnWhen of [FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED] as ReturnWhen[]) {
      const h = hanging();
      // With a done future FIRST_COMPLETED would return at once, so it waits on the hanging one only.
      const d = returnWhen === FIRST_COMPLETED ? undefined : settled(1);
      const started = performance.now();
      const { done, notDone } = await wait(d ? [d, h] : [h], { timeout: 10, returnWhen });
      assert.ok(performance.now() - started >= 9, returnWhen);
      assert.deepEqual([...done], d ? [d] : [], returnWhen);
      assert.deepEqual([...notDone], [h], returnWhen);
      assert.equal(waiterCount(h), 0, 'the waiter is removed on timeout');
    }
  });

  test('timeout 0 only looks', async () => {
    const h = hanging();
    const { done, notDone } = await wait([h], { timeout: 0 });
    assert.equal(done.size, 0);
    assert.deepEqual([...notDone], [h]);
  });

  test('duplicates are returned once; no futures → empty sets', async () => {
    const d = settled(1);
    const { done } = await wait([d, d, d]);
    assert.equal(done.size, 1);
    const empty = await wait([]);
    assert.equal(empty.done.size + empty.notDone.size, 0);
  });

  test('waiters are removed from every future once wait returns', async () => {
    const a = new Future<number>('a');
    const b = hanging();
    const waiting = wait([a, b], { returnWhen: FIRST_COMPLETED });
    assert.equal(waiterCount(b), 1);
    a.setResult(1);
    await waiting;
    assert.equal(waiterCount(b), 0);
  });

  test('a bad returnWhen or timeout is refused', async () => {
    // @ts-expect-error -- not one of the constants
    await assert.rejects(wait([], { returnWhen: 'SOMETIMES' }), /returnWhen must be/);
    await assert.rejects(wait([], { timeout: NaN }), RangeError);
  });
});

test('regression (D2): wait({ timeout: 0 }) returns the sets at once, without a timer tick', async () => {
  const h = hanging();
  const d = settled(1);
  for (const timeout of [0, -5]) {
    for (const returnWhen of [ALL_COMPLETED, FIRST_EXCEPTION] as const) {
      let macrotaskRan = false;
      setImmediate(() => (macrotaskRan = true));
      const { done, notDone } = await wait([h, d], { timeout, returnWhen });
      assert.equal(macrotaskRan, false, `${returnWhen} timeout ${timeout}: answered before any macrotask`);
      assert.deepEqual([...done], [d]);
      assert.deepEqual([...notDone], [h]);
      assert.equal(waiterCount(h), 0);
    }
  }
});

test('regression (N4): wait([promise]) names what was passed and what it accepts', async () => {
  await assert.rejects(
    // @ts-expect-error -- a promise is not a future
    wait([settled(1), Promise.resolve(2)]),
    (e: unknown) =>
      e instanceof TypeError &&
      e.message ===
        "wait() accepts only Futures returned by an executor's submit() (or map futures), but item 1 is a Promise. " +
          'To wait for promises, use Promise.all, Promise.race or Promise.allSettled.',
  );
  // @ts-expect-error -- a number is not a future
  await assert.rejects(wait([3]), /item 0 is number 3\.$/);
  await assert.rejects(
    // @ts-expect-error -- a future is not an iterable of futures
    wait(settled(1)),
    /^TypeError: wait\(\) needs an iterable of Futures \(an array, a Set…\), got a Future$/,
  );
});
