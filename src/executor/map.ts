import { END, closable, type ResultIterator, type Step } from './closable-iterator.ts';
import { callSite } from './call-site.ts';
import { errors } from './errors.ts';
import { raceTimeout, type Future } from './future.ts';
import { recording } from './recording/recorder.ts';
import type { CallSite } from '../trace/schema.ts';

/**
 * Options of `executor.mapWith(options, fn, ...iterables)`, Python's `map(fn, *iterables,
 * timeout=None, chunksize=1)`. They come first because the iterables are a rest parameter: a
 * trailing options object could not be told apart from an iterable without a brand.
 */
export interface MapOptions {
  /** Milliseconds from the `map` call until every result must be ready; the iterator throws TimeoutError past it. */
  timeout?: number;
  /** Items sent to a worker per task. Executors on the event loop accept and ignore it, like Python's ThreadPoolExecutor. */
  chunkSize?: number;
}

/** One iterable per parameter of the mapped function: `fn(a: number, b: string)` takes `Iterable<number>, Iterable<string>`. */
export type IterablesOf<A extends readonly unknown[]> = { [K in keyof A]: Iterable<A[K]> };

/** Zips the iterables into argument lists, stopping at the shortest (Python's `zip`). No iterable → no items. */
export function zipArgs(iterables: readonly Iterable<unknown>[]): unknown[][] {
  if (iterables.length === 0) return [];
  const iterators = iterables.map((it) => it[Symbol.iterator]());
  const rows: unknown[][] = [];
  try {
    for (;;) {
      const row: unknown[] = [];
      for (const it of iterators) {
        const step = it.next();
        if (step.done) return rows;
        row.push(step.value);
      }
      rows.push(row);
    }
  } finally {
    // Like zip: iterators left unfinished (the longer ones) are closed so generators run their finally.
    for (const it of iterators) it.return?.();
  }
}

export function checkChunkSize(chunkSize: number | undefined): number {
  if (chunkSize === undefined) return 1;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw errors.badChunkSize(chunkSize);
  return chunkSize;
}

/**
 * Yields the results of `futures` in order, like the `result_iterator` of Python's
 * `Executor.map`: `timeout` counts from `startedAt` (the map call), a future that is not done in
 * time ends the iteration with TimeoutError, the first failing item throws its error at its
 * position, and however the iteration ends every future not yet yielded is cancelled (the ones
 * already running finish; their results are dropped). A timed-out item is cancelled too, as
 * Python's `_result_or_cancel` does.
 */
export function resultIterator<T>(
  futures: readonly Future<T>[],
  timeout: number | undefined,
  startedAt: number,
  what: string,
): ResultIterator<T> {
  const endTime = timeout === undefined ? undefined : startedAt + timeout;
  let next = 0;
  let closed = false;
  let site: CallSite | undefined;
  const close = (): void => {
    closed = true;
    for (let i = next; i < futures.length; i++) futures[i]!.cancel();
  };
  const step = async (): Promise<Step<T>> => {
    if (next >= futures.length) return END;
    const future = futures[next]!;
    if (!future.done()) await block(future);
    // Closed while waiting (a concurrent return()): the future was cancelled on purpose.
    if (closed) return END;
    next++;
    // Done by now, so result() returns (or throws the task's error) without blocking.
    return { value: await future.result() };
  };
  const block = async (future: Future<T>): Promise<void> => {
    const rec = recording.current;
    const remaining = endTime === undefined ? undefined : Math.max(0, endTime - performance.now());
    const bid = rec ? rec.blockBegin('map', [future.id], remaining, site) : 0;
    const finished =
      remaining === undefined ? (await future.whenDone(), true) : await raceTimeout(future.whenDone(), remaining);
    if (rec) rec.blockEnd(bid, !finished);
    if (finished) return;
    const pending = futures.slice(next).filter((f) => !f.done());
    if (rec) rec.timeout('map', timeout!, ids(pending), bid, site);
    throw errors.timeout(what, timeout!, pending.length);
  };
  return closable(step, close, () => {
    site = recording.current ? callSite() : undefined;
  });
}

function ids<T>(futures: readonly Future<T>[]): number[] {
  return futures.map((f) => f.id);
}
