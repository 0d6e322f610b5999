// Charts for the webview tests and the LOD bench: golden recordings through the real host encoder,
// and synthetic `append` batches of any size built directly (a million futures through the model
// builder would take longer than the thing measured).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readTraceInto } from '../../../src/trace/reader.ts';
import { ModelSync } from '../../../src/protocol/model-sync.ts';
import { FUTURE_STATE, type AppendMessage, type InitMessage } from '../../../src/protocol/messages.ts';
import { ChartStore } from '../../../src/webview/data/store.ts';
import { ChartIndex } from '../../../src/webview/layout/chart-index.ts';
import { buildRows, type RowLayout } from '../../../src/webview/layout/rows.ts';

export const GOLDEN = join(import.meta.dirname, '../../golden');

export interface Chart {
  store: ChartStore;
  index: ChartIndex;
  layout: RowLayout;
}

export function chartOf(messages: (InitMessage | AppendMessage)[]): Chart {
  const store = new ChartStore();
  const index = new ChartIndex(store);
  for (const m of messages) index.update(store.apply(m));
  return { store, index, layout: buildRows(store, index) };
}

export function goldenChart(name: string): Chart & { sync: ModelSync } {
  const sync = new ModelSync();
  readTraceInto(readFileSync(join(GOLDEN, `${name}.ndjson`)), sync);
  const messages = sync.snapshot().filter((m) => m.type === 'init' || m.type === 'append');
  return { ...chartOf(messages), sync };
}

export const emptyInit = (lanes: number, executors: number, workersPer: number): InitMessage => ({
  type: 'init',
  v: 1,
  title: 'synthetic',
  origin: 0,
  header: null,
  lanes: Array.from({ length: lanes }, (_, i) => ({
    idx: i,
    id: `100:${i}`,
    name: i === 0 ? 'MainThread' : `worker_${i}`,
    kind: i === 0 ? ('main' as const) : ('thread' as const),
  })),
  executors: Array.from({ length: executors }, (_, x) => ({
    idx: x,
    xid: x + 1,
    name: `pool-${x}`,
    kind: 'python-thread' as const,
    maxWorkers: workersPer,
    lane: 0,
    createdTs: 0,
    shutdownTs: null,
    brokenTs: null,
    brokenReason: null,
  })),
  workers: [],
});

/**
 * `count` futures on a thread pool of `workers` lanes (lanes 1..workers; lane 0 submits), each
 * running about `runUs` after queueing; every 7th fails, the last future of each lane is still
 * running and the last `pending` were never started. With `oneLane`, they all run on lane 1, up to
 * `workers` at once, like an event loop. Deterministic.
 */
export function syntheticChart(count: number, workers = 8, runUs = 40, pending = 0, oneLane = false): Chart {
  const n = count;
  const cols = {
    idx: new Array<number>(n),
    fid: new Array<number>(n),
    executor: new Array<number>(n).fill(0),
    fn: new Array<number>(n),
    lane: new Array<number>(n),
    caller: new Array<number>(n).fill(0),
    submitTs: new Array<number | null>(n),
    startTs: new Array<number | null>(n),
    endTs: new Array<number | null>(n),
    state: new Array<number>(n),
    callbacks: new Array<number>(n).fill(0),
  };
  const free = new Array<number>(workers).fill(0);
  for (let i = 0; i < n; i++) {
    // A pool hands work out round robin; an event loop starts the next one when any slot frees.
    let w = i % workers;
    if (oneLane) for (let s = 0; s < workers; s++) if (free[s]! < free[w]!) w = s;
    const submit = i * Math.max(1, Math.floor(runUs / workers));
    const start = Math.max(submit + 3, free[w]!);
    const len = runUs + ((i * 7919) % 11) - 5;
    const never = i >= n - pending;
    const open = !never && i >= n - pending - workers;
    free[w] = start + len + 1;
    cols.idx[i] = i;
    cols.fid[i] = i + 1;
    cols.fn[i] = i % 3;
    cols.lane[i] = never ? -1 : oneLane ? 1 : w + 1;
    cols.submitTs[i] = submit;
    cols.startTs[i] = never ? null : start;
    cols.endTs[i] = never || open ? null : start + len;
    cols.state[i] = never
      ? FUTURE_STATE.pending
      : open
        ? FUTURE_STATE.running
        : i % 7 === 0
          ? FUTURE_STATE.exception
          : FUTURE_STATE.result;
  }
  const messages: (InitMessage | AppendMessage)[] = [emptyInit(oneLane ? 2 : workers + 1, 1, workers)];
  const batch = 65_536;
  for (let from = 0; from < n; from += batch) {
    const slice = Object.fromEntries(Object.entries(cols).map(([k, v]) => [k, v.slice(from, from + batch)]));
    const m: AppendMessage = { type: 'append', lastTs: null, futures: slice as unknown as AppendMessage['futures'] };
    if (from === 0) m.strings = { base: 0, values: ['download', 'parse', 'upload'] };
    messages.push(m);
  }
  return chartOf(messages);
}
