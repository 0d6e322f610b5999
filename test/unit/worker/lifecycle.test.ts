import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { CancelledError } from '../../../src/executor/errors.ts';
import { WorkerPoolExecutor } from '../../../src/executor/worker-pool.ts';
import { AbortError } from '../../../src/executor/worker-errors.ts';
import { withRecorder } from '../executor/helpers/memory-recorder.ts';
import { esmFixture, piscinaOf, until, type Module } from './fixtures.ts';

let esm: Module;
before(async () => {
  esm = await esmFixture('esm-tasks.mjs');
});

describe('cancel', { timeout: 20_000 }, () => {
  test('a queued future cancels; one handed to a worker is RUNNING and does not', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 1 });
    const running = pool.submit(esm.sleep!, 150, 'ran');
    const queued = pool.submit(esm.square!, 3);
    assert.equal(running.getState(), 'PENDING', 'submit returns before anything is dispatched');
    await until(() => running.running());
    assert.equal(queued.getState(), 'PENDING', 'at most maxWorkers tasks are handed to workers');
    assert.equal(running.cancel(), false);
    assert.equal(queued.cancel(), true);
    assert.equal(queued.cancelled(), true);
    await assert.rejects(queued.result(), CancelledError);
    assert.equal(await running, 'ran');
    await pool.shutdown();
    assert.equal(piscinaOf(pool)!.completed, 1, 'the cancelled call never reached a worker');
  });
});

describe('shutdown', { timeout: 20_000 }, () => {
  test('wait: resolves after running and queued work is done, then refuses work', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 1 });
    const a = pool.submit(esm.sleep!, 50, 'a');
    const b = pool.submit(esm.square!, 4);
    await pool.shutdown();
    assert.equal(a.getState(), 'FINISHED');
    assert.equal(await a, 'a');
    assert.equal(await b, 16);
    assert.equal(piscinaOf(pool)!.threads.length, 0, 'the worker threads are gone');
    assert.throws(() => pool.submit(esm.square!, 1), /^Error: cannot schedule new futures after shutdown/);
  });

  test('cancelFutures: queued work is cancelled, running work finishes', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 1 });
    const running = pool.submit(esm.sleep!, 80, 'done');
    const queued = [pool.submit(esm.square!, 1), pool.submit(esm.square!, 2)];
    await until(() => running.running());
    await pool.shutdown({ cancelFutures: true });
    assert.equal(await running, 'done');
    assert.ok(queued.every((f) => f.cancelled()));
  });

  test('wait false: returns at once; running and queued work still finish, then workers go', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 1 });
    const running = pool.submit(esm.sleep!, 80, 'late');
    const queued = pool.submit(esm.square!, 5);
    await pool.shutdown({ wait: false });
    assert.equal(running.done(), false);
    assert.equal(await running, 'late');
    assert.equal(await queued, 25);
    await until(() => piscinaOf(pool)!.threads.length === 0);
  });

  test('await using shuts the pool down at the end of the scope', async () => {
    let future;
    {
      await using pool = new WorkerPoolExecutor({ maxWorkers: 1 });
      future = pool.submit(esm.sleep!, 30, 'scoped');
    }
    assert.equal(future.getState(), 'FINISHED');
    assert.equal(await future, 'scoped');
  });
});

describe('AbortSignal', { timeout: 20_000 }, () => {
  test('aborting a running task ends its worker: AbortError on the future, the pool is not broken', async () => {
    await withRecorder(async (rec) => {
      const pool = new WorkerPoolExecutor({ maxWorkers: 1 });
      const controller = new AbortController();
      const started = new Int32Array(new SharedArrayBuffer(4));
      const stuck = pool.submitWith(
        { signal: controller.signal },
        esm.startThenSleep!,
        started.buffer,
        10_000,
        'never',
      );
      const next = pool.submit(esm.whereAmI!);
      await until(() => Atomics.load(started, 0) !== 0);
      controller.abort(new Error('enough'));
      const err = (await stuck.exception()) as AbortError;
      assert.ok(err instanceof AbortError);
      assert.equal(err.name, 'AbortError');
      assert.equal(err.message, 'startThenSleep was aborted by its AbortSignal');
      assert.equal((err.cause as Error).message, 'enough');
      assert.equal(stuck.cancelled(), false);
      assert.notEqual(
        await next,
        Atomics.load(started, 0),
        'the aborted thread is gone; a fresh one runs the next task',
      );
      await pool.shutdown();
      assert.equal(rec.events.filter((e) => e.e === 'broken' || e.e === 'worker-crash').length, 0);
      assert.equal(rec.events.filter((e) => e.e === 'worker-spawn').length, 2);
      assert.equal(rec.events.filter((e) => e.e === 'worker-exit').length, 2);
    });
  });

  test('aborting a queued task fails it at once; it never reaches a worker', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 1 });
    const controller = new AbortController();
    const blocker = pool.submit(esm.sleep!, 100, 'b');
    const queued = pool.submitWith({ signal: controller.signal }, esm.square!, 2);
    await until(() => blocker.running());
    controller.abort();
    assert.equal(queued.done(), true);
    assert.ok((await queued.exception()) instanceof AbortError);
    assert.equal(blocker.done(), false);
    await pool.shutdown();
    assert.equal(piscinaOf(pool)!.completed, 1);
  });

  test('an already aborted signal fails the future', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 1 });
    const err = await pool.submitWith({ signal: AbortSignal.abort('stop') }, esm.square!, 2).exception();
    assert.ok(err instanceof AbortError);
    assert.equal(err.cause, 'stop');
    await pool.shutdown();
  });

  test('a signal that is not an AbortSignal is refused before anything is submitted', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 1 });
    const bad = { signal: { aborted: false } as unknown as AbortSignal };
    assert.throws(() => pool.submitWith(bad, esm.square!, 1), /^TypeError: signal must be an AbortSignal, got object$/);
    assert.throws(() => pool.mapWith(bad, esm.square!, [1]), /^TypeError: signal must be an AbortSignal/);
    await pool.shutdown();
    assert.equal(piscinaOf(pool), undefined, 'no work, no threads');
  });

  test('mapWith({ signal }) aborts every item of the map', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 2 });
    const controller = new AbortController();
    const results = pool.mapWith(
      { signal: controller.signal, chunkSize: 2 },
      esm.sleep!,
      [10_000, 10_000, 10_000, 10_000, 10_000],
    );
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(results.next(), AbortError);
    await pool.shutdown();
  });
});
