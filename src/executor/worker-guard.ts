import { fileURLToPath } from 'node:url';
import { workerErrors } from './worker-errors.ts';

/**
 * State shared between the worker entry and the library as the user's modules import it. They
 * are different module instances (the entry is its own bundle), so the state lives on the
 * thread's global object under registered symbols.
 */
const POOL_WORKER = Symbol.for('poolscope.poolWorker');
const IMPORTING = Symbol.for('poolscope.importingTaskModule');

type GuardGlobal = { [POOL_WORKER]?: true; [IMPORTING]?: string };
const shared = globalThis as GuardGlobal;

/**
 * False in a WorkerPoolExecutor worker thread, true everywhere else: the guard around a program's
 * main code, like Python's `if __name__ == "__main__":`. A worker imports the module that defines
 * a task's function, which runs the module's top level; the guard keeps the program from running
 * again there.
 *
 *     if (isMainProgram()) await main();
 */
export function isMainProgram(): boolean {
  return shared[POOL_WORKER] !== true;
}

/** Called by the worker entry when it loads, before any user module. */
export function markPoolWorker(): void {
  shared[POOL_WORKER] = true;
}

/**
 * Runs `load` (the import of a task's module) with the guard armed: an executor created meanwhile
 * is the program's unguarded main code running in the worker.
 */
export async function whileImportingTaskModule<T>(module: string, load: () => Promise<T> | T): Promise<T> {
  const outer = shared[IMPORTING];
  shared[IMPORTING] = module;
  try {
    return await load();
  } finally {
    shared[IMPORTING] = outer;
  }
}

/**
 * Throws when an executor is being created by a module that a pool worker is importing to find a
 * task (Python's "An attempt has been made to start a new process before the current process has
 * finished its bootstrapping phase"). Executors call it before anything else in their constructor.
 */
export function checkNotImportingTaskModule(kind: string): void {
  const module = shared[IMPORTING];
  if (module === undefined) return;
  throw workerErrors.startedDuringImport(kind, module.startsWith('file:') ? fileURLToPath(module) : module);
}
