import type { CallSite, Header, LaneId, TraceEvent } from './schema.ts';
import { OUTCOME } from './future-table.ts';
import { TraceModel, type BlockSpan, type CallbackSpan } from './model.ts';
import { readTraceInto, type DecoderOptions, type RecordSink, type TraceDecoder } from './reader.ts';
import type { TraceIssue } from './issues.ts';

/**
 * Folds records into a TraceModel, one at a time, so a follower can keep a live model. Records
 * arrive in any order across lanes (several processes share the file), so every lookup creates
 * what it does not find yet and later records fill it in.
 */
export class ModelBuilder implements RecordSink {
  readonly model = new TraceModel();
  private readonly openCallbacks = new Map<string, number>();
  private readonly blockByBid = new Map<number, number>();
  private readonly workerByLane = new Map<number, number>();
  private readonly fnIndex = new Map<string, number>();
  private readonly siteIndex = new Map<string, number>();
  private readonly siteByFileLine = new Map<string, Map<number, number>>();

  header(header: Header): void {
    this.model.header = header;
    this.time(header.ts);
  }

  event(e: TraceEvent): void {
    const m = this.model;
    const f = m.futures;
    m.eventCount++;
    this.time(e.ts);
    switch (e.e) {
      case 'lane': {
        const lane = m.lanes[this.lane(e.lane)]!;
        lane.pid = e.pid;
        lane.tid = e.tid;
        lane.name = e.name;
        lane.kind = e.kind;
        break;
      }
      case 'executor': {
        const x = m.executors[this.executor(e.xid)]!;
        x.kind = e.kind;
        x.maxWorkers = e.maxWorkers;
        x.name = e.name;
        x.lane = this.lane(e.lane);
        x.site = e.site;
        x.createdTs = e.ts;
        break;
      }
      case 'submit': {
        const i = f.ensure(e.fid);
        if (!Number.isNaN(f.submitTs[i]!)) m.repeated++;
        f.executor[i] = this.executor(e.xid);
        f.fn[i] = this.fn(e.fn);
        f.args[i] = e.args;
        f.site[i] = e.site ? this.site(e.site) : -1;
        f.submitTs[i] = e.ts;
        f.submitLane[i] = this.lane(e.lane);
        if (e.map !== undefined) f.mapId[i] = e.map;
        if (e.idx !== undefined) f.mapIdx[i] = e.idx;
        break;
      }
      case 'start': {
        const i = f.ensure(e.fid);
        if (!Number.isNaN(f.startTs[i]!)) m.repeated++;
        f.startTs[i] = e.ts;
        f.runLane[i] = this.lane(e.lane);
        break;
      }
      case 'end': {
        const i = f.ensure(e.fid);
        f.endTs[i] = e.ts;
        f.endOk[i] = e.ok ? 1 : 0;
        if (f.runLane[i] === -1) f.runLane[i] = this.lane(e.lane);
        break;
      }
      case 'done': {
        const i = f.ensure(e.fid);
        if (!Number.isNaN(f.doneTs[i]!)) m.repeated++;
        f.doneTs[i] = e.ts;
        f.doneLane[i] = this.lane(e.lane);
        f.outcome[i] = OUTCOME[e.outcome];
        if (e.value !== undefined) f.values[i] = e.value;
        if (e.error) f.errors.set(i, e.error);
        break;
      }
      case 'cb-begin': {
        const span = this.callback(e.fid, e.cb, e.lane, 'beginTs');
        span.fn = e.fn;
        span.beginTs = e.ts;
        this.closeCallback(e.fid, e.cb, span);
        break;
      }
      case 'cb-end': {
        const span = this.callback(e.fid, e.cb, e.lane, 'endTs');
        span.endTs = e.ts;
        span.raised = e.raised;
        span.error = e.error;
        this.closeCallback(e.fid, e.cb, span);
        break;
      }
      case 'block-begin': {
        const b = this.block(e.bid, e.lane);
        b.op = e.op;
        b.beginTs = e.ts;
        b.timeoutMs = e.timeoutMs;
        b.site = e.site;
        b.futures = e.fids.map((fid) => f.ensure(fid));
        for (const i of b.futures) push(m.blocksByFuture, i, this.blockByBid.get(e.bid)!);
        break;
      }
      case 'block-end': {
        const b = this.block(e.bid, e.lane);
        b.endTs = e.ts;
        b.timedOut = e.timedOut;
        break;
      }
      case 'timeout': {
        const pending = e.pending.map((fid) => f.ensure(fid));
        const index = m.timeouts.length;
        if (e.bid !== undefined) this.block(e.bid, e.lane);
        const block = e.bid === undefined ? -1 : this.blockByBid.get(e.bid)!;
        m.timeouts.push({
          ts: e.ts,
          op: e.op,
          timeoutMs: e.timeoutMs,
          pending,
          lane: this.lane(e.lane),
          block,
          site: e.site,
        });
        for (const i of pending) push(m.timeoutsByFuture, i, index);
        break;
      }
      case 'cancel': {
        const future = f.ensure(e.fid);
        push(m.cancelsByFuture, future, m.cancels.length);
        m.cancels.push({ ts: e.ts, future, ok: e.ok, lane: this.lane(e.lane) });
        break;
      }
      case 'shutdown-begin': {
        const x = m.executors[this.executor(e.xid)]!;
        x.shutdown = {
          beginTs: e.ts,
          endTs: NaN,
          wait: e.wait,
          cancelFutures: e.cancelFutures,
          lane: this.lane(e.lane),
        };
        break;
      }
      case 'shutdown-end': {
        const x = m.executors[this.executor(e.xid)]!;
        x.shutdown ??= { beginTs: NaN, endTs: NaN, wait: true, cancelFutures: false, lane: this.lane(e.lane) };
        x.shutdown.endTs = e.ts;
        break;
      }
      case 'worker-spawn': {
        const w = m.workers[this.worker(e.xid, e.lane, true)]!;
        w.spawnTs = e.ts;
        break;
      }
      case 'worker-exit': {
        const w = m.workers[this.worker(e.xid, e.lane, false)]!;
        w.exitTs = e.ts;
        w.code = e.code;
        break;
      }
      case 'worker-crash': {
        const w = m.workers[this.worker(e.xid, e.lane, false)]!;
        w.crash = { ts: e.ts, futures: e.fids.map((fid) => f.ensure(fid)), error: e.error };
        break;
      }
      case 'broken': {
        const executor = this.executor(e.xid);
        m.executors[executor]!.broken = { ts: e.ts, reason: e.reason };
        m.brokenEvents.push({ ts: e.ts, executor, reason: e.reason });
        break;
      }
      case 'stack':
        m.stacks.push({
          ts: e.ts,
          lane: this.lane(e.lane),
          future: e.fid === undefined ? -1 : f.ensure(e.fid),
          frames: e.frames,
        });
        break;
      case 'mark':
        m.marks.push({ ts: e.ts, name: e.name, lane: this.lane(e.lane), data: e.data });
        break;
      case 'dropped':
        m.dropped.push({ ts: e.ts, count: e.count, lane: this.lane(e.lane) });
        break;
      case 'exit':
        m.exit = e;
        break;
    }
  }

