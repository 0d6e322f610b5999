import { createHash } from 'node:crypto';

/**
 * Finding a function among what a module exports, shared by both sides of passing a function by
 * reference: the main thread searches CommonJS exports by identity, a worker searches an ES
 * module's namespace by source digest. Both look at the exports and, one level down, the static
 * members of exported objects and classes (Python's qualified names reach methods the same way).
 * One exception to "data properties only" (a getter is user code): the enumerable getters of the
 * exports object itself, which is how transpilers (TypeScript, esbuild, tsx) write CommonJS exports.
 */

type AnyFunction = (...args: never[]) => unknown;

/** The property path from `exports` to `fn`: `[]` for the exports themselves, `[name]`, or `[name, member]`. */
export function findExport(exports: unknown, fn: AnyFunction): string[] | undefined {
  if (exports === fn) return [];
  return findIn(exports, fn.name, (value) => value === fn);
}

/** The export of `ns` whose source text has `digest`, preferring the one called `name`. */
export function findByDigest(ns: unknown, name: string, digest: string): AnyFunction | undefined {
  const path = findIn(ns, name, (value) => typeof value === 'function' && digestOf(value as AnyFunction) === digest);
  if (!path) return undefined;
  let value: unknown = ns;
  for (const key of path) value = ownData(value, key, value === ns);
  return value as AnyFunction;
}

function findIn(exports: unknown, name: string, matches: (value: unknown) => boolean): string[] | undefined {
  if (!isContainer(exports)) return undefined;
  const top = dataProperties(exports, true);
  // The function's own name first: the usual `export function fn` / `exports.fn = fn`.
  const named = top.find(([key, value]) => key === name && matches(value)) ?? top.find(([, value]) => matches(value));
  if (named) return [named[0]];
  for (const [key, value] of top) {
    if (!isContainer(value) || Array.isArray(value) || ArrayBuffer.isView(value)) continue;
    const inner = dataProperties(value).find(([, member]) => matches(member));
    if (inner) return [key, inner[0]];
  }
  return undefined;
}

function isContainer(value: unknown): value is object {
  return (typeof value === 'object' && value !== null) || typeof value === 'function';
}

function dataProperties(value: object, exportGetters = false): [string, unknown][] {
  const out: [string, unknown][] = [];
  let descriptors: Record<string, PropertyDescriptor>;
  try {
    descriptors = Object.getOwnPropertyDescriptors(value);
  } catch {
    // A proxy that refuses to be inspected, or a binding not yet initialized: nothing to find there.
    return out;
  }
  for (const [key, desc] of Object.entries(descriptors)) {
    if ('value' in desc) out.push([key, desc.value]);
    else if (exportGetters && desc.enumerable && desc.get) {
      const read = readGetter(desc.get, value);
      if (read !== NOTHING) out.push([key, read]);
    }
  }
  return out;
}

const NOTHING = Symbol('nothing');

function readGetter(get: () => unknown, target: object): unknown {
  try {
    return get.call(target);
  } catch {
    return NOTHING;
  }
}

/** Identifies a function's source text across threads, which compile the same file the same way. */
export function digestOf(fn: AnyFunction): string {
  return createHash('sha1').update(Function.prototype.toString.call(fn)).digest('base64');
}

/** A data property of `value` (or, with `exportGetters`, an enumerable getter: see the top of this file). */
export function ownData(value: unknown, key: string, exportGetters = false): unknown {
  if (!isContainer(value)) return undefined;
  const desc = Object.getOwnPropertyDescriptor(value, key);
  if (!desc) return undefined;
  if ('value' in desc) return desc.value;
  if (!exportGetters || !desc.enumerable || !desc.get) return undefined;
  const read = readGetter(desc.get, value);
  return read === NOTHING ? undefined : read;
}
