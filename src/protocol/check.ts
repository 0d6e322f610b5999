/**
 * Checks for data that arrived through postMessage. Each returns the value typed or throws a
 * ProtocolError naming the path, what was expected and what came; the parse functions catch it.
 * Objects must be plain and hold only the fields the protocol names, so `__proto__`, `constructor`
 * or any key a hostile page might add never reaches code that spreads or indexes objects.
 */
import { LIMITS } from './messages.ts';

export class ProtocolError extends Error {}

/** A short, safe description of a value for an error message (never the whole of a huge string). */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'string') {
    return value.length > 40 ? `a string of ${value.length} characters` : JSON.stringify(value);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return typeof value === 'object' ? 'an object' : typeof value;
}

export function fail(path: string, expected: string, got: unknown): never {
  throw new ProtocolError(`${path}: expected ${expected}, got ${describeValue(got)}`);
}

/** A plain object with every `required` key and no key outside `required` and `optional`. */
export function record(
  value: unknown,
  path: string,
  required: readonly string[],
  optional: readonly string[] = [],
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  // Plain: made by an object literal or JSON.parse, in this realm or another (a message may be
  // deserialized in another frame), so its prototype is null or a realm's Object.prototype.
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) fail(path, 'a plain object', value);
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    if (!required.includes(key) && !optional.includes(key)) {
      throw new ProtocolError(`${path}: unexpected field ${JSON.stringify(key.slice(0, 40))}`);
    }
  }
  for (const key of required) {
    if (!Object.hasOwn(fields, key)) throw new ProtocolError(`${path}: missing field "${key}"`);
  }
  return fields;
}

export function str(value: unknown, path: string, max: number = LIMITS.maxString): string {
  if (typeof value !== 'string') fail(path, 'a string', value);
  if (value.length > max) fail(path, `a string of at most ${max} characters`, value);
  return value;
}

export function int(value: unknown, path: string, min: number, max: number = Number.MAX_SAFE_INTEGER): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    fail(path, `an integer in ${min}..${max}`, value);
  }
  return value;
}

export function num(value: unknown, path: string, min = -Number.MAX_VALUE): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min)
    fail(path, `a finite number ≥ ${min}`, value);
  return value;
}

export function bool(value: unknown, path: string): boolean {
  if (typeof value !== 'boolean') fail(path, 'true or false', value);
  return value;
}

/** µs since origin, or null when unknown. */
export function time(value: unknown, path: string): number | null {
  if (value === null) return null;
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number or null', value);
  return value;
}

export function nullable<T>(value: unknown, path: string, check: (value: unknown, path: string) => T): T | null {
  return value === null ? null : check(value, path);
}

export function oneOf<T extends string>(value: unknown, path: string, values: readonly T[]): T {
  if (typeof value !== 'string' || !(values as readonly string[]).includes(value)) {
    fail(path, `one of ${values.join(', ')}`, value);
  }
  return value as T;
}

export function array(value: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  if (value.length > max) fail(path, `an array of at most ${max} items`, value);
  return value;
}

export function list<T>(value: unknown, path: string, max: number, item: (value: unknown, path: string) => T): T[] {
  const items = array(value, path, max);
  const out = new Array<T>(items.length);
  for (let i = 0; i < items.length; i++) out[i] = item(items[i], `${path}[${i}]`);
  return out;
}

/** A column of integers in min..max. Hot: one append may carry 65k rows of each column. */
export function intColumn(value: unknown, path: string, min: number, max: number = Number.MAX_SAFE_INTEGER): number[] {
  const items = array(value, path, LIMITS.maxBatch);
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      fail(`${path}[${i}]`, `an integer in ${min}..${max}`, v);
    }
  }
  return items as number[];
}

export function timeColumn(value: unknown, path: string): (number | null)[] {
  const items = array(value, path, LIMITS.maxBatch);
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (v !== null && (typeof v !== 'number' || !Number.isFinite(v)))
      fail(`${path}[${i}]`, 'a finite number or null', v);
  }
  return items as (number | null)[];
}

export function numColumn(value: unknown, path: string): number[] {
  const items = array(value, path, LIMITS.maxBatch);
  for (let i = 0; i < items.length; i++) {
    const v = items[i];
    if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}[${i}]`, 'a finite number', v);
  }
  return items as number[];
}

type ColumnCheck = (value: unknown, path: string) => unknown[];

/** An object of equally long columns, each checked by its own function. */
export function columns<S extends Record<string, ColumnCheck>>(
  value: unknown,
  path: string,
  spec: S,
): { [K in keyof S]: ReturnType<S[K]> } {
  const names = Object.keys(spec);
  const fields = record(value, path, names);
  const out: Record<string, unknown[]> = {};
  let length = -1;
  for (const name of names) {
    const column = spec[name]!(fields[name], `${path}.${name}`);
    if (length === -1) length = column.length;
    else if (column.length !== length) {
      throw new ProtocolError(`${path}.${name}: expected ${length} rows like the other columns, got ${column.length}`);
    }
    out[name] = column;
  }
  return out as { [K in keyof S]: ReturnType<S[K]> };
}

/** Column checks bound to their ranges, for `columns` specs. */
export const col = {
  index: (v: unknown, p: string) => intColumn(v, p, 0),
  ref: (v: unknown, p: string) => intColumn(v, p, -1),
  id: (v: unknown, p: string) => intColumn(v, p, 1),
  count: (v: unknown, p: string) => intColumn(v, p, 0),
  flag: (v: unknown, p: string) => intColumn(v, p, 0, 1),
  tri: (v: unknown, p: string) => intColumn(v, p, -1, 1),
  time: timeColumn,
  ts: numColumn,
  nonNegative: (v: unknown, p: string) => {
    const items = numColumn(v, p);
    for (let i = 0; i < items.length; i++) if (items[i]! < 0) fail(`${p}[${i}]`, 'a number ≥ 0', items[i]);
    return items;
  },
  upTo: (max: number) => (v: unknown, p: string) => intColumn(v, p, 0, max),
};
