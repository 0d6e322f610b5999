import { callSite, sampledCallSite } from './call-site.ts';
import { noteBusy, noteIdle, type BusyExecutor } from './unfinished-at-exit.ts';
import { errors } from './errors.ts';
import { Future, checkTimeout, liveNext, livePrev, type Waiter } from './future.ts';
import {
  checkBufferSize,
  checkChunkSize,
  lazyZip,
  resultIterator,
  zipArgs,
  type IterablesOf,
  type MapOptions,
} from './map.ts';
import type { ResultIterator } from './closable-iterator.ts';
import { previewArgs } from './preview.ts';
import { allocateExecutorId, allocateMapId } from './recording/ids.ts';
import { recording, type Recorder } from './recording/recorder.ts';
import { checkNotImportingTaskModule } from './worker-guard.ts';
import type { CallSite, ExecutorKind } from '../trace/schema.ts';

/**
 * What every executor shares: Python's `Executor` base class plus the bookkeeping both of ours
 * need. A subclass supplies only how work runs.
 *
 * Contract for subclasses (the WorkerPoolExecutor builds on exactly this):
 * - call `super(kind, options, { maxWorkers, namePrefix })`: validates `maxWorkers`, allocates
 *   the executor id (`this.id`), names it (`this.name`) and records the `executor` event with the
 *   user's call site;
 * - implement `dispatch(item)`: queue `item` and run it later — never synchronously inside
 *   `dispatch`, the caller must get its future first. To run it: `item.future.setRunningOrNotifyCancel()`
 *   (false → it was cancelled, skip it), record `start`/`end` on the lane that runs it, then settle
 *   the future with `settleFuture` (which ignores futures that are already done, e.g. failed by
 *   `markBroken`);
 * - optionally override `dispatchChunk(items)`: `mapWith({ chunkSize })` hands over items in
 *   chunks of that size (one future per item, each already submitted and recorded with its map id
 *   and index); the default dispatches them one by one, which is how executors on the event loop
 *   ignore `chunkSize`;
 * - optionally override `captureDispatchScope()`: a lazy map (`bufferSize`) dispatches after the
 *   map call returned; per-call state a subclass keeps for its dispatch calls must be restored
 *   around those (the worker pool's AbortSignal);
 * - optionally override `validateTask(fn, args)`: throw before anything is submitted or recorded
 *   (e.g. when a function cannot be sent to a worker);
 * - optionally override `onShutdownRequested(cancelFutures)` (runs on every shutdown call, after
 *   pending futures were cancelled) and `release()` (runs once, when shutdown was requested and
 *   every future is done: terminate workers there);
 * - call `markBroken(reason, makeError)` when the pool can no longer run work.
 *
 * The base owns submit/map/mapWith/shutdown/asyncDispose, the refusal after shutdown or breakage,
 * the set of pending and running futures (`liveFutures`) and the `submit`/`shutdown-*`/`broken`
 * events.
 */
export abstract class ExecutorBase implements AsyncDisposable {
  /** Id of this executor in the recording. */
  readonly id: number;
  readonly name: string;
  readonly maxWorkers: number;
  readonly kind: ExecutorKind;
  /** Pending and running futures, oldest first: a list through the futures themselves. */
  #first: Future<unknown> | undefined;
  #last: Future<unknown> | undefined;
  #liveCount = 0;
  readonly #forget: Waiter = (future) => this.#unlink(future);
  #shutdownRequested = false;
  #brokenBecause: string | undefined;
  #drained: Promise<void> | undefined;
  readonly #busy: BusyExecutor = { name: '', unfinished: () => this.#liveList() };

