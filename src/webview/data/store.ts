/**
 * The webview's copy of the recording: what `init` and `append` carried, in typed-array columns
 * indexed like the host's model (dense future, callback and block indexes). Unknown times are NaN.
 * `apply` returns what changed so the index can update incrementally instead of starting over.
 */
import type {
  AppendMessage,
  ExecutorRow,
  HeaderInfo,
  InitMessage,
  LaneRow,
  WireTime,
  WorkerRow,
} from '../../protocol/messages.ts';
import { ColumnTable } from './column-table.ts';

export interface TimeoutItem {
  lane: number;
  ts: number;
  op: number;
  timeoutMs: number;
  block: number;
  pending: number[];
}

export interface StoreChange {
  /** Everything was replaced (`init`): rebuild instead of updating. */
  reset: boolean;
  /** Lanes, executors or workers changed: the rows of the chart may have. */
  structure: boolean;
  futures: readonly number[];
  callbacks: readonly number[];
  blocks: readonly number[];
  timeouts: readonly number[];
  cancels: readonly number[];
  marks: readonly number[];
}

const t = (v: WireTime) => (v === null ? NaN : v);

export class ChartStore {
  title = '';
  origin: number | null = null;
  header: HeaderInfo | null = null;
  strings: string[] = [];
  lanes: LaneRow[] = [];
  executors: ExecutorRow[] = [];
  workers: WorkerRow[] = [];
  readonly futures = new ColumnTable({
    fid: ['f64', 0],
    executor: ['i32', -1],
    fn: ['i32', -1],
    lane: ['i32', -1],
    caller: ['i32', -1],
    submitTs: ['f64', NaN],
    startTs: ['f64', NaN],
    endTs: ['f64', NaN],
    state: ['u8', 0],
    callbacks: ['i32', 0],
  });
  readonly callbacks = new ColumnTable({
    future: ['i32', -1],
    lane: ['i32', -1],
    fn: ['i32', -1],
    beginTs: ['f64', NaN],
    endTs: ['f64', NaN],
    raised: ['i8', -1],
  });
  readonly blocks = new ColumnTable({
    lane: ['i32', -1],
    op: ['u8', 0],
    beginTs: ['f64', NaN],
    endTs: ['f64', NaN],
    timedOut: ['i8', -1],
    count: ['i32', 0],
  });
  readonly cancels = new ColumnTable({ future: ['i32', -1], lane: ['i32', -1], ts: ['f64', NaN], ok: ['u8', 0] });
  readonly marks = new ColumnTable({ lane: ['i32', -1], ts: ['f64', NaN], name: ['i32', -1] });
  timeouts: TimeoutItem[] = [];
  /** Latest timestamp of the recording (wire µs), NaN before any. */
  lastTs = NaN;
  /** Smallest and largest time of anything drawn, for "fit all". */
  minTs = Infinity;
  maxTs = -Infinity;

  apply(message: InitMessage | AppendMessage): StoreChange {
    if (message.type === 'init') return this.init(message);
    const m = message;
    if (m.origin !== undefined) this.origin = m.origin;
    if (m.header) this.header = m.header;
    if (m.strings)
      for (let k = 0; k < m.strings.values.length; k++) this.strings[m.strings.base + k] = m.strings.values[k]!;
    this.rows(m.lanes ?? [], m.executors ?? [], m.workers ?? []);
    const futures = m.futures ? this.applyFutures(m.futures) : [];
    const callbacks = m.callbacks ? this.applyCallbacks(m.callbacks) : [];
    const blocks = m.blocks ? this.applyBlocks(m.blocks) : [];
    const timeouts = m.timeouts?.idx ?? [];
    if (m.timeouts) {
      const c = m.timeouts;
      c.idx.forEach((idx, k) => {
        this.timeouts[idx] = {
          lane: c.lane[k]!,
          ts: c.ts[k]!,
          op: c.op[k]!,
          timeoutMs: c.timeoutMs[k]!,
          block: c.block[k]!,
          pending: c.pending[k]!,
        };
        this.seeTime(c.ts[k]!);
      });
    }
    const cancels = m.cancels?.idx ?? [];
    if (m.cancels) {
      const c = m.cancels;
      const cols = this.cancels.cols;
      c.idx.forEach((i, k) => {
        this.cancels.ensure(i);
        cols.future[i] = c.future[k]!;
        cols.lane[i] = c.lane[k]!;
        cols.ts[i] = c.ts[k]!;
        cols.ok[i] = c.ok[k]!;
        this.seeTime(c.ts[k]!);
      });
    }
    const marks = m.marks?.idx ?? [];
    if (m.marks) {
      const c = m.marks;
      const cols = this.marks.cols;
      c.idx.forEach((i, k) => {
        this.marks.ensure(i);
        cols.lane[i] = c.lane[k]!;
        cols.ts[i] = c.ts[k]!;
        cols.name[i] = c.name[k]!;
        this.seeTime(c.ts[k]!);
      });
    }
    if (m.lastTs !== null && !(m.lastTs <= this.lastTs)) this.lastTs = m.lastTs;
    const structure = !!(m.lanes?.length || m.executors?.length || m.workers?.length);
    return { reset: false, structure, futures, callbacks, blocks, timeouts, cancels, marks };
  }

