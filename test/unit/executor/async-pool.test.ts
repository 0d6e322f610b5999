// AsyncPoolExecutor, after CPython's test_thread_pool.py, executor.py and test_shutdown.py.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { availableParallelism } from 'node:os';
import { AsyncPoolExecutor, CancelledError, TimeoutError } from '../../../src/executor/index.ts';
import { gate, sleep, tick } from './helpers/gate.ts';

describe('AsyncPoolExecutor.submit', () => {
  test('runs sync and async functions with their arguments', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 2 });
    const sum = pool.submit((a: number, b: number) => a + b, 2, 3);
    const later = pool.submit(async (s: string) => {
      await sleep(1);
      return s.toUpperCase();
    }, 'x');
    assert.equal(await sum, 5);
    assert.equal(await later.result(), 'X');
  });

  test('never runs the function inside submit()', async () => {
    await using pool = new AsyncPoolExecutor();
    let ran = false;
    const f = pool.submit(() => (ran = true));
    assert.equal(ran, false);
    assert.equal(f.running(), false);
    await Promise.resolve();
    assert.equal(ran, false, 'not even in the microtasks right after submit');
    await f;
    assert.equal(ran, true);
  });

  test('a sync function that throws becomes the future’s exception', async () => {
    await using pool = new AsyncPoolExecutor();
    const error = new Error('sync boom');
    const f = pool.submit(() => {
      throw error;
    });
    assert.equal(await f.exception(), error);
    await assert.rejects(f.result(), (e) => e === error);
  });

  test('an async function that rejects becomes the future’s exception', async () => {
    await using pool = new AsyncPoolExecutor();
    const f = pool.submit(async () => {
      await sleep(1);
      throw new TypeError('async boom');
    });
    await assert.rejects(f.result(), { name: 'TypeError', message: 'async boom' });
  });

  test('non-Error thrown values and rejections are kept as they are', async () => {
    await using pool = new AsyncPoolExecutor();
    const thrown = pool.submit(() => {
      throw 42;
    });
    const rejected = pool.submit(() => Promise.reject(undefined));
    await assert.rejects(thrown.result(), (e) => e === 42);
    await assert.rejects(rejected.result(), (e) => e === undefined);
    assert.equal(rejected.cancelled(), false);
  });

  test('a thenable with a throwing `then` getter fails the future', async () => {
    await using pool = new AsyncPoolExecutor();
    const hostile = {
      get then(): never {
        throw new Error('getter');
      },
    };
    const f = pool.submit(() => hostile);
    await assert.rejects(f.result(), { message: 'getter' });
  });

  test('submit with a non-function throws TypeError', async () => {
    await using pool = new AsyncPoolExecutor();
    // @ts-expect-error -- the point is a wrong call at runtime
    assert.throws(() => pool.submit(42), TypeError);
    // @ts-expect-error -- idem
    assert.throws(() => pool.submit(undefined), /submit\(\) needs a function, got undefined/);
  });

  test('the future’s name is the function’s', async () => {
    await using pool = new AsyncPoolExecutor();
    function fetchPage(): number {
      return 1;
    }
    const f = pool.submit(fetchPage);
    assert.equal(f.fnName, 'fetchPage');
    await f;
  });

  test('result() timeout does not cancel: the work completes afterwards', async () => {
    await using pool = new AsyncPoolExecutor();
    const g = gate();
    const f = pool.submit(async () => {
      await g.promise;
      return 'late';
    });
    await assert.rejects(f.result({ timeout: 5 }), TimeoutError);
    g.open();
    assert.equal(await f.result(), 'late');
  });
});

describe('AsyncPoolExecutor scheduling', () => {
  test('never runs more than maxWorkers at once and starts in FIFO order', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 3 });
    let now = 0;
    let peak = 0;
    const started: number[] = [];
    const futures = Array.from({ length: 12 }, (_, i) =>
      pool.submit(async () => {
        started.push(i);
        peak = Math.max(peak, ++now);
        await sleep(1 + (i % 3));
        now--;
        return i;
      }),
    );
    const results = await Promise.all(futures.map((f) => f.result()));
    assert.deepEqual(results, [...Array(12).keys()]);
    assert.deepEqual(started, [...Array(12).keys()]);
    assert.equal(peak, 3);
  });

  test('maxWorkers defaults to min(32, cpus + 4) and must be a positive integer', () => {
    assert.equal(new AsyncPoolExecutor().maxWorkers, Math.min(32, availableParallelism() + 4));
    for (const bad of [0, -1, 1.5, NaN]) {
      assert.throws(() => new AsyncPoolExecutor({ maxWorkers: bad }), RangeError, String(bad));
    }
  });

  test('names default to AsyncPoolExecutor-<id>', () => {
    const pool = new AsyncPoolExecutor();
    assert.equal(pool.name, `AsyncPoolExecutor-${pool.id}`);
    assert.equal(new AsyncPoolExecutor({ name: 'io' }).name, 'io');
  });

  test('a queued future cancelled before it starts never runs and frees nothing it did not take', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const g = gate();
    const blocker = pool.submit(() => g.promise);
    const ran: string[] = [];
    const victim = pool.submit(() => ran.push('victim'));
    const after = pool.submit(() => ran.push('after'));
    await tick();
    assert.equal(blocker.running(), true);
    assert.equal(victim.cancel(), true);
    assert.equal(blocker.cancel(), false);
    g.open();
    await after;
    assert.deepEqual(ran, ['after']);
    await assert.rejects(victim.result(), CancelledError);
  });

  test('a future cancelled between scheduling and start gives its slot back', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const first = pool.submit(() => 'never');
    // Still pending: its start is scheduled for the next macrotask.
    assert.equal(first.cancel(), true);
    const second = pool.submit(() => 'ran');
    assert.equal(await second, 'ran');
  });

  test('callbacks may submit more work to the same pool', async () => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const chained = new Promise<number>((resolve) => {
      pool
        .submit(() => 1)
        .addDoneCallback(() => {
          void pool.submit(() => 2).then(resolve);
        });
    });
    assert.equal(await chained, 2);
  });
});

