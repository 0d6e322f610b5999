import type { Header, TraceEvent } from './schema.ts';
import { RECORD_FIELDS, TYPE_FIELDS, type FieldTable, type RecordType } from './fields.ts';
import { allProblems, unknownFields } from './check-fields.ts';
import { issues, type TraceIssue } from './issues.ts';
import { readTraceInto, type UnknownRecord } from './reader.ts';

export interface ValidationResult {
  /** True when no issue is an error or fatal. */
  ok: boolean;
  issues: TraceIssue[];
  header: Header | undefined;
  /** Record types and field paths present in the recording (`submit`, `submit.site`, `submit.site.col`…). */
  seen: Set<string>;
}

interface Pos {
  line: number;
  byte: number;
}

/**
 * Checks a whole recording: every record against the field table, then the rules that span
 * records. Those run at the end, in no particular order of the file, because lines of several
 * processes interleave (a worker's `start` may be written before its parent's `submit`). When the
 * recording says it dropped events, a broken reference is only a warning: it may be a lost line.
 */
export function validateRecording(input: string | Uint8Array, options: { maxIssues?: number } = {}): ValidationResult {
  const found: TraceIssue[] = [];
  const seen = new Set<string>();
  const cross = new CrossChecks();
  let header: Header | undefined;
  // Returns false when the record breaks the field table; such records stay out of the cross-record checks.
  const check = (rec: Record<string, unknown>, type: RecordType, line: number, byte: number) => {
    noteSeen(rec, type, seen);
    const problems = allProblems(rec, type);
    for (const p of problems) found.push(issues.badField(line, byte, p.path, p.problem));
    for (const path of unknownFields(rec, type) ?? []) found.push(issues.unknownField(line, byte, path));
    return problems.length === 0;
  };
  const decoder = readTraceInto(
    input,
    {
      header: (h, line, byte) => {
        header = h;
        check(h as unknown as Record<string, unknown>, 'header', line, byte);
      },
      event: (e, line, byte) => {
        if (check(e as unknown as Record<string, unknown>, e.e, line, byte)) cross.add(e, { line, byte });
      },
      unknown: (r: UnknownRecord) => seen.add(r.e),
    },
    { positions: true, check: false, maxIssues: options.maxIssues ?? 1000 },
  );
  const all = [...decoder.issues, ...found, ...cross.finish()];
  all.sort((a, b) => (a.line ?? Infinity) - (b.line ?? Infinity));
  const max = options.maxIssues ?? 1000;
  const listed = all.length > max ? [...all.slice(0, max), issues.tooMany(all.length - max)] : all;
  return { ok: !all.some((i) => i.severity !== 'warning'), issues: listed, header, seen };
}

function noteSeen(rec: Record<string, unknown>, type: string, seen: Set<string>): void {
  seen.add(type);
  const table: FieldTable = RECORD_FIELDS[type as RecordType];
  for (const key in rec) {
    if (key === 'e') continue;
    seen.add(`${type}.${key}`);
    const kind = table[key]?.kind;
    const v = rec[key];
    if ((kind === 'site' || kind === 'error') && typeof v === 'object' && v !== null) {
      for (const sub in v) seen.add(`${type}.${key}.${sub}`);
      const frames = (v as { frames?: unknown }).frames;
      if (kind === 'error' && Array.isArray(frames)) {
        for (const frame of frames) for (const sub in frame) seen.add(`${type}.${key}.frames.${sub}`);
      }
    }
    if (kind === 'site[]' && Array.isArray(v)) {
      for (const frame of v) for (const sub in frame) seen.add(`${type}.${key}.${sub}`);
    }
  }
}

/** Every field path a recording can contain, for coverage checks (same spelling as `ValidationResult.seen`). */
export function allFieldPaths(): string[] {
  const paths: string[] = [];
  for (const [type, table] of Object.entries(RECORD_FIELDS) as [string, FieldTable][]) {
    paths.push(type);
    for (const [name, spec] of Object.entries(table)) {
      paths.push(`${type}.${name}`);
      if (spec.kind === 'site' || spec.kind === 'site[]') {
        for (const sub of Object.keys(TYPE_FIELDS.CallSite)) paths.push(`${type}.${name}.${sub}`);
      }
      if (spec.kind === 'error') {
        for (const sub of Object.keys(TYPE_FIELDS.ErrorInfo)) paths.push(`${type}.${name}.${sub}`);
        for (const sub of Object.keys(TYPE_FIELDS.CallSite)) paths.push(`${type}.${name}.frames.${sub}`);
      }
    }
  }
  return paths;
}

type Ref = [path: string, id: number, pos: Pos];

/** Facts gathered while reading, checked once everything is in. */
class CrossChecks {
  private readonly submits = new Map<number, Pos>();
  private readonly starts = new Map<number, { pos: Pos; lane: string }>();
  private readonly ends: { fid: number; lane: string; pos: Pos }[] = [];
  private readonly dones = new Map<number, Pos>();
  private readonly futureRefs: Ref[] = [];
  private readonly executors = new Map<number, Pos>();
  private readonly executorRefs: Ref[] = [];
  private readonly blockBegins = new Map<number, Pos>();
  private readonly blockRefs: Ref[] = [];
  private readonly callbacks = new Set<string>();
  private readonly callbackEnds: { key: string; pos: Pos }[] = [];
  private readonly lanes = new Set<string>();
  private readonly laneUses = new Map<string, Pos>();
  private readonly early: TraceIssue[] = [];
  private dropped = false;

