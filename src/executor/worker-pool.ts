import { availableParallelism } from 'node:os';
import type { Worker, ResourceLimits } from 'node:worker_threads';
import { Piscina } from 'piscina';
import type { ResultIterator } from './closable-iterator.ts';
import { ExecutorBase, settleFuture, type ExecutorOptions, type WorkItem } from './executor-base.ts';
import { functionRefOf } from './function-ref.ts';
import type { Future } from './future.ts';
import type { IterablesOf, MapOptions } from './map.ts';
import { workerEntryPath, workerExecArgv } from './paths.ts';
import type { PoolWorkerData } from './worker-entry.ts';
import { describeError } from './preview.ts';
import { recording } from './recording/recorder.ts';
import { workerErrors } from './worker-errors.ts';
import { deathText, exitText } from './worker-death.ts';
import { SignalWatches } from './worker-signals.ts';
import {
  cloneErrorOf,
  fromWireError,
  refKeyOf,
  type FunctionRef,
  type TaskReply,
  type TaskRequest,
  type WireError,
} from './worker-protocol.ts';

export interface WorkerPoolOptions extends ExecutorOptions {
  /** Heap limits of each worker thread (Node's `Worker` `resourceLimits`). A worker past them dies and breaks the pool. */
  resourceLimits?: ResourceLimits;
  /** Node flags for the worker threads, after the ones they inherit from this process. */
  execArgv?: string[];
}

/** Options of one `submitWith` call. */
export interface SubmitOptions {
  /**
   * Aborting ends the task: queued, it never starts; running, its worker thread is terminated
   * (and replaced). Either way the future fails with an `AbortError` whose `cause` is the
   * signal's reason. The pool is not broken by it.
   */
  signal?: AbortSignal;
}

/** `mapWith` options of the worker pool: Python's `timeout` and `chunksize`, plus an AbortSignal for the whole map. */
export interface WorkerMapOptions extends MapOptions, SubmitOptions {}

/** One piscina task: one submit, or one chunk of a map. */
interface Task {
  items: WorkItem[];
  signal: AbortSignal | undefined;
  /** Aborts the task in piscina once sent: piscina listens to this, not to the user's signal. */
  controller: AbortController | undefined;
  sent: boolean;
}

/**
 * Python's ProcessPoolExecutor for Node: runs functions on worker threads (piscina), truly in
 * parallel. Functions go by reference — a top-level export of a module, loaded by the worker —
 * and arguments and results by structured clone, as Python pickles them.
 *
 * Queueing is ours, not piscina's: at most `maxWorkers` tasks are handed to piscina at once, so a
 * future waits in our queue as PENDING (and `cancel()` works) until a worker is free for it. It
 * becomes RUNNING when it is handed to a worker, as Python's futures do when they move to the call
 * queue; the recording's `start` comes from the worker when it really begins.
 *
 * A function that cannot go by reference, or an argument that cannot be cloned, fails its future
 * (not `submit`), as pickling errors do in Python. A worker thread that dies (uncaught error,
 * `process.exit()`, out of memory) breaks the pool like BrokenProcessPool.
 */
export class WorkerPoolExecutor extends ExecutorBase {
  private readonly resourceLimits: ResourceLimits | undefined;
  private readonly extraExecArgv: string[];
  private pool: Piscina | undefined;
  private closing: Promise<void> | undefined;
  private queue: (Task | undefined)[] = [];
  private head = 0;
  private sending = 0;
  private pumpScheduled = false;
  private readonly pumpSoon = (): void => this.pump();
  /** Set by submitWith/mapWith for the synchronous dispatch calls of the base class. */
  private nextSignal: AbortSignal | undefined;
  /**
   * One listener per signal, however many tasks share it: "one controller cancels everything" is
   * the usual pattern, and a listener per task trips Node's MaxListenersExceededWarning past 10.
   */
  private readonly watches = new SignalWatches<Task>((signal, tasks) => {
    for (const task of tasks) {
      // A queued task never starts; a sent one is piscina's to end (its thread is terminated).
      if (!task.sent) this.abortItems(task.items, signal);
      else task.controller?.abort(signal.reason);
    }
  });
  private readonly watched = new WeakSet<Worker>();
  /** Threads piscina terminated on purpose (an abort, shutdown): their exit is not a crash. */
  private readonly intentional = new Set<number>();
  private crash: { tid?: number; how?: string; error?: unknown; fids: number[] } | undefined;

