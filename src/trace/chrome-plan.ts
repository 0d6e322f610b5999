import type { CallSite, ErrorInfo } from './schema.ts';
import type { TraceModel } from './model.ts';
import type { ChromeEvent } from './export-chrome.ts';

// A million futures make eight million Chrome events: as objects they take gigabytes, and as one
// JSON string they pass V8's string limit. So the export is planned as columns (what kind of event,
// of which model item, at what time), sorted by time, and each event is built only when it is written.

/** Width of the tiny slices flows bind to: flow events attach only to an enclosing slice. */
const ANCHOR_US = 1;

// Event kinds. The order of `plan` below is the emission order; equal times keep it.
const F_SUBMIT = 0;
const F_QUEUE_B = 1;
const F_QUEUE_E = 2;
const F_START = 3;
const F_RUN_B = 4;
const F_RUN_E = 5;
const F_FLOW_S = 6;
const F_FLOW_F = 7;
const CALLBACK = 8;
const BLOCK = 9;
const SHUTDOWN = 10;
const TIMEOUT = 11;
const CANCEL = 12;
const W_SPAWN = 13;
const W_EXIT = 14;
const W_CRASH = 15;
const BROKEN = 16;
const MARK = 17;
const STACK = 18;
const DROPPED = 19;
const EXIT = 20;

function siteText(site: CallSite | undefined): string | undefined {
  if (!site) return undefined;
  return `${site.file}:${site.line}${site.col === undefined ? '' : `:${site.col}`}`;
}

function errorText(error: ErrorInfo | undefined): string | undefined {
  return error ? `${error.type}: ${error.message}` : undefined;
}

function hex(id: number): string {
  return '0x' + id.toString(16);
}

/** Drops undefined values so the JSON stays small and stable. */
function clean(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key in args) if (args[key] !== undefined) out[key] = args[key];
  return out;
}

function slice(
  name: string,
  cat: string,
  ts: number,
  dur: number,
  pid: number,
  tid: number,
  args: Record<string, unknown>,
): ChromeEvent {
  return { name, cat, ph: 'X', ts, dur, pid, tid, args: clean(args) };
}

/** Every timed event of an export, as columns, and the order to write them in. */
export class ChromePlan {
  readonly meta: ChromeEvent[] = [];
  count = 0;
  private readonly kind: Uint8Array;
  private readonly ref: Uint32Array;
  private readonly ts: Float64Array;
  private readonly origin: number;
  private readonly end: number;
  private exitLane = 0;

  constructor(private readonly model: TraceModel) {
    const m = model;
    this.origin = m.header?.ts ?? (Number.isNaN(m.firstTs) ? 0 : m.firstTs);
    this.end = m.lastTs;
    const capacity =
      m.futures.count * 8 +
      m.callbacks.length +
      m.blocks.length +
      m.executors.length +
      m.timeouts.length +
      m.cancels.length +
      m.workers.length * 3 +
      m.brokenEvents.length +
      m.marks.length +
      m.stacks.length +
      m.dropped.length +
      1;
    this.kind = new Uint8Array(capacity);
    this.ref = new Uint32Array(capacity);
    this.ts = new Float64Array(capacity);
    this.planMeta();
    this.plan();
  }

  /** Indexes of the timed events, sorted by time, equal times in emission order. */
  order(): Uint32Array {
    return sortByTime(this.ts, this.count);
  }

  private add(kind: number, ref: number, ts: number): void {
    this.kind[this.count] = kind;
    this.ref[this.count] = ref;
    this.ts[this.count++] = ts;
  }

