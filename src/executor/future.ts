import { errors } from './errors.ts';
import { describeError, previewOf } from './preview.ts';
import { recording } from './recording/recorder.ts';
import { allocateFutureId as allocateRecordedFutureId } from './recording/ids.ts';
import type { BlockingOp } from '../trace/schema.ts';

/**
 * The state machine of CPython's `concurrent.futures.Future`, minus the threading: PENDING →
 * RUNNING → FINISHED, or PENDING → CANCELLED. CPython's CANCELLED_AND_NOTIFIED exists so waiters
 * hear about a cancel only once the executor noticed it; on one event loop a cancel is noticed
 * at once, so waiters and callbacks hear of it immediately.
 */
export type FutureState = 'PENDING' | 'RUNNING' | 'CANCELLED' | 'FINISHED';

export type DoneCallback<T> = (future: Future<T>) => void;

/** Notified once when a future reaches a terminal state; the machinery behind wait() and asCompleted(). */
export type Waiter = (future: Future<unknown>) => void;

/**
 * Ids are unique in the recording: each process allocates from its own range and the threads of a
 * recording session share one counter (recording/ids.ts).
 */
export function allocateFutureId(): number {
  return allocateRecordedFutureId();
}

/**
 * Keys of the links that chain a future into its executor's list of live futures
 * (executor-base.ts): symbols, so they stay out of the public API; in the future itself, so that
 * joining and leaving the list allocates nothing and hashes nothing.
 */
export const livePrev: unique symbol = Symbol('livePrev');
export const liveNext: unique symbol = Symbol('liveNext');

export class Future<T = unknown> implements PromiseLike<T> {
  /** Id of this future in the recording. */
  readonly id: number;
  /** Name of the function this future runs, for messages and the recording. */
  readonly fnName: string;
  /** FAILED is FINISHED with an exception; outside it reads FINISHED. */
  private state: FutureState | 'FAILED' = 'PENDING';
  /** The result, or the exception when FAILED. */
  private outcomeValue: unknown;
  private callbacks: { fn: DoneCallback<T>; index: number }[] | undefined;
  private callbackCount = 0;
  private owner: Waiter | undefined;
  private waiters: Set<Waiter> | undefined;
  /**
   * The outcome as a promise, made when first awaited; every `then`, `result()` and `whenDone()`
   * shares it. Few fields: a burst keeps every future alive at once, and each field is GC work.
   */
  private outcome: Promise<T> | undefined;
  /** Settles `outcome`: with the value, or with a rejected promise (rejection is the rare path). */
  private resolveOutcome: ((value: unknown) => void) | undefined;
  /**
   * Ids of the `result` blocks waiting for the outcome, ended when it comes: most futures have
   * one awaiter, so a number; more awaiters make it an array.
   */
  private blocks: number | number[] | undefined;
  [livePrev]: Future<unknown> | undefined = undefined;
  [liveNext]: Future<unknown> | undefined = undefined;

  constructor(fnName = '<future>', id = allocateFutureId()) {
    this.id = id;
    this.fnName = fnName;
  }

  /** True when cancelled or finished. */
  done(): boolean {
    return this.state !== 'PENDING' && this.state !== 'RUNNING';
  }

  running(): boolean {
    return this.state === 'RUNNING';
  }

  cancelled(): boolean {
    return this.state === 'CANCELLED';
  }

  /** The current state, for tools and tests. */
  getState(): FutureState {
    return this.state === 'FAILED' ? 'FINISHED' : this.state;
  }

  /**
   * Cancels the future if it has not started. Returns false when it is running or finished,
   * true when it is (now or already) cancelled. Callbacks run at once.
   */
  cancel(): boolean {
    const rec = recording.current;
    if (this.state !== 'PENDING' && this.state !== 'CANCELLED') {
      if (rec) rec.cancel(this.id, false);
      return false;
    }
    if (this.state === 'CANCELLED') {
      if (rec) rec.cancel(this.id, true);
      return true;
    }
    this.state = 'CANCELLED';
    if (rec) {
      rec.cancel(this.id, true);
      rec.done(this.id, 'cancelled');
    }
    this.settle();
    return true;
  }

  /**
   * Waits for the outcome. Rejects with the task's error, `CancelledError` when cancelled, or
   * `TimeoutError` after `timeout` ms (the work is not cancelled by that; 0 or less polls). A
   * result is never a thenable: what a task returns is awaited first (see setResult).
   */
  result(options?: { timeout?: number }): Promise<T> {
    const timeout = options?.timeout;
    // Without a timeout (the common case, and every `await future`): no async function, no timer.
    if (timeout === undefined) return this.outcomePromise();
    return this.resultWithin(timeout);
  }

  private async resultWithin(timeout: number): Promise<T> {
    await this.waitDone('result', timeout);
    return this.outcomePromise();
  }