  constructor(options?: WorkerPoolOptions) {
    super('node-worker', options, { maxWorkers: availableParallelism(), namePrefix: 'WorkerPoolExecutor' });
    this.resourceLimits = options?.resourceLimits;
    this.extraExecArgv = options?.execArgv ?? [];
  }

  /** `submit` with options: `pool.submitWith({ signal }, fn, ...args)`. */
  submitWith<A extends unknown[], R>(
    options: SubmitOptions,
    fn: (...args: A) => R | PromiseLike<R>,
    ...args: A
  ): Future<Awaited<R>> {
    this.nextSignal = signalOf(options);
    try {
      return this.submit(fn, ...args);
    } finally {
      this.nextSignal = undefined;
    }
  }

  /** `map` with Python's keyword arguments, plus `signal` to abort every item of the map. */
  override mapWith<A extends unknown[], R>(
    options: WorkerMapOptions,
    fn: (...args: A) => R | PromiseLike<R>,
    ...iterables: IterablesOf<A>
  ): ResultIterator<Awaited<R>> {
    this.nextSignal = signalOf(options);
    try {
      return super.mapWith(options, fn, ...iterables);
    } finally {
      this.nextSignal = undefined;
    }
  }

  protected dispatch(item: WorkItem): void {
    this.enqueue([item]);
  }

  /** One worker task per chunk, like Python's `_process_chunk`; each item keeps its own future. */
  protected override dispatchChunk(items: readonly WorkItem[]): void {
    this.enqueue([...items]);
  }

  protected override captureDispatchScope(): ((dispatch: () => void) => void) | undefined {
    const signal = this.nextSignal;
    if (signal === undefined) return undefined;
    return (dispatch) => {
      const outer = this.nextSignal;
      this.nextSignal = signal;
      try {
        dispatch();
      } finally {
        this.nextSignal = outer;
      }
    };
  }

  protected override async release(): Promise<void> {
    await this.closePool();
  }

  // --- Queue. ---

  private enqueue(items: WorkItem[]): void {
    const task: Task = { items, signal: this.nextSignal, controller: undefined, sent: false };
    if (task.signal && !task.signal.aborted) this.watches.add(task.signal, task);
    this.queue.push(task);
    if (!this.pumpScheduled) {
      // Never inside submit(): the caller gets its future, still PENDING, first.
      this.pumpScheduled = true;
      queueMicrotask(this.pumpSoon);
    }
  }

  private pump(): void {
    this.pumpScheduled = false;
    // Threads start now, before the first function is resolved: they boot while this thread
    // asks the inspector where the function lives (tens of ms, the first time only).
    if (this.head < this.queue.length && this.brokenReason === undefined) this.ensurePool();
    while (this.sending < this.maxWorkers && this.head < this.queue.length && this.brokenReason === undefined) {
      const task = this.queue[this.head]!;
      this.queue[this.head++] = undefined;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      this.start(task);
    }
  }

  private start(task: Task): void {
    task.sent = true;
    // Cancelled or aborted while queued: it takes no worker.
    const items = task.items.some(isDone) ? task.items.filter(isLive) : task.items;
    if (items.length === 0) return this.detach(task);
    if (task.signal?.aborted) {
      this.abortItems(items, task.signal);
      return this.detach(task);
    }
    let ref: FunctionRef;
    try {
      ref = functionRefOf(items[0]!.fn as (...args: never[]) => unknown);
    } catch (err) {
      for (const item of items) settleFuture(item.future, false, err);
      return this.detach(task);
    }
    for (const item of items) item.future.setRunningOrNotifyCancel();
    this.send(task, items, ref);
  }