  clear(): void {
    this.title = '';
    this.origin = null;
    this.header = null;
    this.strings = [];
    this.lanes = [];
    this.executors = [];
    this.workers = [];
    this.futures.clear();
    this.callbacks.clear();
    this.blocks.clear();
    this.cancels.clear();
    this.marks.clear();
    this.timeouts = [];
    this.lastTs = NaN;
    this.minTs = Infinity;
    this.maxTs = -Infinity;
  }

  /** Dense index of a future id, or -1. A scan: only needed on selection restore and details. */
  indexOfFid(fid: number): number {
    const ids = this.futures.cols.fid;
    for (let i = 0; i < this.futures.count; i++) if (ids[i] === fid) return i;
    return -1;
  }

  string(id: number): string {
    return (id >= 0 && this.strings[id]) || '';
  }

  laneName(lane: number): string {
    const l = this.lanes[lane];
    if (!l) return lane < 0 ? '' : `lane ${lane + 1}`;
    return l.name === l.id ? l.id : `${l.name} (${l.id})`;
  }

  private init(m: InitMessage): StoreChange {
    this.clear();
    this.title = m.title;
    this.origin = m.origin;
    this.header = m.header;
    this.rows(m.lanes, m.executors, m.workers);
    return {
      reset: true,
      structure: true,
      futures: [],
      callbacks: [],
      blocks: [],
      timeouts: [],
      cancels: [],
      marks: [],
    };
  }

  private rows(lanes: LaneRow[], executors: ExecutorRow[], workers: WorkerRow[]): void {
    for (const l of lanes) this.lanes[l.idx] = l;
    for (const x of executors) {
      this.executors[x.idx] = x;
      this.seeTime(t(x.brokenTs));
    }
    for (const w of workers) {
      this.workers[w.idx] = w;
      this.seeTime(t(w.crashTs));
    }
  }

  private applyFutures(c: NonNullable<AppendMessage['futures']>): number[] {
    const f = this.futures;
    const cols = f.cols;
    for (let k = 0; k < c.idx.length; k++) {
      const i = c.idx[k]!;
      f.ensure(i);
      cols.fid[i] = c.fid[k]!;
      cols.executor[i] = c.executor[k]!;
      cols.fn[i] = c.fn[k]!;
      cols.lane[i] = c.lane[k]!;
      cols.caller[i] = c.caller[k]!;
      cols.submitTs[i] = t(c.submitTs[k]!);
      cols.startTs[i] = t(c.startTs[k]!);
      cols.endTs[i] = t(c.endTs[k]!);
      cols.state[i] = c.state[k]!;
      cols.callbacks[i] = c.callbacks[k]!;
      this.seeTime(cols.submitTs[i]!);
      this.seeTime(cols.startTs[i]!);
      this.seeTime(cols.endTs[i]!);
    }
    return c.idx;
  }

  private applyCallbacks(c: NonNullable<AppendMessage['callbacks']>): number[] {
    const cols = this.callbacks.cols;
    for (let k = 0; k < c.idx.length; k++) {
      const i = c.idx[k]!;
      this.callbacks.ensure(i);
      cols.future[i] = c.future[k]!;
      cols.lane[i] = c.lane[k]!;
      cols.fn[i] = c.fn[k]!;
      cols.beginTs[i] = t(c.beginTs[k]!);
      cols.endTs[i] = t(c.endTs[k]!);
      cols.raised[i] = c.raised[k]!;
      this.seeTime(cols.beginTs[i]!);
      this.seeTime(cols.endTs[i]!);
    }
    return c.idx;
  }

  private applyBlocks(c: NonNullable<AppendMessage['blocks']>): number[] {
    const cols = this.blocks.cols;
    for (let k = 0; k < c.idx.length; k++) {
      const i = c.idx[k]!;
      this.blocks.ensure(i);
      cols.lane[i] = c.lane[k]!;
      cols.op[i] = c.op[k]!;
      cols.beginTs[i] = t(c.beginTs[k]!);
      cols.endTs[i] = t(c.endTs[k]!);
      cols.timedOut[i] = c.timedOut[k]!;
      cols.count[i] = c.count[k]!;
      this.seeTime(cols.beginTs[i]!);
      this.seeTime(cols.endTs[i]!);
    }
    return c.idx;
  }

  private seeTime(ts: number): void {
    if (ts < this.minTs) this.minTs = ts;
    if (ts > this.maxTs) this.maxTs = ts;
  }
}
