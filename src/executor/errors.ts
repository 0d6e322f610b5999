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
    new RangeError(`timeout must be a non-negative number of milliseconds or undefined, got ${String(value)}`),
  badReturnWhen: (value: unknown) =>
    new RangeError(`returnWhen must be FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED, got ${String(value)}`),
  badChunkSize: (value: unknown) => new RangeError(`chunkSize must be a positive integer, got ${String(value)}`),
  notAFunction: (value: unknown) => new TypeError(`submit() needs a function, got ${typeof value}`),
};

/** Python raises RuntimeError on submit after shutdown; Node has no such class, so it is a plain Error. */
type RuntimeError = Error;