  private send(task: Task, items: WorkItem[], ref: FunctionRef): void {
    const pool = this.ensurePool();
    const request: TaskRequest = [refKeyOf(ref)];
    for (const item of items) request.push(item.future.id, item.args);
    this.sending++;
    let options: { signal?: AbortSignal } = NO_OPTIONS;
    if (task.signal) {
      task.controller ??= new AbortController();
      if (task.signal.aborted) task.controller.abort(task.signal.reason);
      options = { signal: task.controller.signal };
    }
    pool.run(request, options).then(
      (reply: TaskReply) => this.onReply(task, items, reply),
      (err: unknown) => this.onRejected(task, items, ref, err),
    );
  }

  private onReply(task: Task, items: WorkItem[], reply: TaskReply): void {
    this.sending--;
    this.detach(task);
    // The next task goes to the worker before these futures settle: it waits for nothing else.
    // Like Python's call queue, which holds the next calls already, so done callbacks cannot
    // cancel the work that follows at once.
    this.pump();
    for (let i = 0; i < items.length; i++) {
      const future = items[i]!.future;
      if (reply[1 + 2 * i] === true) settleFuture(future, true, reply[2 + 2 * i]);
      else settleFuture(future, false, fromWireError(reply[2 + 2 * i] as WireError));
    }
  }

  private onRejected(task: Task, items: WorkItem[], ref: FunctionRef, err: unknown): void {
    this.sending--;
    if (task.signal?.aborted && isNamed(err, 'AbortError')) {
      this.abortItems(items, task.signal);
      this.detach(task);
      return this.pump();
    }
    if (err instanceof DOMException && err.name === 'DataCloneError') {
      // This thread could not post the task: an argument does not clone. Only the items with such
      // an argument fail; the rest of a chunk is sent again.
      const fine = items.filter((item) => !this.failUncloneable(item, ref.name));
      if (fine.length === items.length) {
        // No single argument is at fault (cannot happen with plain values): fail them all rather than retry.
        for (const item of items) settleFuture(item.future, false, err);
      } else if (fine.length > 0 && this.brokenReason === undefined) {
        return this.send(task, fine, ref);
      }
      this.detach(task);
      return this.pump();
    }
    this.detach(task);
    this.noteCrash({ fids: items.map((item) => item.future.id), error: err });
  }

  private failUncloneable(item: WorkItem, fnName: string): boolean {
    for (let i = 0; i < item.args.length; i++) {
      const why = cloneErrorOf(item.args[i]);
      if (why) {
        settleFuture(item.future, false, workerErrors.argNotCloneable(fnName, i, why.message));
        return true;
      }
    }
    return false;
  }

  private abortItems(items: readonly WorkItem[], signal: AbortSignal): void {
    for (const item of items) settleFuture(item.future, false, workerErrors.aborted(item.future.fnName, signal.reason));
  }

  /** The task is over (or will never run): its signal no longer concerns it. */
  private detach(task: Task): void {
    if (task.signal !== undefined) this.watches.remove(task.signal, task);
  }

  // --- Workers. ---