  private planMeta(): void {
    const m = this.model;
    const pids = [...new Set(m.lanes.map((lane) => lane.pid))];
    pids.forEach((pid, order) => {
      this.meta.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: processName(m, pid) } });
      this.meta.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: order } });
    });
    m.lanes.forEach((lane, i) => {
      const name = lane.name === lane.id ? lane.id : `${lane.name} (${lane.id})`;
      this.meta.push({ name: 'thread_name', ph: 'M', pid: lane.pid, tid: i + 1, args: { name } });
      this.meta.push({ name: 'thread_sort_index', ph: 'M', pid: lane.pid, tid: i + 1, args: { sort_index: i + 1 } });
    });
  }

  private plan(): void {
    const m = this.model;
    const f = m.futures;
    for (let i = 0; i < f.count; i++) {
      const { hasSubmit, hasStart } = this.phases(i);
      const submit = f.submitTs[i]!;
      const start = f.startTs[i]!;
      if (hasSubmit) {
        this.add(F_SUBMIT, i, submit);
        this.add(F_QUEUE_B, i, submit);
        this.add(F_QUEUE_E, i, Math.max(submit, this.queuedUntil(i)));
      }
      if (hasStart) {
        this.add(F_START, i, start);
        this.add(F_RUN_B, i, start);
        this.add(F_RUN_E, i, Math.max(start, this.ranUntil(i)));
      }
      if (hasSubmit && hasStart) {
        this.add(F_FLOW_S, i, submit);
        this.add(F_FLOW_F, i, start);
      }
    }
    m.callbacks.forEach((cb, i) => this.add(CALLBACK, i, Number.isNaN(cb.beginTs) ? cb.endTs : cb.beginTs));
    m.blocks.forEach((b, i) => this.add(BLOCK, i, Number.isNaN(b.beginTs) ? b.endTs : b.beginTs));
    m.executors.forEach((x, i) => {
      if (x.shutdown) this.add(SHUTDOWN, i, Number.isNaN(x.shutdown.beginTs) ? x.shutdown.endTs : x.shutdown.beginTs);
    });
    m.timeouts.forEach((t, i) => this.add(TIMEOUT, i, t.ts));
    m.cancels.forEach((c, i) => this.add(CANCEL, i, c.ts));
    m.workers.forEach((w, i) => {
      if (!Number.isNaN(w.spawnTs)) this.add(W_SPAWN, i, w.spawnTs);
      if (!Number.isNaN(w.exitTs)) this.add(W_EXIT, i, w.exitTs);
      if (w.crash) this.add(W_CRASH, i, w.crash.ts);
    });
    m.brokenEvents.forEach((b, i) => {
      if (m.executors[b.executor]!.lane >= 0) this.add(BROKEN, i, b.ts);
    });
    m.marks.forEach((mark, i) => this.add(MARK, i, mark.ts));
    m.stacks.forEach((s, i) => this.add(STACK, i, s.ts));
    m.dropped.forEach((d, i) => this.add(DROPPED, i, d.ts));
    const exit = m.exit;
    if (exit && m.lanes.length > 0) {
      const found = m.lanes.findIndex((l) => l.pid === exit.pid);
      this.exitLane = found >= 0 ? found : 0;
      this.add(EXIT, 0, exit.ts);
    }
  }

  private phases(i: number): { hasSubmit: boolean; hasStart: boolean } {
    const f = this.model.futures;
    return {
      hasSubmit: !Number.isNaN(f.submitTs[i]!) && f.submitLane[i]! >= 0,
      hasStart: !Number.isNaN(f.startTs[i]!) && f.runLane[i]! >= 0,
    };
  }

  private queuedUntil(i: number): number {
    const f = this.model.futures;
    const { hasStart } = this.phases(i);
    return hasStart ? f.startTs[i]! : !Number.isNaN(f.doneTs[i]!) ? f.doneTs[i]! : this.end;
  }

  private ranUntil(i: number): number {
    const f = this.model.futures;
    return !Number.isNaN(f.endTs[i]!) ? f.endTs[i]! : !Number.isNaN(f.doneTs[i]!) ? f.doneTs[i]! : this.end;
  }

  /** The k-th planned event, built now. */
  event(k: number): ChromeEvent {
    const m = this.model;
    const f = m.futures;
    const lanes = m.lanes;
    const i = this.ref[k]!;
    const kind = this.kind[k]!;
    const ts = this.ts[k]!;
    const rel = ts - this.origin;
    const until = (to: number) => Math.max(0, (Number.isNaN(to) ? this.end : to) - ts);
    switch (kind) {
      case F_SUBMIT: {
        const lane = f.submitLane[i]!;
        const args = { fid: f.fid[i]!, args: f.args[i], site: siteText(m.sites[f.site[i]!]) };
        return slice(`submit ${this.fn(i)}`, 'submit', rel, ANCHOR_US, lanes[lane]!.pid, lane + 1, args);
      }
      case F_QUEUE_B:
      case F_QUEUE_E: {
        const lane = f.submitLane[i]!;
        const name = `queued ${this.fn(i)}`;
        const id2 = { local: hex(f.fid[i]!) };
        const pid = lanes[lane]!.pid;
        if (kind === F_QUEUE_E) return { name, cat: 'queue', ph: 'e', ts: rel, pid, tid: lane + 1, id2 };
        return { name, cat: 'queue', ph: 'b', ts: rel, pid, tid: lane + 1, id2, args: { fid: f.fid[i]! } };
      }
      case F_START: {
        const lane = f.runLane[i]!;
        return slice(`start ${this.fn(i)}`, 'start', rel, ANCHOR_US, lanes[lane]!.pid, lane + 1, { fid: f.fid[i]! });
      }
      case F_RUN_B:
      case F_RUN_E: {
        const lane = f.runLane[i]!;
        const name = this.fn(i);
        const id2 = { local: hex(f.fid[i]!) };
        const pid = lanes[lane]!.pid;
        if (kind === F_RUN_E) return { name, cat: 'run', ph: 'e', ts: rel, pid, tid: lane + 1, id2 };
        const outcome = m.outcomeOf(i) ?? (f.endOk[i] === -1 ? 'unfinished' : f.endOk[i] === 1 ? 'returned' : 'raised');
        const args = clean({
          fid: f.fid[i]!,
          args: f.args[i],
          outcome,
          value: f.values[i],
          error: errorText(f.errors.get(i)),
        });
        return { name, cat: 'run', ph: 'b', ts: rel, pid, tid: lane + 1, id2, args };
      }
      case F_FLOW_S:
      case F_FLOW_F: {
        const name = 'submit → start';
        const id = hex(f.fid[i]!);
        if (kind === F_FLOW_S) {
          const lane = f.submitLane[i]!;
          return { name, cat: 'flow', id, ph: 's', ts: rel, pid: lanes[lane]!.pid, tid: lane + 1 };
        }
        const lane = f.runLane[i]!;
        return { name, cat: 'flow', id, ph: 'f', bp: 'e', ts: rel, pid: lanes[lane]!.pid, tid: lane + 1 };
      }
      case CALLBACK: {
        const cb = m.callbacks[i]!;
        const args = { fid: f.fid[cb.future], cb: cb.cb, raised: cb.raised, error: errorText(cb.error) };
        const name = `callback ${cb.fn || '?'}`;
        return slice(name, 'callback', rel, until(cb.endTs), lanes[cb.lane]!.pid, cb.lane + 1, args);
      }
      case BLOCK: {
        const b = m.blocks[i]!;
        const fids = b.futures.map((j) => f.fid[j]);
        const args = { bid: b.bid, fids, timeoutMs: b.timeoutMs, timedOut: b.timedOut, site: siteText(b.site) };
        return slice(`block ${b.op}`, 'block', rel, until(b.endTs), lanes[b.lane]!.pid, b.lane + 1, args);
      }
      case SHUTDOWN: {
        const x = m.executors[i]!;
        const s = x.shutdown!;
        const args = { xid: x.xid, wait: s.wait, cancelFutures: s.cancelFutures };
        return slice(`shutdown ${x.name}`, 'shutdown', rel, until(s.endTs), lanes[s.lane]!.pid, s.lane + 1, args);
      }
      default:
        return this.instantEvent(kind, i, rel);
    }
  }

  private instantEvent(kind: number, i: number, rel: number): ChromeEvent {
    const m = this.model;
    const f = m.futures;
    const at = (lane: number, name: string, cat: string, args: Record<string, unknown>): ChromeEvent => ({
      name,
      cat,
      ph: 'i',
      s: 't',
      ts: rel,
      pid: m.lanes[lane]!.pid,
      tid: lane + 1,
      args: clean(args),
    });
    switch (kind) {
      case TIMEOUT: {
        const t = m.timeouts[i]!;
        const args = { pending: t.pending.map((j) => f.fid[j]), timeoutMs: t.timeoutMs, site: siteText(t.site) };
        return at(t.lane, `timeout ${t.op} after ${t.timeoutMs} ms`, 'timeout', args);
      }
      case CANCEL: {
        const c = m.cancels[i]!;
        return at(c.lane, `cancel ${c.ok ? 'accepted' : 'refused'}`, 'cancel', { fid: f.fid[c.future], ok: c.ok });
      }
      case W_SPAWN:
      case W_EXIT:
      case W_CRASH: {
        const w = m.workers[i]!;
        const xid = m.executors[w.executor]!.xid;
        if (kind === W_SPAWN) return at(w.lane, 'worker spawned', 'worker', { xid });
        if (kind === W_EXIT) return at(w.lane, 'worker exited', 'worker', { xid, code: w.code });
        const fids = w.crash!.futures.map((j) => f.fid[j]);
        return at(w.lane, 'worker crashed', 'crash', { xid, fids, error: errorText(w.crash!.error) });
      }
      case BROKEN: {
        const b = m.brokenEvents[i]!;
        return at(m.executors[b.executor]!.lane, 'executor broken', 'crash', { reason: b.reason });
      }
      case MARK: {
        const mark = m.marks[i]!;
        return at(mark.lane, mark.name, 'mark', { data: mark.data });
      }
      case STACK: {
        const s = m.stacks[i]!;
        const frames = s.frames.map((fr) => `${fr.fn ?? '?'} ${siteText(fr)}`);
        return at(s.lane, 'stack', 'stack', { fid: s.future >= 0 ? f.fid[s.future] : undefined, frames });
      }
      case DROPPED: {
        const d = m.dropped[i]!;
        return at(d.lane, `${d.count} events dropped`, 'dropped', { count: d.count });
      }
      default: {
        const exit = m.exit!;
        return at(this.exitLane, 'exit', 'exit', { code: exit.code, signal: exit.signal });
      }
    }
  }

  private fn(i: number): string {
    const f = this.model.futures;
    return this.model.fnNames[f.fn[i]!] ?? `future ${f.fid[i]}`;
  }
}

