/**
 * Draws the contents of one row: a track's queue phases (thin) and runs (solid, by state), an
 * executor's queue of futures not started yet, a caller thread's blocks, timeouts and cancels, and
 * the marks of a lane's home row (callbacks, user marks, worker crashes).
 */
import { FUTURE_STATE } from '../../protocol/messages.ts';
import type { ChartStore } from '../data/store.ts';
import type { ChartIndex, LaneEvents, QueueGroup } from '../layout/chart-index.ts';
import type { SortedIds } from '../layout/sorted-ids.ts';
import { reachWindow, trackWindow } from '../layout/window.ts';
import type { Canvas2D } from './canvas.ts';
import type { Coverage } from './coverage.ts';
import { mergeSpans, xOf, type LodSpans, type TimeScale } from './lod.ts';
import { stateColor, type Palette } from './palette.ts';

export interface PaintContext {
  ctx: Canvas2D;
  store: ChartStore;
  index: ChartIndex;
  scale: TimeScale;
  /** Visible time window (wire µs). */
  t0: number;
  t1: number;
  /** Where open spans end. */
  now: number;
  palette: Palette;
  lod: LodSpans;
  coverage: Coverage;
  /** Plot width in CSS pixels. */
  width: number;
  /** The program has ended: open futures are unfinished (drawn faded, cut off at the end), not running. */
  ended: boolean;
}

/** A run bar's vertical extent inside a row of height h. */
export const barBox = (top: number, h: number) => ({ y: top + 3, h: h - 6 });

export function paintTrack(p: PaintContext, track: SortedIds, lead: number, top: number, h: number): void {
  const { ctx, scale, palette } = p;
  const f = p.store.futures.cols;
  const ends = f.endTs as Float64Array;
  // Queue phases: submit → start of the futures this track ran, as their union, a thin line.
  p.coverage.reset(p.width);
  const last = track.upperBound(p.t1 + lead);
  for (let k = track.lowerBound(p.t0); k < last; k++) {
    const id = track.ids[k]!;
    const submit = f.submitTs[id]!;
    const start = f.startTs[id]!;
    if (Number.isNaN(submit) || Number.isNaN(start) || submit > p.t1 || start <= submit) continue;
    p.coverage.add(xOf(scale, submit) - scale.offset, xOf(scale, start) - scale.offset);
  }
  ctx.fillStyle = palette.pending;
  p.coverage.runs((x0, x1) => ctx.fillRect(scale.offset + x0, top + h / 2 - 1, x1 - x0, 2));

  const [from, to] = trackWindow(track, ends, p.t0, p.t1);
  p.lod.clear();
  mergeSpans(
    { ids: track.ids, keys: track.keys, from, to, ends, states: f.state as Uint8Array, now: p.now },
    scale,
    p.lod,
  );
  const unfinished = (s: number) => p.ended && s === FUTURE_STATE.running;
  const box = barBox(top, h);
  paintSpans(p, box, (s) => (unfinished(s) ? palette.unfinished : stateColor(palette, s)));
  // Where an unfinished future was cut off: a bar across its end, so it does not read as still running.
  ctx.fillStyle = palette.foreground;
  for (let k = 0; k < p.lod.n; k++) {
    if (unfinished(p.lod.state[k]!)) ctx.fillRect(p.lod.x1[k]! - 2, box.y - 1, 2, box.h + 2);
  }
}

/** Draws `p.lod` as bars: merged ones a little lower, with a red tick when any of them failed. */
function paintSpans(p: PaintContext, box: { y: number; h: number }, color: (state: number) => string): void {
  const { ctx, lod, palette } = p;
  let fill = '';
  for (let k = 0; k < lod.n; k++) {
    const c = color(lod.state[k]!);
    if (c !== fill) ctx.fillStyle = fill = c;
    const x0 = lod.x0[k]!;
    const w = Math.max(1, lod.x1[k]! - x0);
    const merged = lod.count[k]! > 1;
    ctx.fillRect(x0, box.y + (merged ? 1 : 0), w, box.h - (merged ? 1 : 0));
    if (lod.failed[k] && lod.state[k] !== FUTURE_STATE.exception) {
      ctx.fillStyle = fill = palette.exception;
      ctx.fillRect(x0, box.y, w, 2);
    }
  }
  if (palette.contrast) {
    ctx.strokeStyle = palette.contrast;
    ctx.lineWidth = 1;
    for (let k = 0; k < lod.n; k++) {
      if (lod.x1[k]! - lod.x0[k]! >= 3)
        ctx.strokeRect(lod.x0[k]! + 0.5, box.y + 0.5, lod.x1[k]! - lod.x0[k]! - 1, box.h - 1);
    }
  }
}

/** An executor's futures not started yet: waiting ones in the pending colour, settled ones (cancelled) in theirs. */
export function paintQueue(p: PaintContext, queue: QueueGroup, top: number, h: number): void {
  const { ctx, scale, palette } = p;
  const f = p.store.futures.cols;
  const ids = queue.ids;
  const last = ids.upperBound(p.t1);
  for (const settled of [false, true]) {
    p.coverage.reset(p.width);
    for (let k = 0; k < last; k++) {
      const id = ids.ids[k]!;
      const end = f.endTs[id]!;
      if (settled === Number.isNaN(end)) continue;
      const stop = Number.isNaN(end) ? p.now : end;
      if (stop < p.t0) continue;
      p.coverage.add(xOf(scale, ids.keys[k]!) - scale.offset, xOf(scale, Math.max(stop, ids.keys[k]!)) - scale.offset);
    }
    ctx.fillStyle = settled ? palette.cancelled : palette.pending;
    p.coverage.runs((x0, x1) => ctx.fillRect(scale.offset + x0, top + h - 8, x1 - x0, 4));
  }
}