  private time(ts: number): void {
    const m = this.model;
    if (!(ts >= m.firstTs)) m.firstTs = ts;
    if (!(ts <= m.lastTs)) m.lastTs = ts;
  }

  private lane(id: LaneId): number {
    const m = this.model;
    const found = m.laneIndex.get(id);
    if (found !== undefined) return found;
    const colon = id.indexOf(':');
    m.laneIndex.set(id, m.lanes.length);
    m.lanes.push({ id, pid: Number(id.slice(0, colon)), tid: Number(id.slice(colon + 1)), name: id, kind: 'unknown' });
    return m.lanes.length - 1;
  }

  private executor(xid: number): number {
    const m = this.model;
    const found = m.executorIndex.get(xid);
    if (found !== undefined) return found;
    m.executorIndex.set(xid, m.executors.length);
    m.executors.push({
      xid,
      kind: 'other',
      maxWorkers: 0,
      name: `executor ${xid}`,
      lane: -1,
      site: undefined,
      createdTs: NaN,
      shutdown: undefined,
      broken: undefined,
      workers: [],
    });
    return m.executors.length - 1;
  }

  private fn(name: string): number {
    let i = this.fnIndex.get(name);
    if (i === undefined) {
      i = this.model.fnNames.push(name) - 1;
      this.fnIndex.set(name, i);
    }
    return i;
  }