function processName(model: TraceModel, pid: number): string {
  if (model.header && model.header.pid === pid) return `${model.header.program} (pid ${pid})`;
  const named = model.lanes.find((l) => l.pid === pid && l.kind === 'process');
  return named ? `${named.name} (pid ${pid})` : `process ${pid}`;
}

/**
 * Indexes 0..n-1 sorted by `ts`, equal times in index order, without a comparator function (slow for
 * millions): the distinct times are sorted natively, then each index is placed by its time's rank
 * with a counting sort, which keeps equal times in order.
 */
export function sortByTime(ts: Float64Array, n: number): Uint32Array {
  const key = (i: number) => (Number.isNaN(ts[i]!) ? Infinity : ts[i]!);
  const times = new Float64Array(n);
  for (let i = 0; i < n; i++) times[i] = key(i);
  times.sort();
  let distinct = 0;
  for (let i = 0; i < n; i++) if (distinct === 0 || times[i] !== times[distinct - 1]) times[distinct++] = times[i]!;
  const rank = new Uint32Array(n);
  const starts = new Uint32Array(distinct + 1);
  for (let i = 0; i < n; i++) {
    const t = key(i);
    let lo = 0;
    let hi = distinct - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (times[mid]! < t) lo = mid + 1;
      else hi = mid;
    }
    rank[i] = lo;
    starts[lo + 1]!++;
  }
  for (let r = 1; r <= distinct; r++) starts[r]! += starts[r - 1]!;
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[starts[rank[i]!]!++] = i;
  return order;
}
