// Future semantics, after CPython's Lib/test/test_concurrent_futures/test_future.py.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError, Future, InvalidStateError, TimeoutError } from '../../../src/executor/index.ts';
import { captureStderr, sleep } from './helpers/gate.ts';

function pending(): Future<number> {
  return new Future<number>('f');
}
function running(): Future<number> {
  const f = pending();
  f.setRunningOrNotifyCancel();
  return f;
}
function finished(value = 42): Future<number> {
  const f = running();
  f.setResult(value);
  return f;
}
function failed(error: unknown = new Error('boom')): Future<number> {
  const f = running();
  f.setException(error);
  return f;
}
function cancelled(): Future<number> {
  const f = pending();
  f.cancel();
  return f;
}

describe('Future state', () => {
  test('reports done/running/cancelled for each state', () => {
    const table: [Future<number>, boolean, boolean, boolean][] = [
      [pending(), false, false, false],
      [running(), false, true, false],
      [finished(), true, false, false],
      [failed(), true, false, false],
      [cancelled(), true, false, true],
    ];
    for (const [f, done, isRunning, isCancelled] of table) {
      assert.equal(f.done(), done, f.toString());
      assert.equal(f.running(), isRunning, f.toString());
      assert.equal(f.cancelled(), isCancelled, f.toString());
    }
  });

  test('cancel succeeds only on pending futures, and again on cancelled ones', () => {
    const f = pending();
    assert.equal(f.cancel(), true);
    assert.equal(f.cancel(), true);
    assert.equal(f.getState(), 'CANCELLED');
    assert.equal(running().cancel(), false);
    assert.equal(finished().cancel(), false);
    assert.equal(failed().cancel(), false);
  });

  test('a cancelled future refuses to start', () => {
    assert.equal(cancelled().setRunningOrNotifyCancel(), false);
    assert.throws(() => running().setRunningOrNotifyCancel(), InvalidStateError);
  });

  test('setting an outcome twice raises InvalidStateError', () => {
    assert.throws(() => finished().setResult(1), InvalidStateError);
    assert.throws(() => finished().setException(new Error('x')), InvalidStateError);
    assert.throws(() => failed().setResult(1), InvalidStateError);
    assert.throws(() => cancelled().setResult(1), InvalidStateError);
  });
});

describe('Future outcome', () => {
  test('result() gives the value; await works the same', async () => {
    assert.equal(await finished(7).result(), 7);
    assert.equal(await finished(8), 8);
  });

  test('result() throws the task error and exception() returns it', async () => {
    const error = new RangeError('bad');
    const f = failed(error);
    await assert.rejects(f.result(), (e) => e === error);
    assert.equal(await f.exception(), error);
    assert.equal(await finished().exception(), undefined);
  });

  test('non-Error thrown values are kept as they are', async () => {
    const f = failed('plain string');
    await assert.rejects(f.result(), (e) => e === 'plain string');
    assert.equal(await f.exception(), 'plain string');
  });

  test('result() and exception() of a cancelled future throw CancelledError', async () => {
    await assert.rejects(cancelled().result(), CancelledError);
    await assert.rejects(cancelled().exception(), CancelledError);
  });

  test('result() with a timeout throws TimeoutError and leaves the future to finish', async () => {
    const f = running();
    await assert.rejects(f.result({ timeout: 5 }), TimeoutError);
    await assert.rejects(f.exception({ timeout: 5 }), TimeoutError);
    assert.equal(f.running(), true);
    setTimeout(() => f.setResult(3), 2);
    assert.equal(await f.result({ timeout: 1000 }), 3);
  });

  test('a pending waiter hears of a cancel', async () => {
    const f = pending();
    const waiting = f.result();
    f.cancel();
    await assert.rejects(waiting, CancelledError);
  });

  test('timeout 0 on a done future still returns the outcome', async () => {
    assert.equal(await finished(5).result({ timeout: 0 }), 5);
  });

  test('a timeout that is not a number is refused, whatever the state of the future', async () => {
    for (const f of [running(), finished()]) {
      await assert.rejects(f.result({ timeout: NaN }), RangeError);
      // @ts-expect-error -- not a number
      await assert.rejects(f.exception({ timeout: '5' }), /timeout must be a number of milliseconds/);
    }
  });
});