  private ensurePool(): Piscina {
    if (this.pool) return this.pool;
    const filename = workerEntryPath();
    const pool = new Piscina({
      filename,
      // Every thread starts with the first task, as Python's pool on Linux starts its processes
      // at the first submit, and lives until shutdown.
      minThreads: this.maxWorkers,
      maxThreads: this.maxWorkers,
      idleTimeout: Infinity,
      concurrentTasksPerWorker: 1,
      // Idle workers then wait on their event loop, not in Atomics.wait(): timers a task left
      // behind keep running (and a stray error in one surfaces at once, as a crash).
      atomics: 'disabled',
      execArgv: workerExecArgv(filename, this.extraExecArgv),
      workerData: { poolscope: { executorName: this.name } satisfies PoolWorkerData },
      ...(this.resourceLimits ? { resourceLimits: this.resourceLimits } : {}),
    });
    // An idle worker's uncaught error arrives here; without a listener it would kill this process.
    pool.on('error', (err: unknown) => this.noteCrash({ error: err, fids: [] }));
    pool.on('workerCreate', () => this.watchNewThreads(pool));
    pool.on('workerDestroy', (worker: { id: number }) => {
      // A live thread (id still set) being removed is piscina's decision: an abort or shutdown.
      if (worker.id !== -1) this.intentional.add(worker.id);
      // Piscina starts the replacement right after: watch it from its birth, not from its first
      // 'workerCreate' (sent once it is ready), so that a death while it boots is seen too.
      queueMicrotask(() => this.watchNewThreads(pool));
    });
    this.pool = pool;
    this.watchNewThreads(pool);
    return pool;
  }

  /** Watches threads not seen before: their spawn, exit and death go to the recording and the crash logic. */
  private watchNewThreads(pool: Piscina): void {
    for (const worker of pool.threads) {
      if (this.watched.has(worker)) continue;
      this.watched.add(worker);
      const tid = worker.threadId;
      const lane = laneOf(tid);
      recording.current?.workerSpawn(this.id, lane);
      worker.on('error', (err: unknown) => this.noteCrash({ tid, error: err, fids: [] }));
      worker.on('exit', (code: number) => {
        recording.current?.workerExit(this.id, lane, code);
        if (this.closing === undefined && !this.intentional.has(tid))
          this.noteCrash({ tid, how: exitText(code), fids: [] });
        this.intentional.delete(tid);
      });
    }
  }

  /**
   * Collects what is known about a worker's death — which thread and why from its events, which
   * futures from the tasks piscina failed — until the next macrotask, then breaks the pool once.
   */
  private noteCrash(part: { tid?: number; how?: string; error?: unknown; fids: number[] }): void {
    if (this.brokenReason !== undefined || this.closing !== undefined) return;
    if (!this.crash) {
      this.crash = { fids: [] };
      setImmediate(() => this.breakPool());
    }
    const crash = this.crash;
    crash.tid ??= part.tid;
    crash.error ??= part.error;
    crash.how ??= part.how;
    crash.fids.push(...part.fids);
  }

  private breakPool(): void {
    const crash = this.crash!;
    const lane = crash.tid === undefined ? `${process.pid}:?` : laneOf(crash.tid);
    const how = crash.error !== undefined ? deathText(crash.error) : (crash.how ?? 'it stopped');
    const rec = recording.current;
    if (rec) rec.workerCrash(this.id, lane, crash.fids, describeError(crash.error ?? new Error(how)));
    this.markBroken(`worker ${lane} died: ${how}`, () => workerErrors.workerDied(this.name, lane, how, crash.error));
    for (let i = this.head; i < this.queue.length; i++) if (this.queue[i]) this.detach(this.queue[i]!);
    this.queue = [];
    this.head = 0;
    // Like Python's terminate_broken: the other workers go too.
    void this.closePool();
  }

  private closePool(): Promise<void> {
    this.closing ??= this.pool ? this.pool.destroy() : Promise.resolve();
    return this.closing;
  }
}

function isDone(item: WorkItem): boolean {
  return item.future.done();
}

function isLive(item: WorkItem): boolean {
  return !item.future.done();
}

/** piscina's run options of a task without a signal: one object for all (piscina only reads it). */
const NO_OPTIONS: { signal?: AbortSignal } = {};

/** Checked before the base class enlists a future: a bad signal must not leave one behind. */
function signalOf(options: SubmitOptions | undefined): AbortSignal | undefined {
  const signal = options?.signal;
  if (signal !== undefined && !(signal instanceof AbortSignal)) throw workerErrors.badSignal(signal);
  return signal;
}

function laneOf(tid: number): string {
  return `${process.pid}:${tid}`;
}

function isNamed(err: unknown, name: string): boolean {
  return err instanceof Error && err.name === name;
}