  private site(site: CallSite): number {
    // Most submits come from a few call sites: look up by file and line first, without building a key.
    let byLine = this.siteByFileLine.get(site.file);
    if (!byLine) this.siteByFileLine.set(site.file, (byLine = new Map()));
    const near = byLine.get(site.line);
    if (near !== undefined) {
      const known = this.model.sites[near]!;
      if (known.col === site.col && known.fn === site.fn) return near;
    }
    const key = `${site.file}\0${site.line}\0${site.col ?? ''}\0${site.fn ?? ''}`;
    let i = this.siteIndex.get(key);
    if (i === undefined) {
      i = this.model.sites.push(site) - 1;
      this.siteIndex.set(key, i);
    }
    byLine.set(site.line, i);
    return i;
  }

  /** The span still missing `side` for this callback, or a new one (a callback may run again, or its end come first). */
  private callback(fid: number, cb: number, lane: LaneId, side: 'beginTs' | 'endTs'): CallbackSpan {
    const m = this.model;
    const key = `${fid}:${cb}`;
    const open = this.openCallbacks.get(key);
    if (open !== undefined && Number.isNaN(m.callbacks[open]![side])) return m.callbacks[open]!;
    const future = m.futures.ensure(fid);
    const index = m.callbacks.length;
    const span: CallbackSpan = {
      future,
      cb,
      fn: '',
      lane: this.lane(lane),
      beginTs: NaN,
      endTs: NaN,
      raised: undefined,
      error: undefined,
    };
    m.callbacks.push(span);
    this.openCallbacks.set(key, index);
    push(m.callbacksByFuture, future, index);
    return span;
  }

  private closeCallback(fid: number, cb: number, span: CallbackSpan): void {
    if (!Number.isNaN(span.beginTs) && !Number.isNaN(span.endTs)) this.openCallbacks.delete(`${fid}:${cb}`);
  }

  private block(bid: number, lane: LaneId): BlockSpan {
    const m = this.model;
    const found = this.blockByBid.get(bid);
    if (found !== undefined) return m.blocks[found]!;
    const span: BlockSpan = {
      bid,
      op: 'wait',
      futures: [],
      timeoutMs: undefined,
      lane: this.lane(lane),
      beginTs: NaN,
      endTs: NaN,
      timedOut: undefined,
      site: undefined,
    };
    this.blockByBid.set(bid, m.blocks.push(span) - 1);
    return span;
  }

  private worker(xid: number, lane: LaneId, spawn: boolean): number {
    const m = this.model;
    const laneIndex = this.lane(lane);
    const current = this.workerByLane.get(laneIndex);
    // A spawn on a lane whose worker was already spawned is a new worker: thread ids and pids get reused.
    if (current !== undefined && !(spawn && !Number.isNaN(m.workers[current]!.spawnTs))) return current;
    const executor = this.executor(xid);
    const index = m.workers.length;
    m.workers.push({ executor, lane: laneIndex, spawnTs: NaN, exitTs: NaN, code: undefined, crash: undefined });
    m.executors[executor]!.workers.push(index);
    this.workerByLane.set(laneIndex, index);
    return index;
  }
}

function push(map: Map<number, number[]>, key: number, value: number): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Reads a whole recording straight into a model, without keeping the records. */
export function buildModel(
  input: string | Uint8Array,
  options?: DecoderOptions,
): { model: TraceModel; issues: TraceIssue[]; decoder: TraceDecoder } {
  const builder = new ModelBuilder();
  const decoder = readTraceInto(input, builder, options);
  return { model: builder.model, issues: decoder.issues, decoder };
}

/** Builds a model from records already in memory. */
export function modelOf(header: Header | undefined, events: Iterable<TraceEvent>): TraceModel {
  const builder = new ModelBuilder();
  if (header) builder.header(header);
  for (const event of events) builder.event(event);
  return builder.model;
}
