/**
 * Everything the host knows about one future, for the webview's details panel and tooltip. Sent
 * on request only: the arguments, results and tracebacks of 100k futures stay on the host.
 */
import type { TraceModel } from '../trace/model.ts';
import { clip, errorOf, siteOf, stateOf, type ToWire } from './encode-rows.ts';
import { BLOCK_OPS, LIMITS, type FutureDetails } from './messages.ts';

const opCode = (op: string) => Math.max(0, (BLOCK_OPS as readonly string[]).indexOf(op));
const first = <T>(items: T[]) => items.slice(0, LIMITS.maxDetailItems);

export function futureDetails(model: TraceModel, fid: number, wire: ToWire): FutureDetails | null {
  const f = model.futures;
  const i = f.indexOf(fid);
  if (i < 0) return null;
  const fn = f.fn[i]!;
  const site = f.site[i]!;
  const error = f.errors.get(i);
  const value = f.values[i];
  const crashed = model.workers.find((w) => w.crash?.futures.includes(i));
  const mapId = f.mapId[i]!;
  const wireOr0 = (ts: number) => wire(ts) ?? 0;
  return {
    fid,
    idx: i,
    fn: fn < 0 ? '' : clip(model.fnNames[fn]!),
    args: clip(f.args[i] ?? ''),
    executor: f.executor[i]!,
    state: stateOf(f, i),
    site: site < 0 ? null : siteOf(model.sites[site]!),
    submitTs: wire(f.submitTs[i]!),
    startTs: wire(f.startTs[i]!),
    endTs: wire(f.endTs[i]!),
    doneTs: wire(f.doneTs[i]!),
    caller: f.submitLane[i]!,
    lane: f.runLane[i]!,
    doneLane: f.doneLane[i]!,
    endOk: f.endOk[i]!,
    value: value === undefined ? null : clip(value),
    error: error ? errorOf(error) : null,
    map: Number.isNaN(mapId) ? null : mapId,
    mapIdx: f.mapIdx[i]! < 0 ? null : f.mapIdx[i]!,
    callbacks: first(model.callbacksOf(i)).map((c) => ({
      cb: c.cb,
      fn: clip(c.fn),
      lane: c.lane,
      beginTs: wire(c.beginTs),
      endTs: wire(c.endTs),
      raised: c.raised ?? null,
      error: c.error ? errorOf(c.error) : null,
    })),
    blocks: first(model.blocksOf(i)).map((b) => ({
      op: opCode(b.op),
      lane: b.lane,
      beginTs: wire(b.beginTs),
      endTs: wire(b.endTs),
      timeoutMs: b.timeoutMs ?? null,
      timedOut: b.timedOut ?? null,
      count: b.futures.length,
      site: b.site ? siteOf(b.site) : null,
    })),
    timeouts: first(model.timeoutsOf(i)).map((t) => ({
      op: opCode(t.op),
      lane: t.lane,
      ts: wireOr0(t.ts),
      timeoutMs: t.timeoutMs,
      pending: t.pending.length,
      site: t.site ? siteOf(t.site) : null,
    })),
    cancels: first(model.cancelsOf(i)).map((c) => ({ ts: wireOr0(c.ts), lane: c.lane, ok: c.ok })),
    crash: crashed?.crash
      ? { ts: wireOr0(crashed.crash.ts), lane: crashed.lane, error: errorOf(crashed.crash.error) }
      : null,
    stacks: first(model.stacks.filter((s) => s.future === i)).map((s) => ({
      ts: wireOr0(s.ts),
      lane: s.lane,
      frames: s.frames.slice(-256).map(siteOf),
    })),
  };
}
