import { types } from 'node:util';
import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { previewOf } from './preview.ts';

/**
 * What the main thread and the pool's worker threads say to each other. Both sides import this
 * module (the worker entry is a separate bundle), so it must stay free of main-thread state.
 */

/**
 * How a worker finds a task's function: by module and export, as Python pickles a function by
 * reference (module + qualified name) rather than by value.
 */
export interface FunctionRef {
  /** `cjs`: `module` is a file path the worker `require`s. `esm`: `module` is a URL the worker `import`s. */
  kind: 'cjs' | 'esm';
  module: string;
  /**
   * Property path from what the module exports to the function: `[]` is `module.exports` itself,
   * `['name']` an export, `['Klass', 'method']` a static method of an exported class. Absent for
   * ES modules: the worker finds the export itself (see `digest`).
   */
  path?: string[];
  /** The function's name, for messages. */
  name: string;
  /**
   * ES modules only: a digest of the function's source text. The main thread cannot read the
   * exports of an ES module that is still evaluating (a main script awaiting `main()` at its top
   * level — `import()` would wait for that forever), so the worker, where the module's top level
   * ran to completion, picks the export whose source matches.
   */
  digest?: string;
}

/**
 * One task message, flat so that structured clone has no keys to write: the function's reference
 * key, then `fid, args` for each call of one `submit` (one call) or one `map` chunk (several).
 * The key is the FunctionRef as JSON (`refKeyOf`): one short string, and the worker's cache key.
 */
export type TaskRequest = [key: string, ...calls: unknown[]];

/**
 * The answer, as flat: the worker's `threadId`, then `true, value` or `false, WireError` for each
 * call, in order.
 */
export type TaskReply = [tid: number, ...outcomes: unknown[]];

const refKeys = new WeakMap<FunctionRef, string>();

/** The reference as the key a task message carries; made once per reference (they are cached per function). */
export function refKeyOf(ref: FunctionRef): string {
  let key = refKeys.get(ref);
  if (key === undefined) {
    key = JSON.stringify(ref);
    refKeys.set(ref, key);
  }
  return key;
}

/**
 * An exception as it crosses threads. Structured clone keeps only the message and stack of most
 * errors (a subclass arrives as a plain Error named `Error`, `code` is lost), so errors travel as
 * their parts and are rebuilt with the original name, message, stack, cause and own data
 * properties. The class itself cannot travel: a user's class (`class TaskError extends Error`)
 * arrives as an Error whose `name` is `TaskError` — test `err.name`, not `instanceof`. (Python
 * rebuilds the class because pickle imports it by reference in the parent; a thread here has its
 * own copy of every module, so even the same class is another object.) Built-in classes are
 * rebuilt as themselves: TypeError, RangeError…, AggregateError with its `errors`, DOMException.
 */
export type WireError =
  | {
      kind: 'error';
      /** Built-in constructor to rebuild with (`TypeError`, …), `Error` for everything else. */
      base: string;
      name: string;
      message: string;
      stack: string | undefined;
      props: Record<string, unknown>;
      cause?: WireError;
      /** AggregateError only: its `errors`, each crossing as an error of its own. */
      errors?: WireError[];
    }
  | { kind: 'value'; value: unknown }
  | { kind: 'preview'; text: string };

const BUILTIN_ERRORS: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  SyntaxError,
  ReferenceError,
  EvalError,
  URIError,
};

/** Depth of nested causes (and aggregated errors) that cross; deeper ones are cut. */
const MAX_DEPTH = 4;

export function toWireError(err: unknown, depth = 0): WireError {
  try {
    return wireErrorOf(err, depth);
  } catch {
    // A proxy or exotic object that refuses inspection: a worker must still answer.
    return { kind: 'preview', text: previewOf(err) };
  }
}

function wireErrorOf(err: unknown, depth: number): WireError {
  if (!(err instanceof Error)) {
    return isCloneable(err) ? { kind: 'value', value: err } : { kind: 'preview', text: previewOf(err) };
  }
  const wire: WireError = {
    kind: 'error',
    base: builtinBaseOf(err),
    name: safeString(() => err.name, 'Error'),
    message: safeString(() => err.message, ''),
    stack: safeString(() => err.stack, '') || undefined,
    props: {},
  };
  // Own data properties only: a getter is user code, and reading it could fail or change state.
  const aggregate = wire.base === 'AggregateError' ? (err as AggregateError) : undefined;
  for (const [key, desc] of Object.entries(Object.getOwnPropertyDescriptors(err))) {
    if (key === 'stack' || key === 'message' || key === 'cause' || !('value' in desc)) continue;
    if (aggregate && key === 'errors' && Array.isArray(desc.value)) {
      if (depth < MAX_DEPTH) wire.errors = (desc.value as unknown[]).map((e) => toWireError(e, depth + 1));
      continue;
    }
    if (key === 'name' && desc.value === wire.name) continue;
    if (isCloneable(desc.value)) wire.props[key] = desc.value;
  }
  const causeDesc = Object.getOwnPropertyDescriptor(err, 'cause');
  if (causeDesc && 'value' in causeDesc && depth < MAX_DEPTH) wire.cause = toWireError(causeDesc.value, depth + 1);
  return wire;
}

