/**
 * A property-based stress test for any executor built on ExecutorBase: random sequences of
 * submit / cancel / result / exception / wait / asCompleted / map / callbacks / shutdown, some
 * awaited, some left running concurrently. After the final `shutdown({ wait: true })` it checks
 * that every future ended in exactly one terminal state with the outcome its task implies, that
 * every callback ran exactly once, that no operation is left pending, and that the recording
 * (an in-memory Recorder) agrees with what the futures reported.
 *
 * Reused by the worker pool's tests: `runExecutorStress((n) => new WorkerPoolExecutor({ maxWorkers: n }), makeStressTask, { startEndRecordedHere: false })`.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ALL_COMPLETED,
  CancelledError,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  TimeoutError,
  asCompleted,
  wait,
  type ExecutorBase,
  type Future,
} from '../../../../src/executor/index.ts';
import { tick } from './gate.ts';
import { withRecorder } from './memory-recorder.ts';
import {
  expected,
  isFailureOf,
  makeStressTask,
  op,
  type MakeTask,
  type Op,
  type TaskSpec,
  type Tracked,
} from './stress-ops.ts';
import { checkRecording } from './stress-recording-check.ts';

export { makeStressTask, type MakeTask, type TaskSpec } from './stress-ops.ts';

export interface StressOptions {
  numRuns?: number;
  /** False when `start`/`end` are not recorded on this thread's recorder (a worker thread records them). */
  startEndRecordedHere?: boolean;
  seed?: number;
}

/** One random scenario against one executor. */
class Scenario {
  readonly tracked: Tracked[] = [];
  private readonly inflight: { label: string; settled: boolean }[] = [];
  private readonly problems: unknown[] = [];
  private shutDown = false;
  private cancelledByShutdown = false;

  constructor(
    private readonly executor: ExecutorBase,
    private readonly makeTask: MakeTask,
  ) {}

  async run(ops: Op[]): Promise<void> {
    for (const [i, o] of ops.entries()) {
      const label = `#${i} ${o.op}`;
      const awaited = 'awaited' in o ? o.awaited : true;
      const running = this.step(o);
      const entry = { label, settled: false };
      this.inflight.push(entry);
      const settled = running.then(
        () => void (entry.settled = true),
        (err: unknown) => {
          entry.settled = true;
          this.problems.push(Object.assign(new Error(`${label} failed: ${String(err)}`), { cause: err }));
        },
      );
      if (awaited) await settled;
    }
    await this.executor.shutdown({ wait: true });
    // Continuations of operations waiting on the last futures are microtasks; one macrotask flushes them.
    await tick();
    assert.deepEqual(this.problems, []);
    assert.deepEqual(
      this.inflight.filter((e) => !e.settled).map((e) => e.label),
      [],
      'operations still pending after shutdown({ wait: true })',
    );
    for (const t of this.tracked) await this.checkFinal(t);
  }

  private pick(index: number): Tracked | undefined {
    return this.tracked.length === 0 ? undefined : this.tracked[index % this.tracked.length];
  }

  private async step(o: Op): Promise<void> {
    switch (o.op) {
      case 'submit':
        return this.submit(o.spec);
      case 'cancel': {
        const t = this.pick(o.index);
        if (!t) return;
        const before = t.future.getState();
        assert.equal(t.future.cancel(), before === 'PENDING' || before === 'CANCELLED', `cancel() in state ${before}`);
        return;
      }
      case 'callback':
        return this.addCallback(o.index);
      case 'result':
        return this.result(o);
      case 'wait':
        return this.wait(o);
      case 'asCompleted':
        return this.asCompleted(o);
      case 'map':
        return this.map(o);
      case 'sleep':
        await new Promise((resolve) => setTimeout(resolve, o.ms));
        return;
      case 'shutdown':
        return this.shutdown(o);
    }
  }

