// The contract ExecutorBase offers subclasses (the worker pool builds on it), through a minimal subclass.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { BrokenExecutorError, ExecutorBase, type WorkItem } from '../../../src/executor/index.ts';
import { claimFuture, settleFuture, type AnyFunction } from '../../../src/executor/executor-base.ts';
import { tick } from './helpers/gate.ts';
import { withRecorder } from './helpers/memory-recorder.ts';

/** Runs nothing by itself: the test decides when queued items run. */
class ManualExecutor extends ExecutorBase {
  readonly queued: WorkItem[] = [];
  readonly chunks: number[][] = [];
  releases = 0;
  releaseError: Error | undefined;
  refuse: ((fn: AnyFunction, args: readonly unknown[]) => void) | undefined;

  constructor(maxWorkers = 2) {
    super('other', { maxWorkers }, { maxWorkers: 1, namePrefix: 'Manual' });
  }
  protected dispatch(item: WorkItem): void {
    this.queued.push(item);
  }
  protected override dispatchChunk(items: readonly WorkItem[]): void {
    this.chunks.push(items.map((item) => item.args[0] as number));
    for (const item of items) this.dispatch(item);
  }
  protected override validateTask(fn: AnyFunction, args: readonly unknown[]): void {
    this.refuse?.(fn, args);
  }
  protected override release(): void {
    this.releases++;
    if (this.releaseError) throw this.releaseError;
  }
  runAll(): void {
    for (const item of this.queued.splice(0)) {
      if (!claimFuture(item.future)) continue;
      try {
        settleFuture(item.future, true, item.fn(...item.args));
      } catch (err) {
        settleFuture(item.future, false, err);
      }
    }
  }
  breakWith(reason: string): void {
    this.markBroken(reason, (f) => new BrokenExecutorError(`future ${f.id} lost: ${reason}`));
  }
  live(): number {
    return this.liveFutures.size;
  }
}

describe('ExecutorBase', () => {
  test('mapWith hands chunks of chunkSize to dispatchChunk, one future per item', async () => {
    await withRecorder(async (rec) => {
      const ex = new ManualExecutor();
      const it = ex.mapWith({ chunkSize: 2 }, (x: number) => x * 10, [1, 2, 3, 4, 5]);
      assert.deepEqual(ex.chunks, [[1, 2], [3, 4], [5]]);
      const submits = rec.of('submit');
      assert.deepEqual(
        submits.map((s) => s.idx),
        [0, 1, 2, 3, 4],
      );
      assert.equal(new Set(submits.map((s) => s.map)).size, 1);
      ex.runAll();
      const out: number[] = [];
      for await (const x of it) out.push(x);
      assert.deepEqual(out, [10, 20, 30, 40, 50]);
      await ex.shutdown();
    });
  });

  test('chunkSize 1 (the default) uses dispatch only', () => {
    const ex = new ManualExecutor();
    void ex.map((x: number) => x, [1, 2]);
    assert.deepEqual(ex.chunks, []);
    assert.equal(ex.queued.length, 2);
  });

  test('validateTask refuses before anything is submitted or recorded', async () => {
    await withRecorder(async (rec) => {
      const ex = new ManualExecutor();
      ex.refuse = (_fn, args) => {
        if (args[0] === 'bad') throw new TypeError('cannot send that');
      };
      assert.throws(() => ex.submit((s: string) => s, 'bad'), /cannot send that/);
      assert.throws(() => ex.map((s: string) => s, ['ok', 'bad']), /cannot send that/);
      assert.equal(rec.of('submit').length, 0);
      assert.equal(ex.live(), 0);
    });
  });

  test('liveFutures holds pending and running futures only', async () => {
    const ex = new ManualExecutor();
    const a = ex.submit(() => 1);
    ex.submit(() => 2);
    assert.equal(ex.live(), 2);
    a.cancel();
    assert.equal(ex.live(), 1);
    ex.runAll();
    assert.equal(ex.live(), 0);
    await ex.shutdown();
  });

  test('markBroken fails live futures, records it once, and refuses new work', async () => {
    await withRecorder(async (rec) => {
      const ex = new ManualExecutor();
      const f = ex.submit(() => 1);
      ex.breakWith('worker died');
      ex.breakWith('again');
      await assert.rejects(f.result(), BrokenExecutorError);
      assert.deepEqual(
        rec.of('broken').map((b) => b.reason),
        ['worker died'],
      );
      assert.throws(
        () => ex.submit(() => 2),
        (e: unknown) => e instanceof BrokenExecutorError && /worker died/.test(e.message),
      );
      // Items queued before the break are skipped, not started.
      ex.runAll();
      assert.equal(ex.queued.length, 0);
      await ex.shutdown();
    });
  });

  test('release runs once, after the last future is done', async () => {
    const ex = new ManualExecutor();
    ex.submit(() => 1);
    const waiting = ex.shutdown();
    void ex.shutdown({ wait: false });
    await tick();
    assert.equal(ex.releases, 0);
    ex.runAll();
    await waiting;
    await ex.shutdown();
    assert.equal(ex.releases, 1);
  });

  test('a failing release rejects waiting shutdowns and does not crash a non-waiting one', async () => {
    const ex = new ManualExecutor();
    ex.releaseError = new Error('could not stop workers');
    await ex.shutdown({ wait: false });
    await tick();
    await assert.rejects(ex.shutdown(), /could not stop workers/);
  });

  test('maxWorkers comes from the options or the subclass default', () => {
    assert.equal(new ManualExecutor(3).maxWorkers, 3);
    assert.match(new ManualExecutor().toString(), /^<other executor 'Manual-\d+' maxWorkers=2 open>$/);
  });
});
