/**
 * The field table of the trace format, written once as data. It drives the validator, the reader's
 * per-record checks, the README drift test and the conformance check other writers (the Python
 * tracer) are held to. `test/unit/trace/drift.test.ts` fails to type-check when this table and the
 * interfaces of `schema.ts` disagree.
 */

export type FieldKind =
  | 'int'
  | 'number'
  | 'string'
  | 'bool'
  | 'lane'
  | 'site'
  | 'error'
  | 'int[]'
  | 'string[]'
  | 'site[]'
  | 'int|null'
  | 'enum';

export interface FieldSpec {
  readonly kind: FieldKind;
  readonly required: boolean;
  /** Unit of a number: `us` (microseconds of the shared monotonic clock) or `ms`. */
  readonly unit?: 'us' | 'ms';
  /** Smallest allowed value of a number. */
  readonly min?: number;
  /** Largest allowed value of a number (ints are also bounded by 2^53 − 1, the largest exact JSON integer). */
  readonly max?: number;
  /** Allowed values of an `enum`. */
  readonly values?: readonly string[];
}

export type FieldTable = Readonly<Record<string, FieldSpec>>;

interface Bounds {
  unit?: 'us' | 'ms';
  min?: number;
  max?: number;
}

function req<const K extends Exclude<FieldKind, 'enum'>>(kind: K, extra?: Bounds) {
  return { kind, required: true as const, ...extra };
}

function opt<const K extends Exclude<FieldKind, 'enum'>>(kind: K, extra?: Bounds) {
  return { kind, required: false as const, ...extra };
}

function oneOf<const V extends readonly string[]>(values: V) {
  return { kind: 'enum' as const, required: true as const, values };
}

const ts = req('int', { unit: 'us', min: 0 });
const id = req('int', { min: 1 });
const optId = opt('int', { min: 1 });
const lane = req('lane');
const site = opt('site');
/** The largest time a JavaScript Date holds (ms since the epoch, ±100 million days); beyond it no date can be shown. */
export const MAX_WALL_MS = 8.64e15;
const blockingOps = ['result', 'exception', 'wait', 'as_completed', 'map'] as const;

/** Fields of the nested objects. */
export const TYPE_FIELDS = {
  CallSite: { file: req('string'), line: req('int', { min: 0 }), col: opt('int', { min: 0 }), fn: opt('string') },
  ErrorInfo: { type: req('string'), message: req('string'), frames: opt('site[]'), stack: opt('string') },
} as const;

/** Fields of every record type except the `e` discriminator, in the order writers emit them. */
export const RECORD_FIELDS = {
  header: {
    v: req('int', { min: 1 }),
    ts,
    wallMs: req('number', { unit: 'ms', min: 0, max: MAX_WALL_MS }),
    clock: oneOf(['CLOCK_MONOTONIC']),
    unit: oneOf(['us']),
    runtime: req('string'),
    runtimeVersion: req('string'),
    program: req('string'),
    args: req('string[]'),
    cwd: req('string'),
    pid: req('int', { min: 0 }),
    writer: req('string'),
  },
  lane: {
    ts,
    lane,
    pid: req('int', { min: 0 }),
    tid: req('int', { min: 0 }),
    name: req('string'),
    kind: oneOf(['main', 'thread', 'worker-thread', 'process']),
  },
  executor: {
    ts,
    xid: id,
    kind: oneOf(['python-thread', 'python-process', 'node-event-loop', 'node-worker', 'other']),
    maxWorkers: req('int', { min: 1 }),
    name: req('string'),
    lane,
    site,
  },
  submit: {
    ts,
    fid: id,
    xid: id,
    fn: req('string'),
    args: req('string'),
    lane,
    site,
    map: optId,
    idx: opt('int', { min: 0 }),
  },
  start: { ts, fid: id, lane },
  end: { ts, fid: id, lane, ok: req('bool') },
  done: {
    ts,
    fid: id,
    lane,
    outcome: oneOf(['result', 'exception', 'cancelled']),
    value: opt('string'),
    error: opt('error'),
  },
  'cb-begin': { ts, fid: id, cb: req('int', { min: 0 }), fn: req('string'), lane },
  'cb-end': { ts, fid: id, cb: req('int', { min: 0 }), lane, raised: req('bool'), error: opt('error') },
  'block-begin': {
    ts,
    bid: id,
    op: oneOf(blockingOps),
    fids: req('int[]', { min: 1 }),
    timeoutMs: opt('number', { unit: 'ms', min: 0 }),
    lane,
    site,
  },
  'block-end': { ts, bid: id, lane, timedOut: req('bool') },
  timeout: {
    ts,
    op: oneOf(blockingOps),
    timeoutMs: req('number', { unit: 'ms', min: 0 }),
    pending: req('int[]', { min: 1 }),
    lane,
    bid: optId,
    site,
  },
  cancel: { ts, fid: id, ok: req('bool'), lane },
  'shutdown-begin': { ts, xid: id, wait: req('bool'), cancelFutures: req('bool'), lane },
  'shutdown-end': { ts, xid: id, lane },
  'worker-spawn': { ts, xid: id, lane },
  'worker-exit': { ts, xid: id, lane, code: req('int|null') },
  'worker-crash': { ts, xid: id, lane, fids: req('int[]', { min: 1 }), error: req('error') },
  broken: { ts, xid: id, reason: req('string') },
  stack: { ts, lane, fid: optId, frames: req('site[]') },
  mark: { ts, name: req('string'), lane, data: opt('string') },
  dropped: { ts, count: req('int', { min: 1 }), lane },
  exit: { ts, pid: req('int', { min: 0 }), code: req('int|null'), signal: opt('string') },
} as const;

export type RecordType = keyof typeof RECORD_FIELDS;

export const RECORD_TYPES = Object.keys(RECORD_FIELDS) as RecordType[];

/** The type column of the README's field tables, e.g. `int ≥ 1`, `enum: result, exception`. */
export function kindLabel(spec: FieldSpec): string {
  if (spec.kind === 'enum') return `enum: ${(spec.values ?? []).join(', ')}`;
  const kind = spec.kind === 'int|null' ? 'int or null' : spec.kind;
  const min = spec.min === undefined ? kind : `${kind} ≥ ${spec.min}`;
  return spec.max === undefined ? min : `${min}, ≤ ${spec.max}`;
}

/** True when `type` names a record type of this version of the format. */
export function isRecordType(type: string): type is RecordType {
  return Object.prototype.hasOwnProperty.call(RECORD_FIELDS, type);
}
