import type { ExecutorKind } from './schema.ts';
import { OUTCOME } from './future-table.ts';
import type { TraceModel } from './model.ts';

/** Nearest-rank percentiles of a set of durations in microseconds; NaN when `count` is 0. */
export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  max: number;
}

/** Definitions of every number: see "Summary statistics" in src/trace/README.md. */
export interface ExecutorStats {
  xid: number;
  name: string;
  kind: ExecutorKind;
  maxWorkers: number;
  futures: number;
  ok: number;
  failed: number;
  cancelled: number;
  running: number;
  pending: number;
  /** Sum of the run time of its futures, in µs. */
  busyUs: number;
  /** Active span in µs: first submit to last end/done, or to the end of the recording while work is unfinished. */
  spanUs: number;
  /** busyUs / (maxWorkers × spanUs); NaN when not defined. */
  utilization: number;
  queueWait: Percentiles;
  runTime: Percentiles;
  /** (ok + failed) per second of active span; NaN when the span is empty. */
  throughput: number;
  timeouts: number;
  crashes: number;
  broken: boolean;
}

export interface TraceStats {
  program: string | undefined;
  args: string[];
  runtime: string | undefined;
  wallMs: number | undefined;
  /** Last ts minus first ts of the recording, µs. */
  durationUs: number;
  events: number;
  dropped: number;
  exitCode: number | null | undefined;
  exitSignal: string | undefined;
  executors: ExecutorStats[];
  /** Futures whose submit was never seen, so no executor can be named. */
  unattributed: number;
  /** Records repeating a future's submit, start or done (see TraceModel.repeated). */
  repeated: number;
}

/** Nearest-rank percentile: the smallest value with at least p% of the values at or below it. */
export function percentiles(values: number[]): Percentiles {
  if (values.length === 0) return { count: 0, p50: NaN, p95: NaN, max: NaN };
  const sorted = Float64Array.from(values).sort();
  const rank = (p: number) => sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
  return { count: sorted.length, p50: rank(0.5), p95: rank(0.95), max: sorted[sorted.length - 1]! };
}

interface Acc {
  stats: ExecutorStats;
  waits: number[];
  runs: number[];
  firstTs: number;
  lastTs: number;
  unfinished: boolean;
}

export function computeStats(model: TraceModel): TraceStats {
  const f = model.futures;
  const end = model.lastTs;
  const accs: Acc[] = model.executors.map((x) => ({
    stats: emptyStats(x.xid, x.name, x.kind, x.maxWorkers, x.broken !== undefined),
    waits: [],
    runs: [],
    firstTs: Infinity,
    lastTs: -Infinity,
    unfinished: false,
  }));
  let unattributed = 0;
  for (let i = 0; i < f.count; i++) {
    const acc = accs[f.executor[i]!];
    if (!acc) {
      unattributed++;
      continue;
    }
    const s = acc.stats;
    s.futures++;
    const submit = f.submitTs[i]!;
    const start = f.startTs[i]!;
    const stop = f.endTs[i]!;
    const done = f.doneTs[i]!;
    const outcome = f.outcome[i];
    if (outcome === OUTCOME.result) s.ok++;
    else if (outcome === OUTCOME.exception) s.failed++;
    else if (outcome === OUTCOME.cancelled) s.cancelled++;
    else if (f.endOk[i] === 1) s.ok++;
    else if (f.endOk[i] === 0) s.failed++;
    else if (!Number.isNaN(start)) s.running++;
    else s.pending++;
    const finished = outcome !== OUTCOME.none || f.endOk[i] !== -1;
    if (!finished) acc.unfinished = true;
    const first = Number.isNaN(submit) ? start : submit;
    if (first < acc.firstTs) acc.firstTs = first;
    if (stop > acc.lastTs) acc.lastTs = stop;
    if (done > acc.lastTs) acc.lastTs = done;
    if (!Number.isNaN(submit) && !Number.isNaN(start)) acc.waits.push(start - submit);
    if (!Number.isNaN(start)) {
      // Work that never reported its end ran until the future was done (a crash) or the recording ended.
      const runEnd = !Number.isNaN(stop) ? stop : !Number.isNaN(done) ? done : end;
      s.busyUs += runEnd - start;
      if (!Number.isNaN(stop)) acc.runs.push(stop - start);
    }
  }
  for (const t of model.timeouts) {
    const owner = t.pending.length > 0 ? f.executor[t.pending[0]!]! : -1;
    if (accs[owner]) accs[owner].stats.timeouts++;
  }
  for (const w of model.workers) if (w.crash && accs[w.executor]) accs[w.executor]!.stats.crashes++;
  for (const acc of accs) finish(acc, end);
  const header = model.header;
  return {
    program: header?.program,
    args: header?.args ?? [],
    runtime: header ? `${header.runtime} ${header.runtimeVersion}` : undefined,
    wallMs: header?.wallMs,
    durationUs: Number.isNaN(model.firstTs) ? 0 : model.lastTs - model.firstTs,
    events: model.eventCount,
    dropped: model.droppedCount(),
    exitCode: model.exit?.code,
    exitSignal: model.exit?.signal,
    executors: accs.map((a) => a.stats),
    unattributed,
    repeated: model.repeated,
  };
}

function finish(acc: Acc, recordingEnd: number): void {
  const s = acc.stats;
  s.queueWait = percentiles(acc.waits);
  s.runTime = percentiles(acc.runs);
  if (s.futures === 0 || acc.firstTs === Infinity) return;
  const last = acc.unfinished ? recordingEnd : acc.lastTs;
  s.spanUs = Math.max(0, last - acc.firstTs);
  if (s.spanUs > 0) {
    s.throughput = (s.ok + s.failed) / (s.spanUs / 1e6);
    if (s.maxWorkers > 0) s.utilization = s.busyUs / (s.maxWorkers * s.spanUs);
  }
}

function emptyStats(xid: number, name: string, kind: ExecutorKind, maxWorkers: number, broken: boolean): ExecutorStats {
  const none = { count: 0, p50: NaN, p95: NaN, max: NaN };
  return {
    xid,
    name,
    kind,
    maxWorkers,
    futures: 0,
    ok: 0,
    failed: 0,
    cancelled: 0,
    running: 0,
    pending: 0,
    busyUs: 0,
    spanUs: 0,
    utilization: NaN,
    queueWait: none,
    runTime: none,
    throughput: NaN,
    timeouts: 0,
    crashes: 0,
    broken,
  };
}
