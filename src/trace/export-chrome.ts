import type { CallSite, ErrorInfo } from './schema.ts';
import type { TraceModel } from './model.ts';

/** One Chrome Trace Event (the JSON format chrome://tracing and Perfetto load). */
export interface ChromeEvent {
  name: string;
  ph: 'M' | 'X' | 'b' | 'e' | 's' | 'f' | 'i';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: string;
  id2?: { local: string };
  bp?: 'e';
  s?: 't';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

/** Width of the tiny slices flows bind to: flow events attach only to an enclosing slice. */
const ANCHOR_US = 1;

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

/**
 * The model as Chrome Trace Event JSON. Lanes become threads with small tids (1..N in order of
 * first appearance) under their real pid; each future's queued and running phases are async
 * slices (b/e, so futures overlapping on one lane are fine), joined by a flow arrow from the submit
 * to the start; callbacks, blocks and shutdowns are complete slices; the rest are instants.
 * Times are microseconds since the recording started.
 */
export function toChromeTrace(model: TraceModel): ChromeTrace {
  const origin = model.header?.ts ?? (Number.isNaN(model.firstTs) ? 0 : model.firstTs);
  const rel = (ts: number) => ts - origin;
  const meta: ChromeEvent[] = [];
  const events: ChromeEvent[] = [];
  const lanes = model.lanes;
  const where = (lane: number) => ({ pid: lanes[lane]!.pid, tid: lane + 1 });

  const pids: number[] = [];
  for (const lane of lanes) if (!pids.includes(lane.pid)) pids.push(lane.pid);
  pids.forEach((pid, order) => {
    meta.push({ name: 'process_name', ph: 'M', pid, tid: 0, args: { name: processName(model, pid) } });
    meta.push({ name: 'process_sort_index', ph: 'M', pid, tid: 0, args: { sort_index: order } });
  });
  lanes.forEach((lane, i) => {
    const name = lane.name === lane.id ? lane.id : `${lane.name} (${lane.id})`;
    meta.push({ name: 'thread_name', ph: 'M', pid: lane.pid, tid: i + 1, args: { name } });
    meta.push({ name: 'thread_sort_index', ph: 'M', pid: lane.pid, tid: i + 1, args: { sort_index: i + 1 } });
  });

  const f = model.futures;
  const end = model.lastTs;
  const slice = (lane: number, name: string, cat: string, ts: number, dur: number, args: Record<string, unknown>) =>
    events.push({ name, cat, ph: 'X', ts: rel(ts), dur, ...where(lane), args: clean(args) });
  const instant = (lane: number, name: string, cat: string, ts: number, args: Record<string, unknown>) =>
    events.push({ name, cat, ph: 'i', s: 't', ts: rel(ts), ...where(lane), args: clean(args) });
  const span = (lane: number, name: string, cat: string, id: string, from: number, to: number, args: object) => {
    events.push({ name, cat, ph: 'b', ts: rel(from), ...where(lane), id2: { local: id }, args: clean({ ...args }) });
    events.push({ name, cat, ph: 'e', ts: rel(to), ...where(lane), id2: { local: id } });
  };

  for (let i = 0; i < f.count; i++) {
    const fid = f.fid[i]!;
    const id = hex(fid);
    const fn = model.fnNames[f.fn[i]!] ?? `future ${fid}`;
    const submit = f.submitTs[i]!;
    const start = f.startTs[i]!;
    const stop = f.endTs[i]!;
    const done = f.doneTs[i]!;
    const site = siteText(model.sites[f.site[i]!]);
    const outcome = model.outcomeOf(i) ?? (f.endOk[i] === -1 ? 'unfinished' : f.endOk[i] === 1 ? 'returned' : 'raised');
    const result = { outcome, value: f.values[i], error: errorText(f.errors.get(i)) };
    const hasSubmit = !Number.isNaN(submit) && f.submitLane[i]! >= 0;
    const hasStart = !Number.isNaN(start) && f.runLane[i]! >= 0;
    if (hasSubmit) {
      const lane = f.submitLane[i]!;
      slice(lane, `submit ${fn}`, 'submit', submit, ANCHOR_US, { fid, args: f.args[i], site });
      const queuedUntil = hasStart ? start : !Number.isNaN(done) ? done : end;
      span(lane, `queued ${fn}`, 'queue', id, submit, Math.max(submit, queuedUntil), { fid });
    }
    if (hasStart) {
      const lane = f.runLane[i]!;
      const ranUntil = !Number.isNaN(stop) ? stop : !Number.isNaN(done) ? done : end;
      slice(lane, `start ${fn}`, 'start', start, ANCHOR_US, { fid });
      span(lane, fn, 'run', id, start, Math.max(start, ranUntil), { fid, args: f.args[i], ...result });
    }
    if (hasSubmit && hasStart) {
      const flow = { name: 'submit → start', cat: 'flow', id };
      events.push({ ...flow, ph: 's', ts: rel(submit), ...where(f.submitLane[i]!) });
      events.push({ ...flow, ph: 'f', bp: 'e', ts: rel(start), ...where(f.runLane[i]!) });
    }
  }

  for (const cb of model.callbacks) {
    const from = Number.isNaN(cb.beginTs) ? cb.endTs : cb.beginTs;
    const to = Number.isNaN(cb.endTs) ? end : cb.endTs;
    const args = { fid: f.fid[cb.future], cb: cb.cb, raised: cb.raised, error: errorText(cb.error) };
    slice(cb.lane, `callback ${cb.fn || '?'}`, 'callback', from, Math.max(0, to - from), args);
  }
  for (const b of model.blocks) {
    const from = Number.isNaN(b.beginTs) ? b.endTs : b.beginTs;
    const to = Number.isNaN(b.endTs) ? end : b.endTs;
    const fids = b.futures.map((i) => f.fid[i]);
    const args = { bid: b.bid, fids, timeoutMs: b.timeoutMs, timedOut: b.timedOut, site: siteText(b.site) };
    slice(b.lane, `block ${b.op}`, 'block', from, Math.max(0, to - from), args);
  }
  for (const x of model.executors) {
    const s = x.shutdown;
    if (!s) continue;
    const from = Number.isNaN(s.beginTs) ? s.endTs : s.beginTs;
    const to = Number.isNaN(s.endTs) ? end : s.endTs;
    const args = { xid: x.xid, wait: s.wait, cancelFutures: s.cancelFutures };
    slice(s.lane, `shutdown ${x.name}`, 'shutdown', from, Math.max(0, to - from), args);
  }

  for (const t of model.timeouts) {
    const args = { pending: t.pending.map((i) => f.fid[i]), timeoutMs: t.timeoutMs, site: siteText(t.site) };
    instant(t.lane, `timeout ${t.op} after ${t.timeoutMs} ms`, 'timeout', t.ts, args);
  }
  for (const c of model.cancels) {
    instant(c.lane, `cancel ${c.ok ? 'accepted' : 'refused'}`, 'cancel', c.ts, { fid: f.fid[c.future], ok: c.ok });
  }
  for (const w of model.workers) {
    const xid = model.executors[w.executor]!.xid;
    if (!Number.isNaN(w.spawnTs)) instant(w.lane, 'worker spawned', 'worker', w.spawnTs, { xid });
    if (!Number.isNaN(w.exitTs)) instant(w.lane, 'worker exited', 'worker', w.exitTs, { xid, code: w.code });
    if (w.crash) {
      const fids = w.crash.futures.map((i) => f.fid[i]);
      instant(w.lane, 'worker crashed', 'crash', w.crash.ts, { xid, fids, error: errorText(w.crash.error) });
    }
  }
  for (const b of model.brokenEvents) {
    const lane = model.executors[b.executor]!.lane;
    if (lane >= 0) instant(lane, 'executor broken', 'crash', b.ts, { reason: b.reason });
  }
  for (const m of model.marks) instant(m.lane, m.name, 'mark', m.ts, { data: m.data });
  for (const s of model.stacks) {
    const frames = s.frames.map((fr) => `${fr.fn ?? '?'} ${siteText(fr)}`);
    instant(s.lane, 'stack', 'stack', s.ts, { fid: s.future >= 0 ? f.fid[s.future] : undefined, frames });
  }
  for (const d of model.dropped) instant(d.lane, `${d.count} events dropped`, 'dropped', d.ts, { count: d.count });
  const exit = model.exit;
  if (exit && lanes.length > 0) {
    const found = lanes.findIndex((l) => l.pid === exit.pid);
    instant(found >= 0 ? found : 0, 'exit', 'exit', exit.ts, { code: exit.code, signal: exit.signal });
  }

  // Stable sort: equal timestamps keep emission order, so a zero-length phase still has its b before its e.
  events.sort((a, b) => a.ts! - b.ts!);
  const header = model.header;
  const otherData: Record<string, string> = {};
  if (header) {
    otherData.program = [header.program, ...header.args].join(' ');
    otherData.runtime = `${header.runtime} ${header.runtimeVersion}`;
    otherData.recorded = new Date(header.wallMs).toISOString();
  }
  return { traceEvents: [...meta, ...events], displayTimeUnit: 'ms', otherData };
}

function processName(model: TraceModel, pid: number): string {
  if (model.header && model.header.pid === pid) return `${model.header.program} (pid ${pid})`;
  const named = model.lanes.find((l) => l.pid === pid && l.kind === 'process');
  return named ? `${named.name} (pid ${pid})` : `process ${pid}`;
}

/** Serializes a Chrome trace with one event per line, so golden files diff well. */
export function chromeTraceToJson(trace: ChromeTrace): string {
  const events = trace.traceEvents.map((e) => JSON.stringify(e)).join(',\n');
  return `{"traceEvents":[\n${events}\n],"displayTimeUnit":"ms","otherData":${JSON.stringify(trace.otherData)}}\n`;
}
