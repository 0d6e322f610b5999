/**
 * Model → wire conversions shared by ModelSync and the details encoder. Every object is built from
 * the fields the protocol names (a newer writer's extra fields stay behind) and every string is
 * clipped to what the webview accepts, so the host never sends a message the webview rejects.
 */
import { OUTCOME, type FutureTable } from '../trace/future-table.ts';
import type { ExecutorInfo, LaneInfo, TraceModel, WorkerInfo } from '../trace/model.ts';
import type { CallSite, ErrorInfo, Header } from '../trace/schema.ts';
import {
  EXECUTOR_KINDS,
  FUTURE_STATE,
  LIMITS,
  type ErrorDetails,
  type ExecutorRow,
  type FutureStateCode,
  type HeaderInfo,
  type LaneRow,
  type Site,
  type WireTime,
  type WorkerRow,
} from './messages.ts';

/** Converts recording timestamps to wire times (µs since origin; null for NaN). */
export type ToWire = (ts: number) => WireTime;

export function wireClock(origin: number | null): ToWire {
  return (ts) => (origin === null || Number.isNaN(ts) ? null : ts - origin);
}

export function clip(text: string, max: number = LIMITS.maxString): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** The state the chart draws: the outcome when known, else what `end` said, else running or pending. */
export function stateOf(f: FutureTable, i: number): FutureStateCode {
  const outcome = f.outcome[i];
  if (outcome === OUTCOME.result) return FUTURE_STATE.result;
  if (outcome === OUTCOME.exception) return FUTURE_STATE.exception;
  if (outcome === OUTCOME.cancelled) return FUTURE_STATE.cancelled;
  // `done` may lag `end` or be lost: the work's own verdict stands in for it.
  if (f.endOk[i] === 1) return FUTURE_STATE.result;
  if (f.endOk[i] === 0) return FUTURE_STATE.exception;
  return Number.isNaN(f.startTs[i]!) ? FUTURE_STATE.pending : FUTURE_STATE.running;
}

/** End of the bar: the work's end, else when the future was settled without one (cancelled, worker died). */
export function barEnd(f: FutureTable, i: number): number {
  const end = f.endTs[i]!;
  return Number.isNaN(end) ? f.doneTs[i]! : end;
}

export function headerInfo(h: Header): HeaderInfo {
  return {
    program: clip(h.program),
    args: h.args.slice(0, LIMITS.maxList).map((a) => clip(a)),
    cwd: clip(h.cwd),
    runtime: clip(h.runtime, 200),
    runtimeVersion: clip(h.runtimeVersion, 200),
    pid: h.pid,
    wallMs: h.wallMs,
    writer: clip(h.writer, 200),
  };
}

export function laneRow(lane: LaneInfo, idx: number): LaneRow {
  return { idx, id: clip(lane.id, 200), name: clip(lane.name, 1000), kind: lane.kind };
}

export function executorRow(x: ExecutorInfo, idx: number, wire: ToWire): ExecutorRow {
  return {
    idx,
    xid: x.xid,
    name: clip(x.name, 1000),
    kind: (EXECUTOR_KINDS as readonly string[]).includes(x.kind) ? x.kind : 'other',
    maxWorkers: x.maxWorkers,
    lane: x.lane,
    createdTs: wire(x.createdTs),
    shutdownTs: x.shutdown ? wire(x.shutdown.beginTs) : null,
    brokenTs: x.broken ? wire(x.broken.ts) : null,
    brokenReason: x.broken ? clip(x.broken.reason) : null,
  };
}

export function workerRow(w: WorkerInfo, idx: number, wire: ToWire): WorkerRow {
  return {
    idx,
    executor: w.executor,
    lane: w.lane,
    spawnTs: wire(w.spawnTs),
    exitTs: wire(w.exitTs),
    crashTs: w.crash ? wire(w.crash.ts) : null,
    exitCode: w.code ?? null,
  };
}

export function siteOf(s: CallSite): Site {
  return {
    file: clip(s.file, 4096),
    line: s.line,
    col: s.col ?? null,
    fn: s.fn === undefined ? null : clip(s.fn, 1000),
  };
}

export function errorOf(e: ErrorInfo): ErrorDetails {
  return {
    type: clip(e.type, 1000),
    message: clip(e.message),
    frames: (e.frames ?? []).slice(-256).map(siteOf),
    stack: e.stack === undefined ? null : clip(e.stack),
  };
}

/** Callbacks of one future recorded so far. */
export function callbackCount(model: TraceModel, i: number): number {
  return model.callbacksByFuture.get(i)?.length ?? 0;
}