  private submit(s: TaskSpec): void {
    const { fn, args } = this.makeTask(s);
    if (this.shutDown) {
      assert.throws(() => this.executor.submit(fn, ...args), /after shutdown/);
      return;
    }
    const t: Tracked = { future: this.executor.submit(fn, ...args), spec: s, callbacksAdded: 0, callbackRuns: [] };
    this.tracked.push(t);
    this.addCallbackTo(t);
  }

  private addCallback(index: number): void {
    const t = this.pick(index);
    if (!t) return;
    const wasDone = t.future.done();
    const runsBefore = t.callbackRuns.length;
    this.addCallbackTo(t);
    // Python: a callback added to a done future runs at once.
    if (wasDone) assert.equal(t.callbackRuns.length, runsBefore + 1);
  }

  private addCallbackTo(t: Tracked): void {
    t.callbacksAdded++;
    t.future.addDoneCallback((f) => t.callbackRuns.push(f.getState()));
  }

  private async result(o: Extract<Op, { op: 'result' }>): Promise<void> {
    const t = this.pick(o.index);
    if (!t) return;
    const want = expected(t.spec);
    try {
      const got = o.exception
        ? await t.future.exception({ timeout: o.timeout })
        : await t.future.result({ timeout: o.timeout });
      assert.equal(t.future.done(), true);
      assert.equal(t.future.cancelled(), false);
      if (o.exception)
        assert.ok(want.ok ? got === undefined : isFailureOf(got, t.spec), `exception() gave ${String(got)}`);
      else assert.ok(want.ok && got === want.value, `result() gave ${String(got)}`);
    } catch (err) {
      if (err instanceof TimeoutError) assert.notEqual(o.timeout, undefined, 'TimeoutError without a timeout');
      else if (err instanceof CancelledError) assert.equal(t.future.cancelled(), true);
      else assert.ok(!o.exception && isFailureOf(err, t.spec), `result() threw ${String(err)}`);
    }
  }

  private async wait(o: Extract<Op, { op: 'wait' }>): Promise<void> {
    if (this.tracked.length === 0) return;
    const picked = o.indices.map((i) => this.pick(i)!);
    const futures = picked.map((t) => t.future);
    const { done, notDone } = await wait(futures, { timeout: o.timeout, returnWhen: o.returnWhen });
    assert.equal(done.size + notDone.size, new Set(futures).size);
    for (const f of done) assert.equal(f.done(), true);
    for (const f of notDone) assert.equal(done.has(f), false);
    if (o.timeout !== undefined || futures.length === 0) return;
    if (o.returnWhen === ALL_COMPLETED) assert.equal(notDone.size, 0);
    if (o.returnWhen === FIRST_COMPLETED) assert.ok(done.size >= 1);
    if (o.returnWhen === FIRST_EXCEPTION && notDone.size > 0) {
      const failed = picked.filter((t) => done.has(t.future) && !t.future.cancelled() && !expected(t.spec).ok);
      assert.ok(failed.length >= 1, 'FIRST_EXCEPTION returned early without an exception');
    }
  }

  private async asCompleted(o: Extract<Op, { op: 'asCompleted' }>): Promise<void> {
    if (this.tracked.length === 0) return;
    const futures = o.indices.map((i) => this.pick(i)!.future);
    const it = asCompleted(futures, { timeout: o.timeout });
    const seen = new Set<Future<unknown>>();
    try {
      for (let step = await it.next(); !step.done; step = await it.next()) {
        assert.equal(step.value.done(), true);
        assert.equal(seen.has(step.value), false, 'a future yielded twice');
        seen.add(step.value);
        if (o.breakAfter !== undefined && seen.size >= o.breakAfter) {
          await it.return!();
          return;
        }
      }
      assert.equal(seen.size, new Set(futures).size);
    } catch (err) {
      assert.ok(err instanceof TimeoutError && o.timeout !== undefined, `asCompleted threw ${String(err)}`);
    }
  }