describe('AsyncPoolExecutor.shutdown', () => {
  test('submit after shutdown throws', async () => {
    const pool = new AsyncPoolExecutor({ name: 'closed-pool' });
    await pool.shutdown();
    assert.throws(() => pool.submit(() => 1), /cannot schedule new futures after shutdown of executor 'closed-pool'/);
    assert.throws(() => pool.map((x: number) => x, [1]), /after shutdown/);
  });

  test('wait=true resolves only after running and queued work finished', async () => {
    const pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const done: number[] = [];
    for (let i = 0; i < 3; i++) {
      pool.submit(async () => {
        await sleep(2);
        done.push(i);
      });
    }
    await pool.shutdown();
    assert.deepEqual(done, [0, 1, 2]);
  });

  test('cancelFutures cancels pending futures and lets the running one finish', async () => {
    const pool = new AsyncPoolExecutor({ maxWorkers: 1 });
    const g = gate();
    const runningOne = pool.submit(async () => {
      await g.promise;
      return 'finished';
    });
    const queued = [pool.submit(() => 1), pool.submit(() => 2)];
    await tick();
    assert.equal(runningOne.running(), true);
    const shutdown = pool.shutdown({ cancelFutures: true });
    assert.deepEqual(
      queued.map((f) => f.cancelled()),
      [true, true],
    );
    g.open();
    await shutdown;
    assert.equal(await runningOne, 'finished');
  });

  test('wait=false returns before the work finishes, and the work still finishes', async () => {
    const pool = new AsyncPoolExecutor();
    const g = gate();
    const f = pool.submit(async () => {
      await g.promise;
      return 'done';
    });
    await pool.shutdown({ wait: false });
    assert.equal(f.done(), false);
    g.open();
    assert.equal(await f, 'done');
  });

  test('is idempotent, and a later call can still wait', async () => {
    const pool = new AsyncPoolExecutor();
    const g = gate();
    const f = pool.submit(() => g.promise);
    await pool.shutdown({ wait: false });
    await pool.shutdown({ wait: false });
    const waiting = pool.shutdown();
    let settled = false;
    void waiting.then(() => (settled = true));
    await sleep(2);
    assert.equal(settled, false);
    g.open();
    await waiting;
    assert.equal(f.done(), true);
    await pool.shutdown();
  });

  test('await using shuts the pool down and waits', async () => {
    let finished = false;
    let escaped: AsyncPoolExecutor | undefined;
    {
      await using pool = new AsyncPoolExecutor();
      escaped = pool;
      pool.submit(async () => {
        await sleep(2);
        finished = true;
      });
    }
    assert.equal(finished, true);
    assert.throws(() => escaped!.submit(() => 1), /after shutdown/);
  });
});

test('regression (D1): a task that returns its own future fails with InvalidStateError instead of staying RUNNING', async () => {
  const { InvalidStateError } = await import('../../../src/executor/index.ts');
  await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
  // eslint-disable-next-line prefer-const -- the task reads it after submit() returned
  let self: unknown;
  const f = pool.submit(() => self);
  self = f;
  const err = await f.exception({ timeout: 1_000 });
  assert.ok(err instanceof InvalidStateError, String(err));
  assert.match(err.message, /returned its own future: the future would wait for itself for ever/);
  assert.equal(await pool.submit(() => 'next').result({ timeout: 1_000 }), 'next', 'the slot was given back');
});

test('regression (D1): a task that returns another future resolves to that future’s result (promises adopt)', async () => {
  await using pool = new AsyncPoolExecutor({ maxWorkers: 2 });
  const inner = pool.submit(async () => {
    await sleep(5);
    return 'inner';
  });
  const outer = pool.submit(() => inner);
  assert.equal(await outer.result({ timeout: 1_000 }), 'inner');
  assert.equal(inner.done(), true, 'outer finished only after inner did');
});