  add(e: TraceEvent, pos: Pos): void {
    if ('lane' in e && !this.laneUses.has(e.lane)) this.laneUses.set(e.lane, pos);
    switch (e.e) {
      case 'lane':
        this.lanes.add(e.lane);
        break;
      case 'executor':
        this.unique(this.executors, e.xid, pos, 'executor.xid', 'executor');
        break;
      case 'submit':
        this.unique(this.submits, e.fid, pos, 'submit.fid', 'future');
        this.executorRefs.push(['submit.xid', e.xid, pos]);
        break;
      case 'start':
        {
          const first = this.starts.get(e.fid);
          if (first) this.early.push(this.dup('start.fid', 'future', e.fid, 'start', pos, first.pos));
          else this.starts.set(e.fid, { pos, lane: e.lane });
        }
        this.futureRefs.push(['start.fid', e.fid, pos]);
        break;
      case 'end':
        this.ends.push({ fid: e.fid, lane: e.lane, pos });
        this.futureRefs.push(['end.fid', e.fid, pos]);
        break;
      case 'done':
        this.unique(this.dones, e.fid, pos, 'done.fid', 'future', 'terminal done');
        this.futureRefs.push(['done.fid', e.fid, pos]);
        break;
      case 'cb-begin':
        this.callbacks.add(`${e.fid}:${e.cb}`);
        this.futureRefs.push(['cb-begin.fid', e.fid, pos]);
        break;
      case 'cb-end':
        this.callbackEnds.push({ key: `${e.fid}:${e.cb}`, pos });
        this.futureRefs.push(['cb-end.fid', e.fid, pos]);
        break;
      case 'block-begin':
        this.unique(this.blockBegins, e.bid, pos, 'block-begin.bid', 'block');
        for (const fid of e.fids) this.futureRefs.push(['block-begin.fids', fid, pos]);
        break;
      case 'block-end':
        this.blockRefs.push(['block-end.bid', e.bid, pos]);
        break;
      case 'timeout':
        if (e.bid !== undefined) this.blockRefs.push(['timeout.bid', e.bid, pos]);
        for (const fid of e.pending) this.futureRefs.push(['timeout.pending', fid, pos]);
        break;
      case 'cancel':
        this.futureRefs.push(['cancel.fid', e.fid, pos]);
        break;
      case 'stack':
        if (e.fid !== undefined) this.futureRefs.push(['stack.fid', e.fid, pos]);
        break;
      case 'worker-crash':
        for (const fid of e.fids) this.futureRefs.push(['worker-crash.fids', fid, pos]);
        this.executorRefs.push(['worker-crash.xid', e.xid, pos]);
        break;
      case 'shutdown-begin':
      case 'shutdown-end':
      case 'worker-spawn':
      case 'worker-exit':
      case 'broken':
        this.executorRefs.push([`${e.e}.xid`, e.xid, pos]);
        break;
      case 'dropped':
        this.dropped = true;
        break;
      default:
        break;
    }
  }

  finish(): TraceIssue[] {
    const soft = this.dropped;
    const out = this.early.map((i) => (soft ? { ...i, severity: 'warning' as const } : i));
    const report = (pos: Pos, path: string, problem: string) =>
      out.push(issues.crossRecord(pos.line, pos.byte, path, problem, soft));
    for (const [path, fid, pos] of this.futureRefs) {
      if (!this.submits.has(fid)) report(pos, path, `future ${fid} was never submitted`);
    }
    for (const end of this.ends) {
      const start = this.starts.get(end.fid);
      if (!start) report(end.pos, 'end.fid', `future ${end.fid} ended but never started`);
      else if (start.lane !== end.lane) {
        report(end.pos, 'end.lane', `future ${end.fid} started on lane ${start.lane} but ended on lane ${end.lane}`);
      }
    }
    for (const [path, xid, pos] of this.executorRefs) {
      if (!this.executors.has(xid)) report(pos, path, `executor ${xid} was never created (no executor event)`);
    }
    for (const [path, bid, pos] of this.blockRefs) {
      if (!this.blockBegins.has(bid)) report(pos, path, `block ${bid} has no block-begin`);
    }
    for (const { key, pos } of this.callbackEnds) {
      if (!this.callbacks.has(key)) {
        const [fid, cb] = key.split(':');
        report(pos, 'cb-end.cb', `callback ${cb} of future ${fid} has no cb-begin`);
      }
    }
    for (const [lane, pos] of this.laneUses) {
      if (!this.lanes.has(lane)) {
        out.push(issues.laneUndescribed(pos.line, pos.byte, lane));
      }
    }
    return out;
  }

  private unique(map: Map<number, Pos>, id: number, pos: Pos, path: string, what: string, event?: string): void {
    const first = map.get(id);
    if (first) this.early.push(this.dup(path, what, id, event ?? path.split('.')[0]!, pos, first));
    else map.set(id, pos);
  }

  private dup(path: string, what: string, id: number, event: string, pos: Pos, first: Pos): TraceIssue {
    const problem = `${what} ${id} has more than one ${event} (the first is at line ${first.line})`;
    return issues.crossRecord(pos.line, pos.byte, path, problem, false);
  }
}
