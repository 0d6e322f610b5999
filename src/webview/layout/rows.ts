/**
 * The rows of the chart, top to bottom: "Threads" (one row per caller thread: when it was blocked,
 * its timeouts and cancels), then each executor — a header row (name, kind, workers; its queue of
 * futures not started yet) followed by one row per track of each lane that worked for it. Order is
 * by dense index (order of first appearance), so it is deterministic, and rows that appear live are
 * added after their siblings instead of reshuffling the ones already on screen.
 */
import type { ChartStore } from '../data/store.ts';
import type { ChartIndex, QueueGroup, RunGroup } from './chart-index.ts';

export const HEADER_HEIGHT = 22;
export const ROW_HEIGHT = 18;

interface RowBase {
  y: number;
  height: number;
}

export type Row =
  | (RowBase & { kind: 'threads' })
  | (RowBase & { kind: 'thread'; lane: number })
  | (RowBase & { kind: 'executor'; executor: number; queue: QueueGroup | undefined })
  | (RowBase & { kind: 'track'; executor: number; lane: number; group: RunGroup | undefined; track: number });

export interface RowLayout {
  rows: Row[];
  /** Total height in CSS pixels. */
  height: number;
  /** Row of track 0 of a run group (its other tracks follow), by group id. */
  groupRow: Map<number, number>;
  /** Header row of each executor (which also draws its queue), by executor index. */
  executorRow: Map<number, number>;
  /** First row of each lane: where its callbacks, marks and crashes are drawn. */
  laneHome: Map<number, number>;
}

export function buildRows(store: ChartStore, index: ChartIndex): RowLayout {
  const rows: Row[] = [];
  const layout: RowLayout = { rows, height: 0, groupRow: new Map(), executorRow: new Map(), laneHome: new Map() };
  let y = 0;
  const push = (row: Row) => {
    rows.push(row);
    y += row.height;
  };

  // Per executor, its lanes: workers it spawned and lanes that ran its futures.
  const lanesOf = new Map<number, Set<number>>();
  const runGroups = new Map<string, RunGroup>();
  const queues = new Map<number, QueueGroup>();
  const laneOf = (x: number) => lanesOf.get(x) ?? lanesOf.set(x, new Set()).get(x)!;
  for (const w of store.workers) if (w) laneOf(w.executor).add(w.lane);
  // Groups left empty (a worker's `start` came before the parent's `submit` named the executor,
  // then the future moved) draw nothing and get no rows.
  for (const g of index.groups) {
    if (g.kind === 'run') {
      if (usedTracks(g) === 0) continue;
      laneOf(g.executor).add(g.lane);
      runGroups.set(`${g.executor}:${g.lane}`, g);
    } else if (g.ids.length > 0) {
      laneOf(g.executor);
      queues.set(g.executor, g);
    }
  }
  const lanesWithRows = new Set<number>();
  for (const lanes of lanesOf.values()) for (const lane of lanes) lanesWithRows.add(lane);

  const threads = new Set(index.callerLanes);
  for (const lane of index.laneEvents.keys()) if (!lanesWithRows.has(lane)) threads.add(lane);
  if (threads.size > 0) {
    push({ kind: 'threads', y, height: HEADER_HEIGHT });
    for (const lane of [...threads].sort((a, b) => a - b)) {
      layout.laneHome.set(lane, rows.length);
      push({ kind: 'thread', lane, y, height: ROW_HEIGHT });
    }
  }

  const executors = new Set<number>();
  store.executors.forEach((x, i) => x && executors.add(i));
  for (const x of lanesOf.keys()) executors.add(x);
  // Futures whose submit was not seen (executor -1) come last.
  const order = [...executors].sort((a, b) => (a < 0 ? Infinity : a) - (b < 0 ? Infinity : b));
  for (const executor of order) {
    layout.executorRow.set(executor, rows.length);
    push({ kind: 'executor', executor, queue: queues.get(executor), y, height: HEADER_HEIGHT });
    const lanes = [...(lanesOf.get(executor) ?? [])].sort((a, b) => a - b);
    for (const lane of lanes) {
      if (!layout.laneHome.has(lane)) layout.laneHome.set(lane, rows.length);
      const group = runGroups.get(`${executor}:${lane}`);
      if (group) layout.groupRow.set(group.id, rows.length);
      const tracks = Math.max(1, group ? usedTracks(group) : 0);
      for (let track = 0; track < tracks; track++)
        push({ kind: 'track', executor, lane, group, track, y, height: ROW_HEIGHT });
    }
  }
  layout.height = y;
  return layout;
}

/** Tracks up to the last one holding a span. */
function usedTracks(group: RunGroup): number {
  const tracks = group.packing.tracks;
  let n = tracks.length;
  while (n > 0 && tracks[n - 1]!.length === 0) n--;
  return n;
}

/** Row at a content y (0 = top of the first row), or -1. */
export function rowAt(layout: RowLayout, y: number): number {
  const rows = layout.rows;
  let lo = 0;
  let hi = rows.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const row = rows[mid]!;
    if (y < row.y) hi = mid - 1;
    else if (y >= row.y + row.height) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Row of a future placed by the index, or -1. */
export function rowOfFuture(layout: RowLayout, index: ChartIndex, future: number): number {
  const place = index.placeOf(future);
  if (!place) return -1;
  if (place.group.kind === 'queue') return layout.executorRow.get(place.group.executor) ?? -1;
  const first = layout.groupRow.get(place.group.id);
  return first === undefined ? -1 : first + place.track;
}