  protected constructor(
    kind: ExecutorKind,
    options: ExecutorOptions | undefined,
    defaults: { maxWorkers: number; namePrefix: string },
  ) {
    // A pool worker importing the module that creates this executor: the unguarded main program.
    checkNotImportingTaskModule(defaults.namePrefix);
    const maxWorkers = options?.maxWorkers ?? defaults.maxWorkers;
    if (typeof maxWorkers !== 'number' || !Number.isInteger(maxWorkers) || maxWorkers < 1) {
      throw errors.badMaxWorkers(maxWorkers);
    }
    this.kind = kind;
    this.maxWorkers = maxWorkers;
    this.id = allocateExecutorId();
    this.name = options?.name ?? `${defaults.namePrefix}-${this.id}`;
    (this.#busy as { name: string }).name = this.name;
    const rec = recording.current;
    if (rec) rec.executor(this.id, kind, maxWorkers, this.name, callSite());
  }

  /**
   * Schedules `fn(...args)` and returns its future. Never runs `fn` before returning. Throws
   * after `shutdown()`, when the executor is broken, and when `fn` is not a function.
   */
  submit<A extends unknown[], R>(fn: (...args: A) => R | PromiseLike<R>, ...args: A): Future<Awaited<R>> {
    this.#checkSubmittable(fn);
    this.validateTask(fn as AnyFunction, args);
    const rec = recording.current;
    // Cut at this method: V8 then collects only the frames below it.
    const site = rec ? sampledCallSite(submitMethod) : undefined;
    const future = this.#enlist(fn as AnyFunction, args, rec, site, undefined, undefined);
    this.dispatch({ future, fn: fn as AnyFunction, args });
    return future as Future<Awaited<R>>;
  }

  /**
   * `fn` over the iterables zipped (stopping at the shortest), like Python's `Executor.map`: every
   * item is read and submitted now, results come in input order. Breaking out of the loop cancels
   * the items not yet started. An infinite iterable never returns (as in Python before 3.14): use
   * `mapWith({ bufferSize })` to read it lazily. For a timeout or chunk size use `mapWith` too.
   */
  map<A extends unknown[], R>(
    fn: (...args: A) => R | PromiseLike<R>,
    ...iterables: IterablesOf<A>
  ): ResultIterator<Awaited<R>> {
    return this.#mapItems({}, fn as AnyFunction, iterables as readonly Iterable<unknown>[]) as ResultIterator<
      Awaited<R>
    >;
  }

  /**
   * `map` with Python's keyword arguments: `mapWith({ timeout: 500, chunkSize: 8, bufferSize: 4 }, fn, xs, ys)`.
   * `bufferSize` (Python 3.14's `buffersize`) reads the iterables lazily; see MapOptions.
   */
  mapWith<A extends unknown[], R>(
    options: MapOptions,
    fn: (...args: A) => R | PromiseLike<R>,
    ...iterables: IterablesOf<A>
  ): ResultIterator<Awaited<R>> {
    return this.#mapItems(
      options ?? {},
      fn as AnyFunction,
      iterables as readonly Iterable<unknown>[],
    ) as ResultIterator<Awaited<R>>;
  }

