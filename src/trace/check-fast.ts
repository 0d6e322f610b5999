import { RECORD_FIELDS, TYPE_FIELDS, type FieldKind, type FieldTable } from './fields.ts';

/** Verdicts of `quickCheck`. */
export const CONFORMS = 0;
export const BREAKS = 1;
export const HAS_UNKNOWN = 2;

// The reader checks every line, so the field table is compiled once into numeric kind codes and
// per-type maps; a record is then checked in one pass over its own keys. Only the verdict is
// computed here: check-fields.ts explains what is wrong, on the rare lines that need it.
const INT = 0;
const NUMBER = 1;
const STRING = 2;
const BOOL = 3;
const LANE = 4;
const SITE = 5;
const ERROR = 6;
const INTS = 7;
const STRINGS = 8;
const SITES = 9;
const INT_OR_NULL = 10;
const ENUM = 11;

const CODES: Record<FieldKind, number> = {
  int: INT,
  number: NUMBER,
  string: STRING,
  bool: BOOL,
  lane: LANE,
  site: SITE,
  error: ERROR,
  'int[]': INTS,
  'string[]': STRINGS,
  'site[]': SITES,
  'int|null': INT_OR_NULL,
  enum: ENUM,
};

interface Fast {
  code: number;
  required: boolean;
  min: number;
  max: number;
  values: readonly string[] | undefined;
}

interface FastTable {
  byName: Map<string, Fast>;
  /** How many fields are required: seeing that many required keys means none is missing. */
  required: number;
  // A writer emits the keys of one record type in one order, so the previous record's keys and
  // fields are remembered by position: comparing the key (an interned string) replaces a Map lookup.
  lastKeys: string[];
  lastFields: (Fast | undefined)[];
}

function compile(table: FieldTable): FastTable {
  const byName = new Map<string, Fast>();
  let required = 0;
  for (const [name, spec] of Object.entries(table)) {
    byName.set(name, {
      code: CODES[spec.kind],
      required: spec.required,
      min: spec.min ?? -Infinity,
      max: spec.max ?? Infinity,
      values: spec.values,
    });
    if (spec.required) required++;
  }
  return { byName, required, lastKeys: [], lastFields: [] };
}

const SITE_TABLE = compile(TYPE_FIELDS.CallSite);
const ERROR_TABLE = compile(TYPE_FIELDS.ErrorInfo);
const RECORD_TABLES = new Map(Object.entries(RECORD_FIELDS).map(([type, table]) => [type, compile(table)]));

/** `"<pid>:<tid>"` with decimal digits, without a regular expression (this runs for most lines). */
function isLane(s: string): boolean {
  const colon = s.indexOf(':');
  if (colon <= 0 || colon === s.length - 1) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 48 || c > 57) && i !== colon) return false;
  }
  return true;
}

function isInt(v: unknown, min: number): boolean {
  return typeof v === 'number' && Number.isSafeInteger(v) && v >= min;
}

function isIntIn(v: unknown, f: Fast): boolean {
  return isInt(v, f.min) && (v as number) <= f.max;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkValue(v: unknown, f: Fast): number {
  switch (f.code) {
    case INT:
      return isIntIn(v, f) ? CONFORMS : BREAKS;
    case STRING:
      return typeof v === 'string' ? CONFORMS : BREAKS;
    case LANE:
      return typeof v === 'string' && isLane(v) ? CONFORMS : BREAKS;
    case BOOL:
      return typeof v === 'boolean' ? CONFORMS : BREAKS;
    case NUMBER:
      return typeof v === 'number' && Number.isFinite(v) && v >= f.min && v <= f.max ? CONFORMS : BREAKS;
    case ENUM:
      return typeof v === 'string' && f.values!.includes(v) ? CONFORMS : BREAKS;
    case INT_OR_NULL:
      return v === null || isIntIn(v, f) ? CONFORMS : BREAKS;
    case SITE:
      return isPlainObject(v) ? checkObject(v, SITE_TABLE, false) : BREAKS;
    case ERROR:
      return isPlainObject(v) ? checkObject(v, ERROR_TABLE, false) : BREAKS;
    case INTS:
      if (!Array.isArray(v)) return BREAKS;
      for (let i = 0; i < v.length; i++) if (!isIntIn(v[i], f)) return BREAKS;
      return CONFORMS;
    case STRINGS:
      if (!Array.isArray(v)) return BREAKS;
      for (let i = 0; i < v.length; i++) if (typeof v[i] !== 'string') return BREAKS;
      return CONFORMS;
    case SITES: {
      if (!Array.isArray(v)) return BREAKS;
      let verdict = CONFORMS;
      for (let i = 0; i < v.length; i++) {
        const item: unknown = v[i];
        const r = isPlainObject(item) ? checkObject(item, SITE_TABLE, false) : BREAKS;
        if (r === BREAKS) return BREAKS;
        verdict |= r;
      }
      return verdict;
    }
    default:
      return BREAKS;
  }
}

// One pass over the object's own keys: V8 turns `obj[key]` inside `for…in` into a fast indexed
// load, which beats looking every field of the table up by name.
function checkObject(obj: Record<string, unknown>, table: FastTable, isRecord: boolean): number {
  let required = 0;
  let verdict = CONFORMS;
  let position = 0;
  const keys = table.lastKeys;
  const fields = table.lastFields;
  for (const key in obj) {
    let f: Fast | undefined;
    if (keys[position] === key) f = fields[position];
    else {
      f = table.byName.get(key);
      keys[position] = key;
      fields[position] = f;
    }
    position++;
    if (f === undefined) {
      if (!(isRecord && key === 'e')) verdict = HAS_UNKNOWN;
      continue;
    }
    const r = checkValue(obj[key], f);
    if (r === BREAKS) return BREAKS;
    verdict |= r;
    if (f.required) required++;
  }
  return required === table.required ? verdict : BREAKS;
}

/** CONFORMS, BREAKS (check-fields' firstProblem says why) or HAS_UNKNOWN (unknownFields says which). */
export function quickCheck(rec: Record<string, unknown>, type: string): number {
  const table = RECORD_TABLES.get(type);
  return table ? checkObject(rec, table, true) : BREAKS;
}
