/**
 * Turns the rows a batch must carry into `append` messages: columns of numbers, interned strings,
 * and as many messages as it takes to keep every column within LIMITS.maxBatch.
 */
import type { TraceModel } from '../trace/model.ts';
import { barEnd, callbackCount, executorRow, laneRow, stateOf, workerRow, type ToWire } from './encode-rows.ts';
import { BLOCK_OPS, LIMITS, type AppendMessage, type HeaderInfo } from './messages.ts';

export interface BatchRows {
  lanes: number[];
  executors: number[];
  workers: number[];
  futures: number[];
  callbacks: number[];
  blocks: number[];
  timeouts: number[];
  cancels: number[];
  marks: number[];
}

/** The string table shared by every batch of one recording. */
export class StringTable {
  readonly values: string[] = [];
  private readonly index = new Map<string, number>();
  /** Function name index of the model → string id. */
  private readonly byFn: number[] = [];
  sent = 0;

  id(text: string): number {
    let i = this.index.get(text);
    if (i === undefined) {
      i = this.values.push(text.length > LIMITS.maxString ? `${text.slice(0, LIMITS.maxString - 1)}…` : text) - 1;
      this.index.set(text, i);
    }
    return i;
  }

  fn(model: TraceModel, fnIndex: number): number {
    if (fnIndex < 0) return -1;
    return (this.byFn[fnIndex] ??= this.id(model.fnNames[fnIndex]!));
  }
}

const opCode = (op: string) => Math.max(0, (BLOCK_OPS as readonly string[]).indexOf(op));

export function buildAppends(
  model: TraceModel,
  rows: BatchRows,
  wire: ToWire,
  strings: StringTable,
  head: { origin?: number; header?: HeaderInfo },
  maxBatch: number = LIMITS.maxBatch,
): AppendMessage[] {
  const f = model.futures;
  const futures = {
    idx: rows.futures,
    fid: rows.futures.map((i) => f.fid[i]!),
    executor: rows.futures.map((i) => f.executor[i]!),
    fn: rows.futures.map((i) => strings.fn(model, f.fn[i]!)),
    lane: rows.futures.map((i) => f.runLane[i]!),
    caller: rows.futures.map((i) => f.submitLane[i]!),
    submitTs: rows.futures.map((i) => wire(f.submitTs[i]!)),
    startTs: rows.futures.map((i) => wire(f.startTs[i]!)),
    endTs: rows.futures.map((i) => wire(barEnd(f, i))),
    state: rows.futures.map((i) => stateOf(f, i)),
    callbacks: rows.futures.map((i) => callbackCount(model, i)),
  };
  const cbs = rows.callbacks.map((i) => model.callbacks[i]!);
  const callbacks = {
    idx: rows.callbacks,
    future: cbs.map((c) => c.future),
    lane: cbs.map((c) => c.lane),
    fn: cbs.map((c) => (c.fn ? strings.id(c.fn) : -1)),
    beginTs: cbs.map((c) => wire(c.beginTs)),
    endTs: cbs.map((c) => wire(c.endTs)),
    raised: cbs.map((c) => (c.raised === undefined ? -1 : c.raised ? 1 : 0)),
  };
  const bs = rows.blocks.map((i) => model.blocks[i]!);
  const blocks = {
    idx: rows.blocks,
    lane: bs.map((b) => b.lane),
    op: bs.map((b) => opCode(b.op)),
    beginTs: bs.map((b) => wire(b.beginTs)),
    endTs: bs.map((b) => wire(b.endTs)),
    timedOut: bs.map((b) => (b.timedOut === undefined ? -1 : b.timedOut ? 1 : 0)),
    count: bs.map((b) => b.futures.length),
  };
  const ts = rows.timeouts.map((i) => model.timeouts[i]!);
  const timeouts = {
    idx: rows.timeouts,
    lane: ts.map((t) => t.lane),
    ts: ts.map((t) => wire(t.ts) ?? 0),
    op: ts.map((t) => opCode(t.op)),
    timeoutMs: ts.map((t) => t.timeoutMs),
    block: ts.map((t) => t.block),
    pending: ts.map((t) => t.pending.slice(0, LIMITS.maxList)),
  };
  const cs = rows.cancels.map((i) => model.cancels[i]!);
  const cancels = {
    idx: rows.cancels,
    future: cs.map((c) => c.future),
    lane: cs.map((c) => c.lane),
    ts: cs.map((c) => wire(c.ts) ?? 0),
    ok: cs.map((c) => (c.ok ? 1 : 0)),
  };
  const ms = rows.marks.map((i) => model.marks[i]!);
  const marks = {
    idx: rows.marks,
    lane: ms.map((m) => m.lane),
    ts: ms.map((m) => wire(m.ts) ?? 0),
    name: ms.map((m) => strings.id(m.name)),
  };
  const lanes = rows.lanes.map((i) => laneRow(model.lanes[i]!, i));
  const executors = rows.executors.map((i) => executorRow(model.executors[i]!, i, wire));
  const workers = rows.workers.map((i) => workerRow(model.workers[i]!, i, wire));
  const newStrings = strings.values.slice(strings.sent);
  const stringBase = strings.sent;
  strings.sent = strings.values.length;

  const longest = Math.max(
    newStrings.length,
    lanes.length,
    executors.length,
    workers.length,
    ...Object.values(rows).map((r: number[]) => r.length),
  );
  const count = Math.max(1, Math.ceil(longest / maxBatch));
  const lastTs = wire(model.lastTs);
  const out: AppendMessage[] = [];
  for (let n = 0; n < count; n++) {
    const from = n * maxBatch;
    const to = from + maxBatch;
    const m: AppendMessage = { type: 'append', lastTs };
    if (n === 0) {
      if (head.origin !== undefined) m.origin = head.origin;
      if (head.header !== undefined) m.header = head.header;
    }
    if (newStrings.length > from) m.strings = { base: stringBase + from, values: newStrings.slice(from, to) };
    if (lanes.length > from) m.lanes = lanes.slice(from, to);
    if (executors.length > from) m.executors = executors.slice(from, to);
    if (workers.length > from) m.workers = workers.slice(from, to);
    if (rows.futures.length > from) m.futures = slice(futures, from, to);
    if (rows.callbacks.length > from) m.callbacks = slice(callbacks, from, to);
    if (rows.blocks.length > from) m.blocks = slice(blocks, from, to);
    if (rows.timeouts.length > from) m.timeouts = slice(timeouts, from, to);
    if (rows.cancels.length > from) m.cancels = slice(cancels, from, to);
    if (rows.marks.length > from) m.marks = slice(marks, from, to);
    out.push(m);
  }
  return out;
}

function slice<T extends Record<string, unknown[]>>(columns: T, from: number, to: number): T {
  const out: Record<string, unknown[]> = {};
  for (const [name, column] of Object.entries(columns)) out[name] = column.slice(from, to);
  return out as T;
}
