import { callSite } from './call-site.ts';
import { errors } from './errors.ts';
import { checkTimeout, startTimeout, type Future, type Waiter } from './future.ts';
import { recording } from './recording/recorder.ts';

/** Return as soon as any future finishes or is cancelled. */
export const FIRST_COMPLETED = 'FIRST_COMPLETED';
/** Return when any future finishes by throwing; when none does, when all are done. A cancel is not an exception. */
export const FIRST_EXCEPTION = 'FIRST_EXCEPTION';
/** Return when every future is done (the default). */
export const ALL_COMPLETED = 'ALL_COMPLETED';

export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

export interface WaitOptions {
  /**
   * Most milliseconds to wait; on expiry `wait` resolves with what is done so far (it never
   * throws). 0 or less only looks, at once.
   */
  timeout?: number;
  returnWhen?: ReturnWhen;
}

/**
 * Any future, whatever its result type. `Future<T>` is invariant in `T` (its callbacks take it),
 * so `Future<number>` is not a `Future<unknown>`, and `Future<never>` (a task that always
 * throws) is not even a `Future<any>`. Functions that accept futures of mixed types take
 * `F extends AnyFuture` and hand the same `F` back.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above: no other type accepts every Future<T>
export type AnyFuture = Future<any> | Future<never>;

/** Python's `DoneAndNotDoneFutures`. Duplicates in the input appear once. */
export interface DoneAndNotDone<F extends AnyFuture> {
  done: Set<F>;
  notDone: Set<F>;
}

/**
 * Waits for the futures (from any executors) as Python's `concurrent.futures.wait` does, and
 * resolves with the futures that are done and those that are not. A timeout is not an error here:
 * the sets then say what finished in time.
 */
export async function wait<F extends AnyFuture>(
  futures: Iterable<F>,
  options?: WaitOptions,
): Promise<DoneAndNotDone<F>> {
  const timeout = checkTimeout(options?.timeout);
  const returnWhen = options?.returnWhen ?? ALL_COMPLETED;
  if (returnWhen !== FIRST_COMPLETED && returnWhen !== FIRST_EXCEPTION && returnWhen !== ALL_COMPLETED) {
    throw errors.badReturnWhen(returnWhen);
  }
  const all = futureSet('wait', futures);
  const pending = [...all].filter((f) => !f.done());
  // Timeout 0 is a poll, as in CPython: the sets as they are now, without waiting for a timer.
  if (pending.length === 0 || (returnWhen === FIRST_COMPLETED && pending.length < all.size) || timeout === 0) {
    return split(all);
  }
  const rec = recording.current;
  const site = rec ? callSite() : undefined;
  const bid = rec ? rec.blockBegin('wait', ids(pending), timeout, site) : 0;
  return new Promise<DoneAndNotDone<F>>((resolve) => {
    let left = pending.length;
    let finished = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (timedOut: boolean): void => {
      if (finished) return;
      finished = true;
      if (timer !== undefined) clearTimeout(timer);
      for (const f of pending) f.removeWaiter(waiter);
      const result = split(all);
      if (rec) {
        rec.blockEnd(bid, timedOut);
        if (timedOut) rec.timeout('wait', timeout!, ids(result.notDone), bid, site);
      }
      resolve(result);
    };
    const onFailed = (failed: boolean): void => {
      if (failed) finish(false);
    };
    const waiter: Waiter = (future) => {
      left--;
      if (returnWhen === FIRST_COMPLETED || left === 0) finish(false);
      else if (returnWhen === FIRST_EXCEPTION) void hasFailed(future).then(onFailed);
    };
    for (const f of pending) f.addWaiter(waiter);
    if (returnWhen === FIRST_EXCEPTION) {
      for (const f of all) if (f.done()) void hasFailed(f).then(onFailed);
    }
    if (timeout !== undefined) timer = startTimeout(() => finish(true), timeout);
  });
}

/**
 * Whether a done future finished with an exception (a cancel is not one, as in CPython). Future
 * exposes its outcome only asynchronously; asking `result()` rather than `exception()` keeps a
 * thrown `undefined` counted as an exception.
 */
function hasFailed(future: AnyFuture): Promise<boolean> {
  if (future.cancelled()) return Promise.resolve(false);
  return future.result().then(
    () => false,
    () => true,
  );
}

/**
 * The futures as a set (duplicates once), refusing anything else with a message that says what was
 * passed: a promise is the likely mistake, and without this it fails deep inside as `f.done is not
 * a function`.
 */
export function futureSet<F extends AnyFuture>(fn: string, futures: Iterable<F>): Set<F> {
  if (futures === null || typeof (futures as { [Symbol.iterator]?: unknown })?.[Symbol.iterator] !== 'function') {
    throw errors.notIterable(fn, futures);
  }
  const all = new Set<F>();
  let index = 0;
  for (const f of futures) {
    if (!isFuture(f)) throw errors.notAFuture(fn, f, index);
    all.add(f);
    index++;
  }
  return all;
}

/** By shape, not `instanceof`: a second copy of the library (another bundle) makes Futures of another class. */
function isFuture(value: unknown): value is AnyFuture {
  const f = value as Partial<Future<unknown>> | null;
  return typeof f === 'object' && f !== null && typeof f.done === 'function' && typeof f.addWaiter === 'function';
}

function split<F extends AnyFuture>(all: Set<F>): DoneAndNotDone<F> {
  const done = new Set<F>();
  const notDone = new Set<F>();
  for (const f of all) (f.done() ? done : notDone).add(f);
  return { done, notDone };
}

function ids(futures: Iterable<AnyFuture>): number[] {
  const out: number[] = [];
  for (const f of futures) out.push(f.id);
  return out;
}
