import { before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BrokenExecutorError } from '../../../src/executor/errors.ts';
import type { Future } from '../../../src/executor/future.ts';
import { WorkerPoolExecutor, type WorkerPoolOptions } from '../../../src/executor/worker-pool.ts';
import { withRecorder, type Recorded } from '../executor/helpers/memory-recorder.ts';
import { esmFixture, until, type Fn, type Module } from './fixtures.ts';

let esm: Module;
before(async () => {
  esm = await esmFixture('esm-tasks.mjs');
});

interface Crashed {
  running: Future<unknown>;
  queued: Future<unknown>;
  pool: WorkerPoolExecutor;
  events: Recorded[];
}

/** Runs `fn(...args)` on a one-worker pool with another call queued behind it, until the pool breaks. */
async function crash(fn: () => Fn, args: unknown[], options: WorkerPoolOptions = {}): Promise<Crashed> {
  return withRecorder(async (rec) => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 1, name: 'crashy', ...options });
    const running = pool.submit(fn(), ...args);
    const queued = pool.submit(esm.square!, 2);
    await Promise.all([running.whenDone(), queued.whenDone()]);
    await pool.shutdown();
    return { running, queued, pool, events: rec.events };
  });
}

async function assertBroken({ running, queued, pool, events }: Crashed, how: RegExp): Promise<void> {
  for (const err of [await running.exception(), await queued.exception()]) {
    assert.ok(err instanceof BrokenExecutorError, String(err));
    assert.match(err.message, /^a worker thread \(\d+:\d+\) of executor 'crashy' died: /);
    assert.match(err.message, how);
    assert.match(err.message, /Its work and the work waiting in the pool were lost; create a new executor to go on\.$/);
  }
  assert.throws(
    () => pool.submit(esm.square!, 1),
    (e: unknown) =>
      e instanceof BrokenExecutorError && /is broken and cannot run new work: worker \d+:\d+ died/.test(e.message),
  );
  const crashEvent = events.find((e) => e.e === 'worker-crash');
  assert.ok(crashEvent && crashEvent.e === 'worker-crash');
  assert.deepEqual(crashEvent.fids, [running.id], 'the crash names the future that was running on the worker');
  assert.equal(events.filter((e) => e.e === 'broken').length, 1);
  const spawned = events.find((e) => e.e === 'worker-spawn');
  assert.ok(spawned && spawned.e === 'worker-spawn');
  assert.equal(crashEvent.lane, spawned.lane);
}

describe('a worker that dies breaks the pool (BrokenProcessPool)', { timeout: 20_000 }, () => {
  test('an uncaught error thrown outside the task (a timer)', async () => {
    const crashed = await crash(() => esm.crashLater!, [5_000]);
    await assertBroken(crashed, /died: uncaught Error: stray timer error\./);
  });

  test('process.exit() in the worker', async () => {
    const crashed = await crash(() => esm.exitWorker!, [3]);
    await assertBroken(
      crashed,
      /died: it exited with code 3 \(process\.exit\(\) in a worker thread ends that thread\)/,
    );
  });

  test('out of memory (resourceLimits)', async () => {
    const crashed = await crash(() => esm.eatMemory!, [], {
      resourceLimits: { maxOldGenerationSizeMb: 24, maxYoungGenerationSizeMb: 4 },
    });
    await assertBroken(crashed, /died: it ran out of memory \(/);
  });

  test('an idle worker that dies breaks the pool too', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 1 });
    assert.equal(await pool.submit(esm.crashAfterReturn!, 'fine'), 'fine');
    await until(() => {
      try {
        pool.submit(esm.square!, 1).cancel();
        return false;
      } catch (err) {
        return err instanceof BrokenExecutorError;
      }
    });
    await pool.shutdown();
  });
});

test(
  'regression (N3): BrokenExecutorError has the error the worker died of as its cause, with the worker’s stack',
  { timeout: 20_000 },
  async () => {
    const { running, queued } = await crash(() => esm.crashLater!, [5_000]);
    for (const future of [running, queued]) {
      const err = (await future.exception()) as BrokenExecutorError;
      assert.ok(err instanceof BrokenExecutorError);
      const cause = err.cause as Error;
      assert.ok(cause instanceof Error, `cause: ${String(cause)}`);
      assert.equal(cause.message, 'stray timer error');
      assert.match(cause.stack ?? '', /esm-tasks\.mjs:\d+/, 'the stack is the one thrown in the worker');
    }
  },
);
