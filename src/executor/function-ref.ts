import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { workerErrors } from './worker-errors.ts';
import { digestOf, findExport } from './worker-exports.ts';
import { locateFunction } from './worker-fn-location.ts';
import type { FunctionRef } from './worker-protocol.ts';

type AnyFunction = (...args: never[]) => unknown;

/**
 * The reference a worker thread loads a task's function by, found once per function object:
 * V8 says which script defined it (see worker-fn-location.ts), then
 * - a CommonJS module (in `require.cache`): the export whose value is the function, found here;
 * - an ES module: the module's URL plus a digest of the function's source, and the worker picks
 *   the matching export (this thread may not be able to read the exports, see FunctionRef).
 * Throws a TypeError saying why a function cannot go by reference (closure, bound, built-in,
 * not exported…); the caller puts it on the future.
 */
export function functionRefOf(fn: AnyFunction): FunctionRef {
  let entry = cache.get(fn);
  if (entry === undefined) {
    entry = resolve(fn);
    cache.set(fn, entry);
  }
  if (typeof entry === 'function') throw entry();
  return entry;
}

/** A found reference, or how to make the error (a fresh one per future, each with its own stack). */
const cache = new WeakMap<AnyFunction, FunctionRef | (() => Error)>();

const requireCache = createRequire(pathToFileURL(process.cwd() + '/').href).cache;

function resolve(fn: AnyFunction): FunctionRef | (() => Error) {
  const name = fn.name || '<anonymous>';
  const where = locateFunction(fn);
  switch (where.kind) {
    case 'bound':
      return () => workerErrors.bound(name);
    case 'native':
      return () => workerErrors.native(name);
    case 'unknown':
      return refByScanning(fn, where.why);
    case 'source':
      break;
  }
  const file = filePathOf(where.url);
  if (file === undefined) return () => workerErrors.noModule(name, where.url ? `'${where.url}'` : 'eval code');
  const cjs = requireCache[file];
  if (cjs) {
    const path = findExport(cjs.exports, fn);
    // `exports.add = (a, b) => a + b` leaves the function nameless: its export names it.
    if (path) return { kind: 'cjs', module: file, path, name: fn.name || path[path.length - 1] || 'module.exports' };
    // A CommonJS module's own wrapper function is an anonymous `Closure`; a named one is the user's.
    const outer = where.scopes.find((scope) => scope !== 'Closure');
    if (outer !== undefined) return () => workerErrors.closure(name, file, describeScope(outer));
    return () => workerErrors.notExported(name, file);
  }
  const outer = where.scopes.find((scope) => scope !== 'Module');
  if (outer !== undefined) return () => workerErrors.closure(name, file, describeScope(outer));
  return { kind: 'esm', module: pathToFileURL(file).href, name, digest: digestOf(fn) };
}

/**
 * Without the inspector (exported for tests): an export of a loaded CommonJS module, else a guess
 * at the main script, which the worker checks (it refuses a function the module does not export).
 */
export function refByScanning(fn: AnyFunction, why: string): FunctionRef | (() => Error) {
  const name = fn.name || '<anonymous>';
  for (const [file, mod] of Object.entries(requireCache)) {
    const path = mod ? findExport(mod.exports, fn) : undefined;
    if (path) return { kind: 'cjs', module: file, path, name: fn.name || path[path.length - 1] || 'module.exports' };
  }
  const main = process.argv[1];
  if (main && isAbsolute(main)) return { kind: 'esm', module: pathToFileURL(main).href, name, digest: digestOf(fn) };
  return () => workerErrors.notLocated(name, why);
}

function filePathOf(url: string): string | undefined {
  if (url.startsWith('file://')) return fileURLToPath(url);
  return isAbsolute(url) ? url : undefined;
}

function describeScope(scope: string): string {
  const m = /^Closure \((.+)\)$/.exec(scope);
  if (m) return `${m[1]}()`;
  return scope === 'Closure' ? 'another function' : `a ${scope.toLowerCase()} scope`;
}