export function paintThread(p: PaintContext, events: LaneEvents, top: number, h: number): void {
  const { ctx, scale, palette } = p;
  const b = p.store.blocks.cols;
  const ends = b.endTs as Float64Array;
  // Blocks: the thread waiting on futures; overlapping waits (async callers) overlay each other.
  ctx.globalAlpha = 0.55;
  for (const track of events.blocks.tracks) {
    const [from, to] = trackWindow(track, ends, p.t0, p.t1);
    p.lod.clear();
    mergeSpans({ ids: track.ids, keys: track.keys, from, to, ends, states: null, now: p.now }, scale, p.lod);
    paintSpans(p, { y: top + 4, h: h - 8 }, () => palette.block);
  }
  ctx.globalAlpha = 1;
  const mid = top + h / 2;
  eachMark(p, events.cancels, (x, id) => {
    ctx.strokeStyle = p.store.cancels.cols.ok[id] ? palette.cancelled : palette.muted;
    ctx.lineWidth = 2;
    cross(ctx, x, mid, 4);
  });
  eachMark(p, events.timeouts, (x) => {
    ctx.fillStyle = palette.timeout;
    diamond(ctx, x, mid, 5);
  });
}

export function paintLaneMarks(
  p: PaintContext,
  lane: number,
  events: LaneEvents | undefined,
  top: number,
  h: number,
): void {
  const { ctx, scale, palette } = p;
  if (events) {
    const c = p.store.callbacks.cols;
    const [from, to] = reachWindow(events.callbacks, p.t0, p.t1, events.callbackMaxLen);
    let lastX = -Infinity;
    for (let k = from; k < to; k++) {
      const id = events.callbacks.ids[k]!;
      const x0 = xOf(scale, events.callbacks.keys[k]!);
      const end = c.endTs[id]!;
      const x1 = Number.isNaN(end) ? x0 : xOf(scale, end);
      if (x1 < lastX + 1) continue; // Several callbacks in one pixel: one mark.
      lastX = Math.max(x0, x1);
      ctx.fillStyle = c.raised[id] === 1 ? palette.exception : palette.callback;
      ctx.fillRect(x0 - 1, top + h - 5, Math.max(2, x1 - x0 + 1), 4);
    }
    eachMark(p, events.marks, (x) => {
      ctx.fillStyle = palette.foreground;
      ctx.beginPath();
      ctx.moveTo(x, top + 1);
      ctx.lineTo(x + 6, top + 4);
      ctx.lineTo(x, top + 7);
      ctx.closePath();
      ctx.fill();
      ctx.fillRect(x, top + 1, 1, h - 2);
    });
  }
  for (const w of p.store.workers) {
    if (!w || w.lane !== lane || w.crashTs === null || w.crashTs < p.t0 || w.crashTs > p.t1) continue;
    ctx.strokeStyle = palette.exception;
    ctx.lineWidth = 2;
    cross(ctx, xOf(scale, w.crashTs), top + h / 2, 5);
  }
}

/** Broken executor: a red line across its header; shutdown: a short tick. */
export function paintExecutorMarks(p: PaintContext, executor: number, top: number, h: number): void {
  const x = p.store.executors[executor];
  if (!x) return;
  const { ctx, scale, palette } = p;
  if (x.shutdownTs !== null && x.shutdownTs >= p.t0 && x.shutdownTs <= p.t1) {
    ctx.fillStyle = palette.muted;
    ctx.fillRect(xOf(scale, x.shutdownTs) - 1, top + 3, 2, h - 6);
  }
  if (x.brokenTs !== null && x.brokenTs >= p.t0 && x.brokenTs <= p.t1) {
    const bx = xOf(scale, x.brokenTs);
    ctx.fillStyle = palette.exception;
    ctx.fillRect(bx - 1, top, 3, h);
    diamond(ctx, bx, top + 6, 5);
  }
}

/** Calls `draw` for each item of `list` in the window, once per pixel column. */
function eachMark(p: PaintContext, list: SortedIds, draw: (x: number, id: number) => void): void {
  let lastX = -Infinity;
  const to = list.upperBound(p.t1);
  for (let k = list.lowerBound(p.t0); k < to; k++) {
    const x = Math.round(xOf(p.scale, list.keys[k]!));
    if (x === lastX) continue;
    lastX = x;
    draw(x, list.ids[k]!);
  }
}

function cross(ctx: Canvas2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x - r, y - r);
  ctx.lineTo(x + r, y + r);
  ctx.moveTo(x + r, y - r);
  ctx.lineTo(x - r, y + r);
  ctx.stroke();
}

export function diamond(ctx: Canvas2D, x: number, y: number, r: number): void {
  ctx.beginPath();
  ctx.moveTo(x, y - r);
  ctx.lineTo(x + r, y);
  ctx.lineTo(x, y + r);
  ctx.lineTo(x - r, y);
  ctx.closePath();
  ctx.fill();
}
