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

export class Future<T = unknown> implements PromiseLike<T> {
  /** Id of this future in the recording. */
  readonly id: number;
  /** Name of the function this future runs, for messages and the recording. */
  readonly fnName: string;
  private state: FutureState = 'PENDING';
  private value: T | undefined;
  private error: unknown;
  private hasError = false;
  private callbacks: { fn: DoneCallback<T>; index: number }[] | undefined;
  private callbackCount = 0;
  private waiters: Set<Waiter> | undefined;
  private settled: Promise<void> | undefined;
  private resolveSettled: (() => void) | undefined;

  constructor(fnName = '<future>', id = allocateFutureId()) {
    this.id = id;
    this.fnName = fnName;
  }

  /** True when cancelled or finished. */
  done(): boolean {
    return this.state === 'CANCELLED' || this.state === 'FINISHED';
  }

  running(): boolean {
    return this.state === 'RUNNING';
  }

  cancelled(): boolean {
    return this.state === 'CANCELLED';
  }

  /** The current state, for tools and tests. */
  getState(): FutureState {
    return this.state;
  }

  /**
   * Cancels the future if it has not started. Returns false when it is running or finished,
   * true when it is (now or already) cancelled. Callbacks run at once.
   */
  cancel(): boolean {
    const rec = recording.current;
    if (this.state === 'RUNNING' || this.state === 'FINISHED') {
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
   * `TimeoutError` after `timeout` ms (the work is not cancelled by that).
   */
  async result(options?: { timeout?: number }): Promise<T> {
    await this.waitDone('result', options?.timeout);
    if (this.state === 'CANCELLED') throw errors.cancelled();
    if (this.hasError) throw this.error;
    return this.value as T;
  }

  /** Waits, then gives the task's error, or undefined when it succeeded. */
  async exception(options?: { timeout?: number }): Promise<unknown> {
    await this.waitDone('exception', options?.timeout);
    if (this.state === 'CANCELLED') throw errors.cancelled();
    return this.hasError ? this.error : undefined;
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
    return this.result().then(onFulfilled, onRejected);
  }

  // --- For executor implementers (CPython makes these public for the same reason). ---

  /**
   * Marks the future running, or tells the caller it was cancelled. Returns false when cancelled
   * (the work must not run); throws when the future already ran.
   */
  setRunningOrNotifyCancel(): boolean {
    if (this.state === 'CANCELLED') return false;
    if (this.state !== 'PENDING') throw errors.invalidState(this.id, this.state, 'start it');
    this.state = 'RUNNING';
    return true;
  }

  setResult(value: T): void {
    if (this.done()) throw errors.invalidState(this.id, this.state, 'set its result');
    this.value = value;
    this.state = 'FINISHED';
    const rec = recording.current;
    if (rec) rec.done(this.id, 'result', previewOf(value));
    this.settle();
  }

  setException(error: unknown): void {
    if (this.done()) throw errors.invalidState(this.id, this.state, 'set its exception');
    this.error = error;
    this.hasError = true;
    this.state = 'FINISHED';
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

  /** Resolves when the future is done; never rejects. */
  whenDone(): Promise<void> {
    if (this.done()) return Promise.resolve();
    this.settled ??= new Promise<void>((resolve) => (this.resolveSettled = resolve));
    return this.settled;
  }

  toString(): string {
    return `<Future ${this.id} ${this.fnName} state=${this.state}>`;
  }

  private settle(): void {
    this.resolveSettled?.();
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
      fn(this);
      if (rec) rec.callbackEnd(this.id, index, false);
    } catch (err) {
      // CPython logs and goes on: one bad callback must not stop the others.
      if (rec) rec.callbackEnd(this.id, index, true, describeError(err));
      reportCallbackError(this, err);
    }
  }

  private async waitDone(op: BlockingOp, timeout: number | undefined): Promise<void> {
    if (this.done()) return;
    checkTimeout(timeout);
    const rec = recording.current;
    const bid = rec ? rec.blockBegin(op, [this.id], timeout, undefined) : 0;
    if (timeout === undefined) {
      await this.whenDone();
      if (rec) rec.blockEnd(bid, false);
      return;
    }
    const finished = await raceTimeout(this.whenDone(), timeout);
    if (rec) rec.blockEnd(bid, !finished);
    if (!finished) {
      if (rec) rec.timeout(op, timeout, [this.id], bid, undefined);
      throw errors.timeout(`${op}() of future ${this.id}`, timeout);
    }
  }
}

export function checkTimeout(timeout: number | undefined): void {
  if (timeout === undefined) return;
  if (typeof timeout !== 'number' || !(timeout >= 0)) throw errors.badTimeout(timeout);
}

/** Resolves true when `promise` settles within `ms`, false when the timer fires first. */
export function raceTimeout(promise: Promise<void>, ms: number): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const timer = setTimeout(() => resolve(false), ms);
    promise.then(() => {
      clearTimeout(timer);
      resolve(true);
    });
  });
}

function reportCallbackError<T>(future: Future<T>, err: unknown): void {
  const text = err instanceof Error ? (err.stack ?? String(err)) : String(err);
  process.stderr.write(`poolscope: exception calling callback for ${future.toString()}\n${text}\n`);
}