describe('Future callbacks', () => {
  test('run exactly once, in the order added, with the future', async () => {
    const f = running();
    const calls: string[] = [];
    f.addDoneCallback((g) => calls.push(`a:${g === f}`));
    f.addDoneCallback(() => calls.push('b'));
    assert.deepEqual(calls, []);
    f.setResult(1);
    assert.deepEqual(calls, ['a:true', 'b']);
    await sleep(1);
    assert.deepEqual(calls, ['a:true', 'b']);
  });

  test('run at once when added to a done future', () => {
    for (const f of [finished(), failed(), cancelled()]) {
      let called = 0;
      f.addDoneCallback(() => called++);
      assert.equal(called, 1);
    }
  });

  test('run on cancel', () => {
    const f = pending();
    let seen: boolean | undefined;
    f.addDoneCallback((g) => (seen = g.cancelled()));
    f.cancel();
    assert.equal(seen, true);
    f.cancel();
    assert.equal(seen, true);
  });

  test('a throwing callback is reported on stderr and the others still run', async () => {
    const f = running();
    const calls: number[] = [];
    f.addDoneCallback(() => calls.push(1));
    f.addDoneCallback(function raiser() {
      throw new Error('callback failed');
    });
    f.addDoneCallback(() => calls.push(3));
    const text = await captureStderr(() => f.setResult(1));
    assert.deepEqual(calls, [1, 3]);
    assert.match(text, /exception calling callback for <Future \d+ f state=FINISHED>/);
    assert.match(text, /callback failed/);
  });

  // Regression: reportCallbackError was typed for Future<unknown> only, so a Future<number>
  // failed the type check (runtime was fine); the call below exercises that path with a typed future.
  test('reportCallbackError accepts a typed Future<number>', async () => {
    const f: Future<number> = running();
    f.addDoneCallback(() => {
      throw 'not an Error';
    });
    const text = await captureStderr(() => f.setResult(2));
    assert.match(text, /not an Error/);
  });
});

test('regression: a timeout past 2^31-1 ms (or Infinity) waits instead of firing after 1 ms', async () => {
  const { AsyncPoolExecutor, asCompleted, wait } = await import('../../../src/executor/index.ts');
  const pool = new AsyncPoolExecutor({ maxWorkers: 1 });
  const slow = () => new Promise<number>((resolve) => setTimeout(() => resolve(7), 30));
  for (const timeout of [2 ** 31, Infinity]) {
    assert.equal(await pool.submit(slow).result({ timeout }), 7);
    const it = asCompleted([pool.submit(slow)], { timeout });
    assert.equal(await (await it.next()).value!.result(), 7);
    const { notDone } = await wait([pool.submit(slow)], { timeout });
    assert.equal(notDone.size, 0);
  }
  await pool.shutdown();
});

test('regression: an async done callback that rejects is reported, not an unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown) => unhandled.push(reason);
  process.on('unhandledRejection', onUnhandled);
  try {
    const stderr = await captureStderr(async () => {
      const f = new Future<number>('f');
      f.addDoneCallback(async () => {
        throw new Error('async callback failed');
      });
      f.setResult(1);
      await sleep(20);
    });
    assert.match(stderr, /async callback failed/);
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});

/** Resolves with whether a macrotask queued now ran before `promise` settled. */
async function settlesBeforeMacrotask(promise: Promise<unknown>): Promise<boolean> {
  let macrotaskRan = false;
  setImmediate(() => (macrotaskRan = true));
  await promise.then(
    () => undefined,
    () => undefined,
  );
  return !macrotaskRan;
}

function waiterCount(f: object): number {
  return (f as { waiters?: Set<unknown> }).waiters?.size ?? 0;
}

test('regression (D2): result({ timeout: 0 }) on a pending future throws TimeoutError at once, without a timer tick', async () => {
  const f = running();
  for (const timeout of [0, -1, -Infinity]) {
    const polled = f.result({ timeout });
    assert.equal(await settlesBeforeMacrotask(polled), true, `timeout ${timeout}`);
    await assert.rejects(polled, (e: unknown) => e instanceof TimeoutError && /after 0 ms/.test(e.message));
    await assert.rejects(f.exception({ timeout }), TimeoutError);
  }
  assert.equal(f.running(), true, 'a poll does not cancel');
  f.setResult(9);
  assert.equal(await f.result({ timeout: 0 }), 9);
  assert.equal(await f.result({ timeout: -1 }), 9, 'a negative timeout polls, as in CPython');
});

test('regression (N1): a result({ timeout }) that times out leaves nothing behind on the future', async () => {
  const f = running();
  const calls = Array.from({ length: 200 }, () => f.result({ timeout: 1 }));
  const outcomes = await Promise.allSettled(calls);
  assert.ok(outcomes.every((o) => o.status === 'rejected' && o.reason instanceof TimeoutError));
  await assert.rejects(f.exception({ timeout: 1 }), TimeoutError);
  assert.equal(waiterCount(f), 0, 'every timed-out call removed its waiter');
  assert.equal((f as unknown as { outcome?: unknown }).outcome, undefined, 'no reaction is left on the outcome');
  // A call still waiting is unaffected, and one that is answered removes its own waiter too.
  const waiting = f.result({ timeout: 10_000 });
  f.setResult(4);
  assert.equal(await waiting, 4);
  assert.equal(waiterCount(f), 0);
});

test('regression (D1): setResult() refuses a thenable, whose outcome result() would adopt', async () => {
  for (const thenable of [Promise.resolve(1), finished(2), { then: (resolve: (v: number) => void) => resolve(3) }]) {
    const f = running() as Future<unknown>;
    assert.throws(
      () => f.setResult(thenable),
      (e: unknown) => e instanceof TypeError && /A Future's result is never a thenable/.test(e.message),
    );
    assert.equal(f.running(), true, 'the future is left as it was');
    f.setResult({ inner: thenable });
    assert.equal(((await f.result()) as { inner: unknown }).inner, thenable, 'a wrapped thenable is kept as it is');
  }
});
