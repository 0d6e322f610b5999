/** An async iterator that also works with `await using`. */
export type ResultIterator<T> = AsyncIterableIterator<T, undefined, undefined> & AsyncDisposable;

/** Returned by a step to end the iteration. */
export const END: unique symbol = Symbol('poolscope.end');

/** What a step produces: the next value, boxed, or END. */
export type Step<T> = { value: T } | typeof END;

/**
 * An async iterator built from `step`, which produces the next value (or END). Values travel
 * boxed: a promise resolved with a Future (a thenable) would adopt the future's outcome instead
 * of carrying the future. For the same reason this is not an async generator, which awaits what
 * it yields; its `finally` would also never run when the consumer stops before the first `next()`.
 *
 * Guarantees: steps run one at a time, in call order, like a generator's; `close` (idempotent)
 * runs exactly when the iteration ends — END, a step that throws, or `return`/`throw` from a
 * for-await loop (`break` included), even before the first `next()`. `beforeNext` runs
 * synchronously in the consumer's `next()` call, the one moment the consumer's frame is on the
 * stack (to capture the call site of a blocking iteration).
 */
export function closable<T>(
  step: () => Promise<Step<T>>,
  close: () => void,
  beforeNext?: () => void,
): ResultIterator<T> {
  let finished = false;
  let last: Promise<unknown> = Promise.resolve();
  const end = (): void => {
    if (finished) return;
    finished = true;
    close();
  };
  const done: IteratorReturnResult<undefined> = { done: true, value: undefined };
  const iterator: ResultIterator<T> = {
    next() {
      beforeNext?.();
      const result = last.then(async (): Promise<IteratorResult<T, undefined>> => {
        if (finished) return done;
        try {
          const boxed = await step();
          if (boxed === END) {
            end();
            return done;
          }
          return { done: false, value: boxed.value };
        } catch (err) {
          end();
          throw err;
        }
      });
      last = result.catch(() => undefined);
      return result;
    },
    return() {
      end();
      return last.then(() => done);
    },
    throw(error?: unknown) {
      end();
      return last.then(() => Promise.reject(error));
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
    async [Symbol.asyncDispose]() {
      await iterator.return!();
    },
  };
  return iterator;
}
