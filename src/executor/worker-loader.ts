import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { findByDigest, ownData } from './worker-exports.ts';
import { whileImportingTaskModule } from './worker-guard.ts';
import { workerErrors } from './worker-errors.ts';
import type { FunctionRef } from './worker-protocol.ts';

export type TaskFunction = (...args: unknown[]) => unknown;

/**
 * Worker side of passing a function by reference: loads the module (Node caches it, so its top
 * level runs once per worker) and finds the function in it. Lookups are cached per reference key
 * (the reference as JSON, what each task message carries), so after the first call of a function
 * a worker finds it with one map lookup and no await.
 */
export function loadTaskFunction(key: string): Promise<TaskFunction> {
  let found = loading.get(key);
  if (!found) {
    const ref = JSON.parse(key) as FunctionRef;
    found = ref.kind === 'cjs' ? loadCommonJs(ref) : loadEsm(ref);
    loading.set(key, found);
    found.then(
      (fn) => loaded.set(key, fn),
      // A failed lookup is not kept: each failing task gets its own error.
      () => loading.delete(key),
    );
  }
  return found;
}

/** The function of `key` when an earlier task loaded it; then it runs without waiting for anything. */
export function loadedTaskFunction(key: string): TaskFunction | undefined {
  return loaded.get(key);
}

const loading = new Map<string, Promise<TaskFunction>>();
const loaded = new Map<string, TaskFunction>();

async function loadCommonJs(ref: FunctionRef): Promise<TaskFunction> {
  let value = await whileImportingTaskModule(ref.module, () => createRequire(ref.module)(ref.module) as unknown);
  const exports = value;
  for (const key of ref.path ?? []) value = ownData(value, key, value === exports);
  if (typeof value !== 'function') throw workerErrors.notExported(ref.name, ref.module);
  return value as TaskFunction;
}

async function loadEsm(ref: FunctionRef): Promise<TaskFunction> {
  const ns = await whileImportingTaskModule(ref.module, () => importModule(ref.module));
  const found = findByDigest(ns, ref.name, ref.digest ?? '');
  if (!found) throw workerErrors.notExported(ref.name, fileURLToPath(ref.module));
  return found as TaskFunction;
}

// A real dynamic import in every layout: the CommonJS bundle and tsx's CommonJS output must not
// turn it into require(), which cannot load ES modules with top-level await.
const importModule = new Function('url', 'return import(url)') as (url: string) => Promise<unknown>;
