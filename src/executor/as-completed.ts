import { callSite } from './call-site.ts';
import { END, closable, type ResultIterator, type Step } from './closable-iterator.ts';
import { errors } from './errors.ts';
import { checkTimeout, startTimeout, type Waiter } from './future.ts';
import { futureSet, type AnyFuture } from './wait.ts';
import { recording } from './recording/recorder.ts';
import type { CallSite } from '../trace/schema.ts';

/**
 * Yields the futures (from any executors) as they complete, like Python's `as_completed`: those
 * already done first, then each as it finishes or is cancelled; duplicates once. With `timeout`
 * (ms, counted from this call) the iterator throws TimeoutError when the rest are not done in
 * time. Listening starts at the call, so completion order is exact even before the first `next()`;
 * stopping early (break, return, throw) removes every listener.
 */
export function asCompleted<F extends AnyFuture>(
  futures: Iterable<F>,
  options?: { timeout?: number },
): ResultIterator<F> {
  const timeout = checkTimeout(options?.timeout);
  const endTime = timeout === undefined ? undefined : performance.now() + timeout;
  const unique = futureSet('asCompleted', futures);
  const total = unique.size;
  const ready: F[] = [];
  const pending = new Set<F>();
  for (const f of unique) {
    if (f.done()) ready.push(f);
    else pending.add(f);
  }
  let wake: (() => void) | undefined;
  let site: CallSite | undefined;
  const waiter: Waiter = (future) => {
    pending.delete(future as F);
    ready.push(future as F);
    wake?.();
  };
  for (const f of pending) f.addWaiter(waiter);
  let closed = false;
  const close = (): void => {
    if (closed) return;
    closed = true;
    for (const f of pending) f.removeWaiter(waiter);
    pending.clear();
    ready.length = 0;
    wake?.();
  };

  /** Resolves true when a future completed (or the iterator closed), false when the time is up. */
  const sleep = (ms: number | undefined): Promise<boolean> =>
    new Promise<boolean>((resolve) => {
      const timer = ms === undefined ? undefined : startTimeout(() => resolve(false), ms);
      wake = () => {
        if (timer !== undefined) clearTimeout(timer);
        resolve(true);
      };
    }).finally(() => {
      wake = undefined;
    });

  const step = async (): Promise<Step<F>> => {
    for (;;) {
      const next = ready.shift();
      if (next !== undefined) return { value: next };
      if (closed || pending.size === 0) return END;
      const remaining = endTime === undefined ? undefined : Math.max(0, endTime - performance.now());
      const rec = recording.current;
      const bid = rec ? rec.blockBegin('as_completed', ids(pending), remaining, site) : 0;
      // Out of time: TimeoutError now, as CPython raises it, not after a timer tick.
      const woken = remaining === 0 ? false : await sleep(remaining);
      if (rec) rec.blockEnd(bid, !woken);
      if (!woken) {
        if (rec) rec.timeout('as_completed', timeout!, ids(pending), bid, site);
        throw errors.timeout(`asCompleted() of ${total} future(s)`, timeout!, pending.size);
      }
    }
  };

  return closable(step, close, () => {
    site = recording.current ? callSite() : undefined;
  });
}

function ids(futures: Iterable<AnyFuture>): number[] {
  const out: number[] = [];
  for (const f of futures) out.push(f.id);
  return out;
}
