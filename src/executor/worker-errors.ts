import { BrokenExecutorError } from './errors.ts';

/**
 * Every error the worker pool raises, and the one place their messages are written. Messages say
 * what happened and what to do, since most of them reach users who did nothing unusual in Node
 * but met a rule of running code in another thread.
 */

/** A task ended by its AbortSignal; Node's own name for that, so `err.name === 'AbortError'` checks work. */
export class AbortError extends Error {
  override name = 'AbortError';
  readonly code = 'ABORT_ERR';
}

const BY_REFERENCE =
  'worker threads load a task by module path and export name, as Python pickles a function by reference';

export const workerErrors = {
  notExported: (name: string, module: string) =>
    new TypeError(
      `${name} is not a top-level export of ${module}: ${BY_REFERENCE}. Export it at the top level of a module.`,
    ),
  closure: (name: string, module: string, outer: string) =>
    new TypeError(
      `${name} is a closure (defined inside ${outer} in ${module}): ${BY_REFERENCE}, so the variables it captured cannot go with it. ` +
        'Move it to the top level of a module, export it, and pass what it captured as arguments.',
    ),
  bound: (name: string) =>
    new TypeError(
      `${name} is a bound function: ${BY_REFERENCE}, and a bound function has neither. ` +
        'Submit the exported target function and pass the bound values as arguments.',
    ),
  native: (name: string) =>
    new TypeError(
      `${name} is a built-in function: ${BY_REFERENCE}, and a built-in has neither. ` +
        'Call it from an exported function of your own module and submit that.',
    ),
  noModule: (name: string, where: string) =>
    new TypeError(
      `${name} was defined in ${where}, which is not a module file: ${BY_REFERENCE}. ` +
        'Define it at the top level of a .js/.mjs/.cjs/.ts file and export it.',
    ),
  notLocated: (name: string, why: string) =>
    new TypeError(
      `cannot find the module of ${name} (${why}): ${BY_REFERENCE}. Export it at the top level of a module.`,
    ),
  argNotCloneable: (fnName: string, index: number, why: string) =>
    new TypeError(
      `argument ${index} of ${fnName} cannot be sent to a worker thread (${why}). Arguments cross threads by structured ` +
        'clone, like Python pickles them: pass plain data (numbers, strings, arrays, plain objects, Maps, typed arrays…), not functions, symbols or live handles.',
    ),
  resultNotCloneable: (fnName: string, why: string) =>
    new TypeError(
      `the result of ${fnName} cannot be sent back from the worker thread (${why}). Results cross threads by structured ` +
        'clone, like Python pickles them: return plain data, not functions, symbols or live handles.',
    ),
  badSignal: (value: unknown) => new TypeError(`signal must be an AbortSignal, got ${typeof value}`),
  aborted: (fnName: string, reason: unknown) =>
    new AbortError(`${fnName} was aborted by its AbortSignal`, { cause: reason }),
  /** `cause`: the error the thread died of, with its stack from the worker (as CPython chains the child's traceback). */
  workerDied: (poolName: string, lane: string, how: string, cause?: unknown) =>
    new BrokenExecutorError(
      `a worker thread (${lane}) of executor '${poolName}' died: ${how}. Its work and the work waiting in the pool were lost; create a new executor to go on.`,
      cause === undefined ? undefined : { cause },
    ),
  startedDuringImport: (kind: string, module: string) =>
    new Error(
      `${kind} was created while a pool worker thread was importing ${module} to find a task's function. ` +
        "Importing a module runs its top-level code, so the program's main code ran again inside the worker. " +
        'Run it only in the main program, like Python\'s `if __name__ == "__main__":` — ' +
        "ES module: `import { isMainProgram } from 'poolscope'; if (isMainProgram()) await main();` " +
        "(or `if (isMainThread)` from 'node:worker_threads'); CommonJS: `if (require.main === module) main();`.",
    ),
};
