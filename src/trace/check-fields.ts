import { RECORD_FIELDS, TYPE_FIELDS, type FieldSpec, type FieldTable, type RecordType } from './fields.ts';
import { BREAKS, quickCheck } from './check-fast.ts';

/** One thing wrong with one field: `path` like `submit.site.line`, `problem` like `expected integer, got "x"`. */
export interface FieldProblem {
  path: string;
  problem: string;
}

const LANE_RE = /^\d+:\d+$/;

// Explains what is wrong with a record, field by field, from the same field table as
// check-fast.ts. The reader only comes here for lines that failed its quick check.
interface Field {
  name: string;
  spec: FieldSpec;
  /** For site/error: the nested object's fields; for site[]: a frame's fields. */
  nested: Field[] | undefined;
}

function compile(table: FieldTable): Field[] {
  return Object.entries(table).map(([name, spec]) => ({ name, spec, nested: undefined }));
}

const SITE = compile(TYPE_FIELDS.CallSite);
const ERROR = compile(TYPE_FIELDS.ErrorInfo);
for (const field of [...SITE, ...ERROR]) if (field.spec.kind === 'site[]') field.nested = SITE;

const TABLES = new Map<string, Field[]>(
  Object.entries(RECORD_FIELDS).map(([type, table]) => {
    const fields = compile(table);
    for (const f of fields) {
      if (f.spec.kind === 'site' || f.spec.kind === 'site[]') f.nested = SITE;
      if (f.spec.kind === 'error') f.nested = ERROR;
    }
    return [type, fields];
  }),
);

const EXPECTED: Record<FieldSpec['kind'], string> = {
  int: 'integer',
  number: 'finite number',
  string: 'string',
  bool: 'boolean',
  lane: 'lane "<pid>:<tid>"',
  site: 'call site object',
  error: 'error object',
  'int[]': 'array of integers',
  'string[]': 'array of strings',
  'site[]': 'array of call site objects',
  'int|null': 'integer or null',
  enum: 'one of',
};

/** A short, safe rendering of a bad value for an error message. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'nothing';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'object') return 'object';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? value.slice(0, 40) + '…' : value);
  return String(value);
}

function expected(spec: FieldSpec): string {
  if (spec.kind === 'enum') return `one of ${(spec.values ?? []).join(', ')}`;
  const base = EXPECTED[spec.kind];
  const min = spec.min === undefined ? base : `${base} ≥ ${spec.min}`;
  return spec.max === undefined ? min : `${min} and ≤ ${spec.max}`;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isInt(v: unknown, spec: FieldSpec): boolean {
  return (
    typeof v === 'number' &&
    Number.isSafeInteger(v) &&
    (spec.min === undefined || v >= spec.min) &&
    (spec.max === undefined || v <= spec.max)
  );
}

/** Whether a scalar conforms; objects and arrays are handled by their callers. */
function scalarOk(v: unknown, spec: FieldSpec): boolean {
  switch (spec.kind) {
    case 'int':
      return isInt(v, spec);
    case 'number':
      return (
        typeof v === 'number' &&
        Number.isFinite(v) &&
        (spec.min === undefined || v >= spec.min) &&
        (spec.max === undefined || v <= spec.max)
      );
    case 'string':
      return typeof v === 'string';
    case 'bool':
      return typeof v === 'boolean';
    case 'lane':
      return typeof v === 'string' && LANE_RE.test(v);
    case 'int|null':
      return v === null || isInt(v, spec);
    case 'enum':
      return typeof v === 'string' && spec.values!.includes(v);
    default:
      return false;
  }
}

function report(v: unknown, spec: FieldSpec, path: string, out: FieldProblem[]): void {
  out.push({ path, problem: `expected ${expected(spec)}, got ${describeValue(v)}` });
}

function slowValue(v: unknown, field: Field, path: string, out: FieldProblem[]): void {
  const spec = field.spec;
  if (spec.kind === 'site' || spec.kind === 'error') {
    if (isObject(v)) slowTable(v, field.nested!, path, out);
    else report(v, spec, path, out);
  } else if (spec.kind === 'int[]' || spec.kind === 'string[]' || spec.kind === 'site[]') {
    if (!Array.isArray(v)) return report(v, spec, path, out);
    const item: Field = {
      name: '',
      spec:
        spec.kind === 'int[]'
          ? { kind: 'int', required: true, min: spec.min, max: spec.max }
          : { kind: spec.kind === 'site[]' ? 'site' : 'string', required: true },
      nested: SITE,
    };
    v.forEach((x, i) => slowValue(x, item, `${path}[${i}]`, out));
  } else if (!scalarOk(v, spec)) report(v, spec, path, out);
}

function slowTable(obj: Record<string, unknown>, fields: Field[], path: string, out: FieldProblem[]): void {
  for (const field of fields) {
    const v = obj[field.name];
    if (v === undefined) {
      if (field.spec.required) {
        out.push({ path: `${path}.${field.name}`, problem: `required field missing (${expected(field.spec)})` });
      }
    } else slowValue(v, field, `${path}.${field.name}`, out);
  }
}

/** Every problem of a record of a known type, in field order. */
export function allProblems(rec: Record<string, unknown>, type: RecordType): FieldProblem[] {
  const out: FieldProblem[] = [];
  slowTable(rec, TABLES.get(type)!, type, out);
  return out;
}

/** The first problem of a record of a known type, or undefined when it conforms. */
export function firstProblem(rec: Record<string, unknown>, type: RecordType): FieldProblem | undefined {
  return quickCheck(rec, type) === BREAKS ? allProblems(rec, type)[0] : undefined;
}

/** Names of fields the format does not define, at any depth (`submit.site.extra`), for forward-compatibility warnings. */
export function unknownFields(rec: Record<string, unknown>, type: RecordType): string[] | undefined {
  const found: string[] = [];
  unknownIn(rec, TABLES.get(type)!, type, found);
  return found.length > 0 ? found : undefined;
}

function unknownIn(obj: Record<string, unknown>, fields: Field[], path: string, found: string[]): void {
  for (const key in obj) {
    if (key === 'e' && fields !== SITE && fields !== ERROR) continue;
    const field = fields.find((f) => f.name === key);
    if (!field) found.push(`${path}.${key}`);
    else if (field.nested && isObject(obj[key])) unknownIn(obj[key], field.nested, `${path}.${key}`, found);
    else if (field.nested && Array.isArray(obj[key])) {
      for (const item of obj[key]) if (isObject(item)) unknownIn(item, field.nested, `${path}.${key}[]`, found);
    }
  }
}
