/**
 * Every error the executor library raises, and the one place their messages are written.
 * Classes mirror `concurrent.futures`: users catch them with `instanceof`.
 */

export class TimeoutError extends Error {
  override name = 'TimeoutError';
}

export class CancelledError extends Error {
  override name = 'CancelledError';
}

export class InvalidStateError extends Error {
  override name = 'InvalidStateError';
}

/** The pool can no longer run work (a worker died); like Python's `BrokenProcessPool`. */
export class BrokenExecutorError extends Error {
  override name = 'BrokenExecutorError';
}

export const errors = {
  timeout: (op: string, ms: number, pending?: number) =>
    new TimeoutError(
      pending === undefined
        ? `${op} timed out after ${ms} ms; the work goes on (a timeout does not cancel it)`
        : `${op} timed out after ${ms} ms with ${pending} future(s) unfinished; the work goes on (a timeout does not cancel it)`,
    ),
  cancelled: (what = 'future') => new CancelledError(`the ${what} was cancelled`),
  invalidState: (fid: number, state: string, action: string) =>
    new InvalidStateError(`future ${fid} is ${state}; cannot ${action}`),
  submitAfterShutdown: (name: string) =>
    new Error(`cannot schedule new futures after shutdown of executor '${name}'`) as RuntimeError,
  submitAfterBroken: (name: string, reason: string) =>
    new BrokenExecutorError(`executor '${name}' is broken and cannot run new work: ${reason}`),
  badMaxWorkers: (value: unknown) => new RangeError(`maxWorkers must be a positive integer, got ${String(value)}`),
  badTimeout: (value: unknown) =>
    new RangeError(`timeout must be a number of milliseconds (0 or less polls) or undefined, got ${String(value)}`),
  badReturnWhen: (value: unknown) =>
    new RangeError(`returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${String(value)}`),
  badChunkSize: (value: unknown) => new RangeError(`chunkSize must be a positive integer, got ${String(value)}`),
  badBufferSize: (value: unknown) =>
    new RangeError(`bufferSize must be a positive integer or undefined, got ${String(value)}`),
  notAFunction: (value: unknown) => new TypeError(`submit() needs a function, got ${typeof value}`),
  thenableResult: (fid: number) =>
    new TypeError(
      `setResult() of future ${fid} was given a thenable (a Promise or Future). A Future's result is never a thenable: ` +
        'awaiting the future would adopt it instead of giving it. Await it and set what it gives, or wrap it ({ inner }).',
    ),
  returnedOwnFuture: (fid: number, fnName: string) =>
    new InvalidStateError(
      `${fnName} (future ${fid}) returned its own future: the future would wait for itself for ever. Return a value instead.`,
    ),
  notAFuture: (fn: string, value: unknown, index: number) =>
    new TypeError(
      `${fn}() accepts only Futures returned by an executor's submit() (or map futures), but item ${index} is ${describeValue(value)}` +
        (isPromiseLike(value) ? '. To wait for promises, use Promise.all, Promise.race or Promise.allSettled.' : '.'),
    ),
  notIterable: (fn: string, value: unknown) =>
    new TypeError(`${fn}() needs an iterable of Futures (an array, a Set…), got ${describeValue(value)}`),
};

/** Python raises RuntimeError on submit after shutdown; Node has no such class, so it is a plain Error. */
type RuntimeError = Error;

function isPromiseLike(value: unknown): boolean {
  return (
    (typeof value === 'object' || typeof value === 'function') &&
    value !== null &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

/** What a wrong argument is, in a few words: its kind and class, never its (possibly huge) contents. */
function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (typeof value === 'function') return `a function (${value.name || 'anonymous'})`;
  if (typeof value !== 'object') return `${typeof value} ${String(value)}`.slice(0, 80);
  if (value instanceof Promise) return 'a Promise';
  if (typeof (value as { addWaiter?: unknown }).addWaiter === 'function') return 'a Future';
  const ctor = (Object.getPrototypeOf(value) as { constructor?: { name?: string } } | null)?.constructor?.name;
  return isPromiseLike(value) ? `a thenable (${ctor ?? 'object'})` : `an object (${ctor ?? 'null prototype'})`;
}
