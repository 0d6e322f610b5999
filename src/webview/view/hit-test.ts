/**
 * What is under the pointer: the row from y (binary search over row offsets), then the thing in
 * that row from x, through the same sorted per-row arrays the painter draws from. Marks win over
 * bars (they are small and drawn on top); among bars, the one covering the time, else the nearest
 * within a few pixels.
 */
import type { ChartStore } from '../data/store.ts';
import type { ChartIndex, LaneEvents } from '../layout/chart-index.ts';
import { rowAt, type RowLayout } from '../layout/rows.ts';
import type { SortedIds } from '../layout/sorted-ids.ts';
import { timeOf, type TimeScale } from '../render/lod.ts';
import { HIT_SLOP, MARK_SLOP } from './geometry.ts';

export type Hit =
  | { kind: 'future'; future: number }
  | { kind: 'callback'; callback: number }
  | { kind: 'timeout'; timeout: number }
  | { kind: 'block'; block: number }
  | { kind: 'cancel'; cancel: number }
  | { kind: 'mark'; mark: number }
  | { kind: 'crash'; worker: number }
  | { kind: 'broken'; executor: number }
  /** The label column: `row` is an index into the layout's rows (its label may be cut short there). */
  | { kind: 'label'; row: number };

export interface HitContext {
  store: ChartStore;
  index: ChartIndex;
  layout: RowLayout;
  scale: TimeScale;
  /** Where open spans end (wire µs). */
  now: number;
}

/** Scans at most this many items of an overlapping list, so a pathological row cannot stall the pointer. */
const SCAN_LIMIT = 4096;

/**
 * `x` in canvas CSS pixels, `y` in content pixels (0 = top of the first row). Left of the time
 * area (scale.offset) is the label column: its row, so the whole label can be shown.
 */
export function hitTest(ctx: HitContext, x: number, y: number): Hit | null {
  const r = rowAt(ctx.layout, y);
  if (r < 0 || x < 0) return null;
  if (x < ctx.scale.offset) return { kind: 'label', row: r };
  const row = ctx.layout.rows[r]!;
  const t = timeOf(ctx.scale, x);
  const slop = HIT_SLOP / ctx.scale.pxPerUs;
  const markSlop = MARK_SLOP / ctx.scale.pxPerUs;
  const { store, index } = ctx;
  const lane = row.kind === 'thread' || row.kind === 'track' ? row.lane : -1;
  const events = lane >= 0 ? index.laneEvents.get(lane) : undefined;
  const home = lane >= 0 && ctx.layout.laneHome.get(lane) === r;

  if (row.kind === 'thread' && events) {
    const timeout = nearest(events.timeouts, t, markSlop);
    if (timeout >= 0) return { kind: 'timeout', timeout };
    const cancel = nearest(events.cancels, t, markSlop);
    if (cancel >= 0) return { kind: 'cancel', cancel };
  }
  if (home && events) {
    const mark = nearest(events.marks, t, markSlop);
    if (mark >= 0) return { kind: 'mark', mark };
    const callback = callbackAt(ctx, events, t, markSlop);
    if (callback >= 0) return { kind: 'callback', callback };
  }
  if (home) {
    for (let w = 0; w < store.workers.length; w++) {
      const worker = store.workers[w];
      if (worker && worker.lane === lane && worker.crashTs !== null && Math.abs(worker.crashTs - t) <= markSlop) {
        return { kind: 'crash', worker: w };
      }
    }
  }
  if (row.kind === 'thread' && events) {
    const ends = store.blocks.cols.endTs as Float64Array;
    for (const track of events.blocks.tracks) {
      const block = spanAt(track, ends, t, slop, ctx.now);
      if (block >= 0) return { kind: 'block', block };
    }
  }
  if (row.kind === 'executor') {
    const x = store.executors[row.executor];
    if (x && x.brokenTs !== null && Math.abs(x.brokenTs - t) <= markSlop)
      return { kind: 'broken', executor: row.executor };
    if (row.queue) {
      const future = queuedAt(row.queue.ids, store.futures.cols.endTs as Float64Array, t, slop, ctx.now);
      if (future >= 0) return { kind: 'future', future };
    }
  }
  if (row.kind === 'track' && row.group) {
    const track = row.group.packing.tracks[row.track];
    if (track) {
      const future = spanAt(track, store.futures.cols.endTs as Float64Array, t, slop, ctx.now);
      if (future >= 0) return { kind: 'future', future };
    }
  }
  return null;
}

/** Item whose key is nearest to `t`, within `slop`; -1 when none. */
export function nearest(list: SortedIds, t: number, slop: number): number {
  const at = list.lowerBound(t - slop);
  let best = -1;
  let bestDistance = Infinity;
  for (let k = at; k < list.length && list.keys[k]! <= t + slop; k++) {
    const d = Math.abs(list.keys[k]! - t);
    if (d < bestDistance) {
      bestDistance = d;
      best = list.ids[k]!;
    }
  }
  return best;
}

/** In a track of spans that do not overlap: the span covering `t`, else the nearest within `slop`. */
export function spanAt(track: SortedIds, ends: Float64Array, t: number, slop: number, now: number): number {
  const at = track.upperBound(t) - 1;
  let best = -1;
  let bestDistance = Infinity;
  for (const k of [at, at - 1, at + 1]) {
    if (k < 0 || k >= track.length) continue;
    const id = track.ids[k]!;
    const start = track.keys[k]!;
    const rawEnd = ends[id]!;
    const end = Number.isNaN(rawEnd) ? Math.max(now, start) : rawEnd;
    const d = t < start ? start - t : t > end ? t - end : 0;
    if (d <= slop && d < bestDistance) {
      bestDistance = d;
      best = id;
    }
  }
  return best;
}

/** In an executor's queue: the latest-submitted future still waiting at `t`. */
function queuedAt(ids: SortedIds, ends: Float64Array, t: number, slop: number, now: number): number {
  const stop = Math.max(0, ids.upperBound(t + slop) - SCAN_LIMIT);
  for (let k = ids.upperBound(t + slop) - 1; k >= stop; k--) {
    const id = ids.ids[k]!;
    const end = Number.isNaN(ends[id]!) ? now : ends[id]!;
    if (end >= t - slop) return id;
  }
  return -1;
}

function callbackAt(ctx: HitContext, events: LaneEvents, t: number, slop: number): number {
  const list = events.callbacks;
  const ends = ctx.store.callbacks.cols.endTs;
  const from = Math.max(list.lowerBound(t - slop - events.callbackMaxLen), list.upperBound(t + slop) - SCAN_LIMIT);
  let best = -1;
  let bestDistance = Infinity;
  for (let k = from; k < list.length && list.keys[k]! <= t + slop; k++) {
    const id = list.ids[k]!;
    const start = list.keys[k]!;
    const end = Number.isNaN(ends[id]!) ? start : Math.max(start, ends[id]!);
    const d = t < start ? start - t : t > end ? t - end : 0;
    if (d <= slop && d < bestDistance) {
      bestDistance = d;
      best = id;
    }
  }
  return best;
}