  /**
   * Stops accepting work. With `cancelFutures`, cancels every future that has not started. With
   * `wait` (the default) resolves once every running and queued future is done and the executor's
   * resources are released; without it resolves at once while the work goes on. Safe to call
   * again: later calls may still cancel and wait.
   */
  shutdown(options?: ShutdownOptions): Promise<void> {
    const wait = options?.wait ?? true;
    const cancelFutures = options?.cancelFutures ?? false;
    const rec = recording.current;
    if (rec) rec.shutdownBegin(this.id, wait, cancelFutures);
    this.#shutdownRequested = true;
    if (cancelFutures) {
      // A copy: each cancel removes the future from the live set.
      for (const future of this.#liveList()) if (!future.running()) future.cancel();
    }
    this.onShutdownRequested(cancelFutures);
    if (!this.#drained) {
      this.#drained = this.#drainThenRelease();
      // Nobody may be listening (wait=false): a failing release() must not crash the process.
      this.#drained.catch(() => undefined);
    }
    if (!wait) {
      if (rec) rec.shutdownEnd(this.id);
      return Promise.resolve();
    }
    return this.#drained.finally(() => {
      if (rec) rec.shutdownEnd(this.id);
    });
  }

  /** `await using pool = new AsyncPoolExecutor()` shuts it down (waiting) when the scope ends. */
  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown({ wait: true });
  }

  toString(): string {
    const state = this.#brokenBecause !== undefined ? 'broken' : this.#shutdownRequested ? 'shut down' : 'open';
    return `<${this.kind} executor '${this.name}' maxWorkers=${this.maxWorkers} ${state}>`;
  }

  // --- For subclasses. ---

  /** Queues one item; see the class comment. */
  protected abstract dispatch(item: WorkItem): void;

  /** Queues the items of one map chunk. The default ignores chunking. */
  protected dispatchChunk(items: readonly WorkItem[]): void {
    for (const item of items) this.dispatch(item);
  }

  /**
   * Runs synchronously inside `map`/`mapWith`. A lazy map (`bufferSize`) submits later items after
   * the call has returned; the function returned here wraps those dispatches, to restore the
   * per-call state a subclass keeps for its synchronous dispatch calls (the worker pool's
   * AbortSignal). Undefined: nothing to restore.
   */
  protected captureDispatchScope(): ((dispatch: () => void) => void) | undefined {
    return undefined;
  }

  /** Throws to refuse a task before anything is submitted. */
  protected validateTask(_fn: AnyFunction, _args: readonly unknown[]): void {}

  /** Runs on every shutdown call, after pending futures were cancelled when asked. */
  protected onShutdownRequested(_cancelFutures: boolean): void {}

  /** Runs once, when shutdown was requested and no future is pending or running. */
  protected release(): Promise<void> | void {}

  /** Futures submitted here that are pending or running. */
  protected get liveFutures(): ReadonlySet<Future<unknown>> {
    return new Set(this.#liveList());
  }

  protected get isShutdown(): boolean {
    return this.#shutdownRequested;
  }

  /** Why the executor is broken, or undefined while it is not. */
  protected get brokenReason(): string | undefined {
    return this.#brokenBecause;
  }

  /**
   * Marks the executor broken (like Python's BrokenProcessPool): records it, refuses new work and
   * fails every pending and running future with `makeError(future)`. Later calls do nothing.
   */
  protected markBroken(reason: string, makeError: (future: Future<unknown>) => unknown): void {
    if (this.#brokenBecause !== undefined) return;
    this.#brokenBecause = reason;
    const rec = recording.current;
    if (rec) rec.broken(this.id, reason);
    for (const future of this.#liveList()) settleFuture(future, false, makeError(future));
  }

  // --- Internals: #private so a subclass's own members can never collide with them. ---

  #checkSubmittable(fn: unknown): void {
    if (this.#brokenBecause !== undefined) throw errors.submitAfterBroken(this.name, this.#brokenBecause);
    if (this.#shutdownRequested) throw errors.submitAfterShutdown(this.name);
    if (typeof fn !== 'function') throw errors.notAFunction(fn);
  }

  #mapItems(options: MapOptions, fn: AnyFunction, iterables: readonly Iterable<unknown>[]): ResultIterator<unknown> {
    const startedAt = performance.now();
    const timeout = checkTimeout(options.timeout);
    const chunkSize = checkChunkSize(options.chunkSize);
    const bufferSize = checkBufferSize(options.bufferSize);
    this.#checkSubmittable(fn);
    const what = `map() on executor '${this.name}'`;
    const rec = recording.current;
    const site = rec ? callSite() : undefined;
    const mapId = allocateMapId();
    let idx = 0;
    const submitRows = (rows: unknown[][]): Future<unknown>[] => {
      for (const args of rows) this.validateTask(fn, args);
      const items: WorkItem[] = rows.map((args) => ({
        future: this.#enlist(fn, args, rec, site, mapId, idx++),
        fn,
        args,
      }));
      if (chunkSize === 1) for (const item of items) this.dispatch(item);
      else for (let i = 0; i < items.length; i += chunkSize) this.dispatchChunk(items.slice(i, i + chunkSize));
      return items.map((item) => item.future);
    };
    // Read every iterable before submitting anything: an iterable that throws leaves no orphan work.
    if (bufferSize === undefined)
      return resultIterator(submitRows(zipArgs(iterables)), undefined, timeout, startedAt, what);
    // Lazy (Python 3.14's buffersize): the first chunks now, read before any is submitted; the
    // rest as results are taken, under what the subclass keeps for this map call.
    const rows = lazyZip(iterables);
    const scope = this.captureDispatchScope();
    const next = (): Future<unknown>[] | undefined => {
      const chunk = rows.take(chunkSize);
      if (chunk.length === 0) return undefined;
      // As 3.14's map does, a refill after shutdown (or breakage) fails the iteration.
      this.#checkSubmittable(fn);
      if (scope === undefined) return submitRows(chunk);
      let futures: Future<unknown>[] = [];
      scope(() => (futures = submitRows(chunk)));
      return futures;
    };
    const first = submitRows(rows.take(bufferSize * chunkSize));
    const more = { next, close: rows.close, limit: bufferSize * chunkSize, chunk: chunkSize };
    return resultIterator(first, more, timeout, startedAt, what);
  }

  #enlist(
    fn: AnyFunction,
    args: readonly unknown[],
    rec: Recorder | undefined,
    site: CallSite | undefined,
    mapId: number | undefined,
    idx: number | undefined,
  ): Future<unknown> {
    const future = new Future<unknown>(fn.name || '<anonymous>');
    this.#link(future);
    future.setOwner(this.#forget);
    if (rec) {
      if (mapId === undefined) rec.submit(future.id, this.id, future.fnName, previewArgs(args), site);
      else rec.submit(future.id, this.id, future.fnName, previewArgs(args), site, mapId, idx);
    }
    return future;
  }

  async #drainThenRelease(): Promise<void> {
    // A loop, not one pass: a future may still be enlisted while the first batch finishes
    // (a subclass re-dispatching a chunk), and shutdown must not release under it.
    while (this.#liveCount > 0) await Promise.all(this.#liveList().map((future) => future.whenDone()));
    await this.release();
  }

  #link(future: Future<unknown>): void {
    const last = this.#last;
    future[livePrev] = last;
    if (last === undefined) this.#first = future;
    else last[liveNext] = future;
    this.#last = future;
    if (this.#liveCount++ === 0) noteBusy(this.#busy);
  }

  #unlink(future: Future<unknown>): void {
    const prev = future[livePrev];
    const next = future[liveNext];
    if (prev === undefined) this.#first = next;
    else prev[liveNext] = next;
    if (next === undefined) this.#last = prev;
    else next[livePrev] = prev;
    future[livePrev] = future[liveNext] = undefined;
    if (--this.#liveCount === 0) noteIdle(this.#busy);
  }

  /** A copy of the live futures, oldest first: what is done with them may end some. */
  #liveList(): Future<unknown>[] {
    const list: Future<unknown>[] = [];
    for (let future = this.#first; future !== undefined; future = future[liveNext]) list.push(future);
    return list;
  }
}

/** Where call sites are cut (call-site.ts): compared by identity, never called. */
const submitMethod = ExecutorBase.prototype.submit;

export interface ExecutorOptions {
  /** Most tasks running at once; a positive integer. */
  maxWorkers?: number;
  /** Shown in the recording and in error messages; defaults to `<Kind>-<id>`. */
  name?: string;
}

export interface ShutdownOptions {
  /** Resolve only when every running and queued task is done (default true). */
  wait?: boolean;
  /** Cancel every task that has not started (default false). */
  cancelFutures?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the submitted function's own parameter types are checked at submit()
export type AnyFunction = (...args: any[]) => unknown;

/** One submitted call: its future, the function and its arguments. */
export interface WorkItem {
  readonly future: Future<unknown>;
  readonly fn: AnyFunction;
  readonly args: readonly unknown[];
}

/**
 * Marks the item's future running when it may start. False when it must not run: cancelled, or
 * already failed by `markBroken`. (`setRunningOrNotifyCancel` alone throws in the second case.)
 */
export function claimFuture(future: Future<unknown>): boolean {
  if (future.done() && !future.cancelled()) return false;
  return future.setRunningOrNotifyCancel();
}

/** Settles `future` unless it is already done (cancelled or failed by `markBroken`). */
export function settleFuture(future: Future<unknown>, ok: boolean, value: unknown): void {
  if (future.done()) return;
  if (ok) future.setResult(value);
  else future.setException(value);
}
