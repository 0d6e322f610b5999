import { END, closable, type ResultIterator, type Step } from './closable-iterator.ts';
import { callSite } from './call-site.ts';
import { errors } from './errors.ts';
import { doneWithin, type Future } from './future.ts';
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
  /**
   * Python 3.14's `buffersize`: read the iterables lazily, keeping at most this many chunks (items,
   * when `chunkSize` is 1) submitted whose results have not been yielded; each result taken makes
   * room for the next. For infinite or huge iterables. Without it every item is read and submitted
   * at the `map` call. An error of an iterable, or the executor refusing work (shut down, broken),
   * then ends the iteration where it happens.
   */
  bufferSize?: number;
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

/**
 * The iterables zipped lazily, for `bufferSize`: `take(n)` reads up to n rows (fewer once the
 * shortest iterable ends, and then the iterators are closed, as zip closes them); `close()` closes
 * them early. An iterable that throws closes them all and the error goes to the caller.
 */
export interface LazyRows {
  take(count: number): unknown[][];
  close(): void;
}

export function lazyZip(iterables: readonly Iterable<unknown>[]): LazyRows {
  const iterators = iterables.map((it) => it[Symbol.iterator]());
  let open = iterators.length > 0;
  const close = (): void => {
    if (!open) return;
    open = false;
    for (const it of iterators) it.return?.();
  };
  const take = (count: number): unknown[][] => {
    const rows: unknown[][] = [];
    try {
      while (open && rows.length < count) {
        const row: unknown[] = [];
        for (const it of iterators) {
          const step = it.next();
          if (step.done) {
            close();
            return rows;
          }
          row.push(step.value);
        }
        rows.push(row);
      }
      return rows;
    } catch (err) {
      close();
      throw err;
    }
  };
  return { take, close };
}

export function checkChunkSize(chunkSize: number | undefined): number {
  if (chunkSize === undefined) return 1;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw errors.badChunkSize(chunkSize);
  return chunkSize;
}

export function checkBufferSize(bufferSize: number | undefined): number | undefined {
  if (bufferSize === undefined) return undefined;
  if (!Number.isInteger(bufferSize) || bufferSize < 1) throw errors.badBufferSize(bufferSize);
  return bufferSize;
}

/** Where a lazy map (`bufferSize`) gets more futures as results are taken. */
export interface MoreFutures<T> {
  /** Reads and submits the next chunk; its futures, or undefined when the iterables are exhausted. May throw. */
  next(): Future<T>[] | undefined;
  /** Closes the iterables: the iteration ended before they did. */
  close(): void;
  /** Most futures submitted and not yet yielded (bufferSize × chunkSize). */
  limit: number;
  /** Futures per `next()` (the chunk size): room is made a chunk at a time. */
  chunk: number;
}

/**
 * Yields the results of `futures` in order, like the `result_iterator` of Python's
 * `Executor.map`: `timeout` counts from `startedAt` (the map call), a future that is not done in
 * time ends the iteration with TimeoutError, the first failing item throws its error at its
 * position, and however the iteration ends every future not yet yielded is cancelled (the ones
 * already running finish; their results are dropped). A timed-out item is cancelled too, as
 * Python's `_result_or_cancel` does. With `more` (a lazy map), each step first submits what fits
 * under the limit. Yielded futures are let go, as Python pops them, so a long map holds only the
 * ones ahead.
 */
export function resultIterator<T>(
  futures: Future<T>[],
  more: MoreFutures<T> | undefined,
  timeout: number | undefined,
  startedAt: number,
  what: string,
): ResultIterator<T> {
  const endTime = timeout === undefined ? undefined : startedAt + timeout;
  let queue: (Future<T> | undefined)[] = futures;
  let head = 0;
  let exhausted = more === undefined;
  let closed = false;
  let site: CallSite | undefined;
  const close = (): void => {
    closed = true;
    for (let i = head; i < queue.length; i++) queue[i]!.cancel();
    if (!exhausted) {
      exhausted = true;
      more!.close();
    }
  };
  const topUp = (more: MoreFutures<T>): void => {
    while (!exhausted && queue.length - head + more.chunk <= more.limit) {
      const chunk = more.next();
      if (chunk === undefined) exhausted = true;
      else for (const future of chunk) queue.push(future);
    }
  };
  const step = async (): Promise<Step<T>> => {
    if (!exhausted) topUp(more!);
    if (head >= queue.length) return END;
    const future = queue[head]!;
    if (!future.done()) await block(future);
    // Closed while waiting (a concurrent return()): the future was cancelled on purpose.
    if (closed) return END;
    queue[head++] = undefined;
    if (head > 1024 && head * 2 > queue.length) {
      queue = queue.slice(head);
      head = 0;
    }
    // Done by now, so result() returns (or throws the task's error) without blocking.
    return { value: await future.result() };
  };
  const block = async (future: Future<T>): Promise<void> => {
    const rec = recording.current;
    const remaining = endTime === undefined ? undefined : Math.max(0, endTime - performance.now());
    const bid = rec ? rec.blockBegin('map', [future.id], remaining, site) : 0;
    const finished = remaining === undefined ? (await future.whenDone(), true) : await doneWithin(future, remaining);
    if (rec) rec.blockEnd(bid, !finished);
    if (finished) return;
    const pending = (queue.slice(head) as Future<T>[]).filter((f) => !f.done());
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
