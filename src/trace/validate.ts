import type { Header, TraceEvent } from './schema.ts';
import { RECORD_FIELDS, TYPE_FIELDS, type FieldTable, type RecordType } from './fields.ts';
import { allProblems, unknownFields } from './check-fields.ts';
import { issues, type TraceIssue } from './issues.ts';
import { TraceDecoder, type UnknownRecord } from './reader.ts';

export interface ValidationResult {
  /** True when no issue is an error or fatal. */
  ok: boolean;
  /** The first `maxIssues` problems in line order, then one `tooMany` note when more were found. */
  issues: TraceIssue[];
  /** Every problem found, listed or not: `errors` counts fatal ones too. */
  counts: { errors: number; warnings: number };
  header: Header | undefined;
  /** Record types and field paths present in the recording (`submit`, `submit.site`, `submit.site.col`…). */
  seen: Set<string>;
}

export interface ValidateOptions {
  /** Problems listed before the rest are only counted (default 1000). */
  maxIssues?: number;
  /** See DecoderOptions.batchBytes. */
  batchBytes?: number;
}

interface Pos {
  line: number;
  byte: number;
}

/** Issues of one source, the first `max` kept in line order, all counted. */
class IssueList {
  readonly kept: TraceIssue[] = [];
  errors = 0;
  warnings = 0;

  constructor(private readonly max: number) {}

  add(issue: TraceIssue): void {
    if (issue.severity === 'warning') this.warnings++;
    else this.errors++;
    if (this.kept.length < this.max) this.kept.push(issue);
  }
}

/**
 * Checks a recording: every record against the field table, then the rules that span records.
 * Those run at the end, in no particular order of the file, because lines of several processes
 * interleave (a worker's `start` may be written before its parent's `submit`). When the recording
 * says it dropped events, a broken reference is only a warning: it may be a lost line. Feed the
 * file through `decoder` (in chunks of any size), then call `finish`.
 */
export class RecordingValidator {
  readonly decoder: TraceDecoder;
  private readonly max: number;
  private readonly found: IssueList;
  private readonly seen = new Set<string>();
  private readonly cross = new CrossChecks();
  private header: Header | undefined;

  constructor(options: ValidateOptions = {}) {
    this.max = options.maxIssues ?? 1000;
    this.found = new IssueList(this.max);
    // Returns false when the record breaks the field table; such records stay out of the cross-record checks.
    const check = (rec: Record<string, unknown>, type: RecordType, line: number, byte: number) => {
      noteSeen(rec, type, this.seen);
      const problems = allProblems(rec, type);
      for (const p of problems) this.found.add(issues.badField(line, byte, p.path, p.problem));
      for (const path of unknownFields(rec, type) ?? []) this.found.add(issues.unknownField(line, byte, path));
      return problems.length === 0;
    };
    this.decoder = new TraceDecoder(
      {
        header: (h, line, byte) => {
          this.header = h;
          check(h as unknown as Record<string, unknown>, 'header', line, byte);
        },
        event: (e, line, byte) => {
          if (check(e as unknown as Record<string, unknown>, e.e, line, byte)) this.cross.add(e, { line, byte });
        },
        unknown: (r: UnknownRecord) => this.seen.add(r.e),
      },
      { positions: true, check: false, maxIssues: this.max, batchBytes: options.batchBytes },
    );
  }

  finish(): ValidationResult {
    const decoder = this.decoder;
    decoder.end();
    const read = new IssueList(Infinity);
    let empty = false;
    for (const issue of decoder.issues) {
      if (issue.code === 'tooMany') continue;
      if (issue.code === 'empty') empty = true;
      else read.add(issue);
    }
    // What the decoder counted but did not list (past the cap) still counts, by severity.
    read.errors = decoder.counts.fatal + decoder.counts.error;
    read.warnings = decoder.counts.warning - (empty ? 1 : 0);
    const cross = new IssueList(this.max);
    for (const issue of this.cross.finish().sort(byLine)) cross.add(issue);
    const late = new IssueList(Infinity);
    // A file without a header is not a recording, however clean the rest is (summary refuses it too).
    if (!this.header && read.errors + this.found.errors === 0) {
      late.add(issues.noHeader(empty ? 'the recording is empty' : 'the recording has no header'));
    }
    const sources = [read, this.found, cross, late];
    const errors = sources.reduce((n, list) => n + list.errors, 0);
    const warnings = sources.reduce((n, list) => n + list.warnings, 0);
    const all = sources.flatMap((list) => list.kept).sort(byLine);
    const listed = all.slice(0, this.max);
    const unlisted = errors + warnings - listed.length;
    if (unlisted > 0) listed.push(issues.tooMany(unlisted));
    return { ok: errors === 0, issues: listed, counts: { errors, warnings }, header: this.header, seen: this.seen };
  }
}

function byLine(a: TraceIssue, b: TraceIssue): number {
  return (a.line ?? Infinity) - (b.line ?? Infinity);
}

/** Checks a whole recording held in memory (see RecordingValidator to stream one). */
export function validateRecording(input: string | Uint8Array, options: ValidateOptions = {}): ValidationResult {
  const validator = new RecordingValidator(options);
  if (typeof input === 'string') validator.decoder.feedText(input);
  else validator.decoder.feed(input);
  return validator.finish();
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