  private async map(o: Extract<Op, { op: 'map' }>): Promise<void> {
    const tasks = o.specs.map(this.makeTask);
    const fn = tasks[0]?.fn ?? this.makeTask({ kind: 'sync-ok', delayMs: 0, value: 0 }).fn;
    const arity = tasks[0]?.args.length ?? 0;
    const columns = Array.from({ length: arity }, (_, c) => tasks.map((t) => t.args[c]));
    const call = (): AsyncIterator<unknown> =>
      this.executor.mapWith({ timeout: o.timeout, chunkSize: o.chunkSize }, fn, ...(columns as Iterable<unknown>[]));
    if (this.shutDown) {
      assert.throws(call, /after shutdown/);
      return;
    }
    const it = call();
    let i = 0;
    try {
      for (let step = await it.next(); !step.done; step = await it.next()) {
        const want = expected(o.specs[i]!);
        assert.ok(want.ok && step.value === want.value, `map item ${i} gave ${String(step.value)}`);
        i++;
        if (o.breakAfter !== undefined && i >= o.breakAfter) {
          await it.return!();
          return;
        }
      }
      assert.equal(i, o.specs.length);
    } catch (err) {
      if (err instanceof TimeoutError) assert.notEqual(o.timeout, undefined);
      else if (err instanceof CancelledError) assert.ok(this.cancelledByShutdown, 'map item cancelled by nobody');
      else assert.ok(isFailureOf(err, o.specs[i]!), `map item ${i} threw ${String(err)}`);
    }
  }

  private async shutdown(o: Extract<Op, { op: 'shutdown' }>): Promise<void> {
    if (o.cancelFutures) this.cancelledByShutdown = true;
    const submitted = this.tracked.length;
    const done = this.executor.shutdown({ wait: o.wait, cancelFutures: o.cancelFutures });
    this.shutDown = true;
    if (!o.awaited) return;
    await done;
    if (o.wait) {
      for (const t of this.tracked.slice(0, submitted)) assert.equal(t.future.done(), true, 'shutdown waited');
    }
  }

  private async checkFinal(t: Tracked): Promise<void> {
    const f = t.future;
    const state = f.getState();
    assert.ok(state === 'CANCELLED' || state === 'FINISHED', `final state ${state}`);
    assert.equal(f.done(), true);
    assert.equal(f.running(), false);
    assert.equal(t.callbackRuns.length, t.callbacksAdded, 'each callback ran exactly once');
    assert.ok(
      t.callbackRuns.every((s) => s === state),
      `callbacks saw ${t.callbackRuns.join(',')}`,
    );
    if (state === 'CANCELLED') {
      assert.equal(f.cancelled(), true);
      await assert.rejects(f.result(), CancelledError);
      return;
    }
    const want = expected(t.spec);
    if (want.ok) assert.equal(await f.result(), want.value);
    else await assert.rejects(f.result(), (err) => isFailureOf(err, t.spec));
  }
}

/**
 * Runs the stress property. `makeExecutor(maxWorkers)` builds a fresh executor per run, inside
 * the run's recording; `makeTask` says how a TaskSpec is submitted to it.
 */
export async function runExecutorStress(
  makeExecutor: (maxWorkers: number) => ExecutorBase,
  makeTask: MakeTask = makeStressTask,
  options: StressOptions = {},
): Promise<void> {
  const startEndHere = options.startEndRecordedHere ?? true;
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 4 }), fc.array(op, { maxLength: 24 }), async (maxWorkers, ops) => {
      await withRecorder(async (rec) => {
        const executor = makeExecutor(maxWorkers);
        const scenario = new Scenario(executor, makeTask);
        try {
          await scenario.run(ops);
        } finally {
          // A failed run must not leave work behind for the next one.
          await executor.shutdown({ wait: true, cancelFutures: true });
        }
        checkRecording(rec, executor, scenario.tracked, startEndHere);
      });
    }),
    { numRuns: options.numRuns ?? 50, ...(options.seed !== undefined ? { seed: options.seed } : {}) },
  );
}