  /** Waits, then gives the task's error, or undefined when it succeeded. */
  async exception(options?: { timeout?: number }): Promise<unknown> {
    await this.waitDone('exception', options?.timeout);
    if (this.state === 'CANCELLED') throw errors.cancelled();
    return this.state === 'FAILED' ? this.outcomeValue : undefined;
  }

  /** Runs `fn(future)` once the future is done; at once when it already is. */
  addDoneCallback(fn: DoneCallback<T>): void {
    const index = this.callbackCount++;
    if (!this.done()) {
      (this.callbacks ??= []).push({ fn, index });
      return;
    }
    this.invokeCallback(fn, index);
  }

  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): Promise<R1 | R2> {
    return this.outcomePromise().then(onFulfilled, onRejected);
  }

  /**
   * The shared promise of the outcome. While the future is not done, asking for it is a `result`
   * block of the recording, ended when the outcome comes.
   */
  private outcomePromise(): Promise<T> {
    if (!this.done()) this.beginBlock();
    return this.outcome ?? this.makeOutcome();
  }

  private makeOutcome(): Promise<T> {
    if (this.done()) {
      this.outcome = this.state === 'FINISHED' ? Promise.resolve(this.outcomeValue as T) : this.rejection();
      return this.outcome;
    }
    // A shared executor function instead of a closure per promise.
    const promise = new Promise<T>(captureResolve as (resolve: (value: T) => void) => void);
    this.resolveOutcome = capturedResolve;
    capturedResolve = undefined;
    this.outcome = promise;
    return promise;
  }

  private rejection(): Promise<never> {
    return Promise.reject(this.state === 'CANCELLED' ? errors.cancelled() : this.outcomeValue);
  }

  private beginBlock(): void {
    const rec = recording.current;
    if (!rec) return;
    oneFid[0] = this.id;
    const bid = rec.blockBegin('result', oneFid, undefined, undefined);
    const blocks = this.blocks;
    if (blocks === undefined) this.blocks = bid;
    else if (typeof blocks === 'number') this.blocks = [blocks, bid];
    else blocks.push(bid);
  }

  // --- For executor implementers (CPython makes these public for the same reason). ---

  /**
   * Marks the future running, or tells the caller it was cancelled. Returns false when cancelled
   * (the work must not run); throws when the future already ran.
   */
  setRunningOrNotifyCancel(): boolean {
    if (this.state === 'CANCELLED') return false;
    if (this.state !== 'PENDING') throw errors.invalidState(this.id, this.getState(), 'start it');
    this.state = 'RUNNING';
    return true;
  }

  /**
   * Sets the result. A thenable (a Promise, another Future) is refused: `result()` and `await`
   * give promises, and a promise cannot hold a thenable — it would adopt it, so the state would
   * say FINISHED while `result()` still waited for the other outcome. Executors unwrap what a
   * task returns before they get here.
   */
  setResult(value: T): void {
    if (this.done()) throw errors.invalidState(this.id, this.getState(), 'set its result');
    if (isThenable(value)) throw errors.thenableResult(this.id);
    this.outcomeValue = value;
    this.state = 'FINISHED';
    const rec = recording.current;
    if (rec) rec.done(this.id, 'result', previewOf(value));
    this.settle();
  }

  setException(error: unknown): void {
    if (this.done()) throw errors.invalidState(this.id, this.getState(), 'set its exception');
    this.outcomeValue = error;
    this.state = 'FAILED';
    const rec = recording.current;
    if (rec) rec.done(this.id, 'exception', undefined, describeError(error));
    this.settle();
  }

  /** Registers a waiter; returns false (and does not register) when the future is already done. */
  addWaiter(waiter: Waiter): boolean {
    if (this.done()) return false;
    (this.waiters ??= new Set()).add(waiter);
    return true;
  }

  removeWaiter(waiter: Waiter): void {
    this.waiters?.delete(waiter);
  }

  /**
   * Tells the executor that owns the future when it is done (once, before waiters and
   * callbacks). One slot, not a waiter: every future has an owner, and a Set each would cost.
   */
  setOwner(owner: Waiter): void {
    this.owner = owner;
  }

  /** Resolves when the future is done; never rejects. */
  whenDone(): Promise<void> {
    if (this.done()) return Promise.resolve();
    return (this.outcome ?? this.makeOutcome()).then(ignore, ignore);
  }

  toString(): string {
    return `<Future ${this.id} ${this.fnName} state=${this.getState()}>`;
  }

  private settle(): void {
    const blocks = this.blocks;
    if (blocks !== undefined) {
      this.blocks = undefined;
      // The recorder of now: one that stopped meanwhile has nothing to end.
      const rec = recording.current;
      if (rec && typeof blocks === 'number') rec.blockEnd(blocks, false);
      else if (rec) for (const bid of blocks as number[]) rec.blockEnd(bid, false);
    }
    const resolve = this.resolveOutcome;
    if (resolve !== undefined) {
      this.resolveOutcome = undefined;
      resolve(this.state === 'FINISHED' ? this.outcomeValue : this.rejection());
    }
    const owner = this.owner;
    this.owner = undefined;
    if (owner !== undefined) owner(this as Future<unknown>);
    const waiters = this.waiters;
    this.waiters = undefined;
    if (waiters) for (const waiter of waiters) waiter(this as Future<unknown>);
    const callbacks = this.callbacks;
    this.callbacks = undefined;
    if (callbacks) for (const { fn, index } of callbacks) this.invokeCallback(fn, index);
  }

  private invokeCallback(fn: DoneCallback<T>, index: number): void {
    const rec = recording.current;
    if (rec) rec.callbackBegin(this.id, index, fn.name || '<anonymous>');
    try {
      const returned: unknown = fn(this);
      if (rec) rec.callbackEnd(this.id, index, false);
      // An async callback's rejection is the same mistake as a throw; left alone it would be an
      // unhandled rejection that ends the program.
      if (isThenable(returned)) returned.then(undefined, (err: unknown) => reportCallbackError(this, err));
    } catch (err) {
      // CPython logs and goes on: one bad callback must not stop the others.
      if (rec) rec.callbackEnd(this.id, index, true, describeError(err));
      reportCallbackError(this, err);
    }
  }

  private async waitDone(op: BlockingOp, userTimeout: number | undefined): Promise<void> {
    // Checked first, so a bad timeout is refused whatever the state of the future.
    const timeout = checkTimeout(userTimeout);
    if (this.done()) return;
    const rec = recording.current;
    const bid = rec ? rec.blockBegin(op, [this.id], timeout, undefined) : 0;
    if (timeout === undefined) {
      await this.whenDone();
      if (rec) rec.blockEnd(bid, false);
      return;
    }
    const finished = await doneWithin(this, timeout);
    if (rec) rec.blockEnd(bid, !finished);
    if (!finished) {
      if (rec) rec.timeout(op, timeout, [this.id], bid, undefined);
      throw errors.timeout(`${op}() of future ${this.id}`, timeout);
    }
  }
}