export function fromWireError(wire: WireError): unknown {
  if (wire.kind === 'value') return wire.value;
  if (wire.kind === 'preview') return new Error(`a non-cloneable value was thrown in the worker: ${wire.text}`);
  const err = construct(wire);
  if (err.name !== wire.name)
    Object.defineProperty(err, 'name', { value: wire.name, writable: true, configurable: true });
  Object.defineProperty(err, 'stack', {
    value: wire.stack ?? `${wire.name}: ${wire.message}`,
    writable: true,
    configurable: true,
  });
  Object.assign(err, wire.props);
  return err;
}

function construct(wire: Extract<WireError, { kind: 'error' }>): Error {
  const options = wire.cause === undefined ? undefined : { cause: fromWireError(wire.cause) };
  if (wire.base === 'AggregateError') {
    return new AggregateError((wire.errors ?? []).map(fromWireError), wire.message, options);
  }
  if (wire.base === 'DOMException') {
    // DOMException takes no options: its cause is set as the constructor would set it.
    const err = new DOMException(wire.message, wire.name);
    if (options) Object.defineProperty(err, 'cause', { value: options.cause, writable: true, configurable: true });
    return err;
  }
  const Ctor = BUILTIN_ERRORS[wire.base] ?? Error;
  return new Ctor(wire.message, options);
}

function builtinBaseOf(err: Error): string {
  // Before the loop: both are also Errors.
  if (err instanceof DOMException) return 'DOMException';
  if (err instanceof AggregateError) return 'AggregateError';
  for (const [name, Ctor] of Object.entries(BUILTIN_ERRORS)) {
    if (name !== 'Error' && err instanceof Ctor) return name;
  }
  return 'Error';
}

function safeString(read: () => unknown, fallback: string): string {
  try {
    const value = read();
    return value === undefined || value === null ? fallback : String(value);
  } catch {
    return fallback;
  }
}

let probePort: MessagePort | undefined;

/**
 * The error structured clone raises for `value`, or undefined when it can be cloned. Posting to a
 * port whose other end is closed serializes without delivering: half the cost of
 * `structuredClone`, and the same serializer as the real message. Primitives and binary data
 * always clone, so they skip the probe.
 */
export function cloneErrorOf(value: unknown): Error | undefined {
  if (value === null || (typeof value !== 'object' && typeof value !== 'function' && typeof value !== 'symbol')) {
    return undefined;
  }
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return undefined;
  if (typeof value === 'object' && plainlyCloneableSafe(value)) return undefined;
  if (!probePort) {
    const channel = new MessageChannel();
    channel.port2.close();
    probePort = channel.port1;
    probePort.unref();
  }
  try {
    probePort.postMessage(value);
    return undefined;
  } catch (err) {
    return err instanceof Error ? err : new Error(String(err));
  }
}

/** Plain data the fast check vouches for: arrays and plain objects this deep and this wide, of primitives. */
const PLAIN_DEPTH = 2;
const PLAIN_ENTRIES = 64;

/**
 * A structural check that answers for the usual results (arrays and plain objects of numbers and
 * strings) without serializing them once more; anything else (class instances, Maps, proxies,
 * larger or deeper data) goes to the probe. False means "ask the probe", not "cannot clone".
 */
function plainlyCloneableSafe(value: object): boolean {
  try {
    return plainlyCloneable(value, PLAIN_DEPTH);
  } catch {
    // A getter that throws: the probe reports it as the clone would.
    return false;
  }
}

function plainlyCloneable(value: object, depth: number): boolean {
  if (types.isProxy(value)) return false;
  if (Array.isArray(value)) {
    if (Object.getPrototypeOf(value) !== Array.prototype || value.length > PLAIN_ENTRIES) return false;
    for (let i = 0; i < value.length; i++) if (!plainItem(value[i], depth)) return false;
    return true;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) return false;
  let entries = 0;
  for (const key in value) {
    if (++entries > PLAIN_ENTRIES || !plainItem((value as Record<string, unknown>)[key], depth)) return false;
  }
  return true;
}

function plainItem(item: unknown, depth: number): boolean {
  if (item === null) return true;
  const type = typeof item;
  if (type === 'object') return depth > 0 && plainlyCloneable(item as object, depth - 1);
  return type !== 'function' && type !== 'symbol';
}

export function isCloneable(value: unknown): boolean {
  return cloneErrorOf(value) === undefined;
}