/** What `doneWithin` needs of a future, whatever its result type (Future<T> is invariant in T). */
type Waitable = Pick<Future<unknown>, 'done' | 'addWaiter' | 'removeWaiter'>;

/** The `fids` of a one-future block: reused, since recorders copy what they keep (see Recorder.blockBegin). */
const oneFid = [0];

let capturedResolve: ((value: unknown) => void) | undefined;
function captureResolve(resolve: (value: unknown) => void): void {
  capturedResolve = resolve;
}

function ignore(): void {}

/**
 * Validates a user's timeout and gives the one to use: milliseconds, undefined for none. 0 or
 * less polls, as in CPython (a deadline already past raises TimeoutError at once, so
 * `deadline - performance.now()` can be passed as it is); it is given as 0. Infinity is no timeout.
 */
export function checkTimeout(timeout: number | undefined): number | undefined {
  if (timeout === undefined) return undefined;
  if (typeof timeout !== 'number' || Number.isNaN(timeout)) throw errors.badTimeout(timeout);
  return timeout === Infinity ? undefined : Math.max(0, timeout);
}

/** The longest delay Node's timers honour (2^31 − 1 ms, about 24.8 days). */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * `setTimeout` for user timeouts. Node fires a longer delay (and Infinity) after 1 ms; a timeout
 * past 24.8 days never fires in any real program, so it gets no timer at all, as Python's
 * `result(timeout=1e10)` waits for good.
 */
export function startTimeout(fn: () => void, ms: number): ReturnType<typeof setTimeout> | undefined {
  return ms > MAX_TIMER_MS ? undefined : setTimeout(fn, ms);
}

/**
 * Resolves true when `future` is done within `ms`, false when the time runs out first; with `ms`
 * 0 or less, at once. Waits as a waiter, not on the outcome promise: a reaction on a promise
 * stays until the promise settles, so a poll loop of timed-out calls on a long task would keep
 * every one of them; a waiter is removed when its time is up.
 */
export function doneWithin(future: Waitable, ms: number): Promise<boolean> {
  if (future.done()) return Promise.resolve(true);
  if (ms <= 0) return Promise.resolve(false);
  return new Promise<boolean>((resolve) => {
    // The waiter runs only once the future settles, after `timer` is set.
    const waiter: Waiter = () => {
      if (timer !== undefined) clearTimeout(timer);
      resolve(true);
    };
    const timer = startTimeout(() => {
      future.removeWaiter(waiter);
      resolve(false);
    }, ms);
    future.addWaiter(waiter);
  });
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function reportCallbackError<T>(future: Future<T>, err: unknown): void {
  const text = err instanceof Error ? (err.stack ?? String(err)) : String(err);
  process.stderr.write(`poolscope: exception calling callback for ${future.toString()}\n${text}\n`);
}
