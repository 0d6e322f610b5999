/**
 * Paints one frame: grid, the visible rows (only those), timeout links, selection and hover
 * outlines, the "now" line, then the label column and the time axis over them. Reuses its scratch
 * buffers, so a frame allocates almost nothing however many futures there are.
 */
import type { ChartStore } from '../data/store.ts';
import type { ChartIndex } from '../layout/chart-index.ts';
import { rowLabel } from '../layout/row-label.ts';
import { rowAt, rowOfFuture, type RowLayout } from '../layout/rows.ts';
import { AXIS_HEIGHT, plotWidth, rowTop, scaleOf } from '../view/geometry.ts';
import type { Hit } from '../view/hit-test.ts';
import type { Viewport } from '../view/viewport.ts';
import { fitText, type Canvas2D } from './canvas.ts';
import { Coverage } from './coverage.ts';
import { LodSpans, xOf } from './lod.ts';
import {
  barBox,
  paintExecutorMarks,
  paintLaneMarks,
  paintQueue,
  paintThread,
  paintTrack,
  type PaintContext,
} from './paint-rows.ts';
import type { Palette } from './palette.ts';
import { computeTicks } from './ticks.ts';

export interface Frame {
  /** CSS pixels. */
  width: number;
  height: number;
  dpr: number;
  view: Viewport;
  /** Where open spans end (wire µs). */
  now: number;
  /** Draw the "now" line (the program is running). */
  showNow: boolean;
  /** The program has ended: futures still open are unfinished, not running. */
  ended: boolean;
  /** Width of the label column (CSS px). */
  gutter: number;
  /** Future index, or -1. */
  selected: number;
  hover: Hit | null;
  palette: Palette;
}

/** Links drawn per timeout to the futures it gave up on. */
const MAX_LINKS = 32;

export class Painter {
  private readonly lod = new LodSpans();
  private readonly coverage = new Coverage();

  paint(ctx: Canvas2D, store: ChartStore, index: ChartIndex, layout: RowLayout, frame: Frame): void {
    const { width, height, palette, view, gutter } = frame;
    ctx.setTransform(frame.dpr, 0, 0, frame.dpr, 0, 0);
    ctx.globalAlpha = 1;
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, width, height);
    ctx.font = palette.font;
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'left';
    const scale = scaleOf(view, width, gutter);
    const p: PaintContext = {
      ctx,
      store,
      index,
      scale,
      t0: view.start,
      t1: view.end,
      now: frame.now,
      palette,
      lod: this.lod,
      coverage: this.coverage,
      width: plotWidth(width, gutter),
      ended: frame.ended,
    };
    const ticks = computeTicks(view.start, view.end, plotWidth(width, gutter));
    const first = Math.max(0, rowAt(layout, view.scrollY));
    const visible: number[] = [];
    for (let r = first; r < layout.rows.length; r++) {
      if (rowTop(layout.rows[r]!.y, view.scrollY) > height) break;
      visible.push(r);
    }

    ctx.save();
    ctx.beginPath();
    ctx.rect(gutter, AXIS_HEIGHT, width - gutter, height - AXIS_HEIGHT);
    ctx.clip();
    for (const r of visible) {
      const row = layout.rows[r]!;
      if (row.kind === 'executor' || row.kind === 'threads') {
        ctx.fillStyle = palette.band;
        ctx.fillRect(gutter, rowTop(row.y, view.scrollY), width - gutter, row.height);
      }
    }
    ctx.fillStyle = palette.grid;
    for (const tick of ticks.ticks) ctx.fillRect(Math.round(xOf(scale, tick.t)), AXIS_HEIGHT, 1, height - AXIS_HEIGHT);
    for (const r of visible) this.paintRow(p, layout, r, view.scrollY);
    this.paintLinks(p, layout, visible, view.scrollY);
    if (frame.selected >= 0) this.outline(p, layout, frame.selected, view.scrollY, palette.selection, 2);
    if (frame.hover?.kind === 'future' && frame.hover.future !== frame.selected) {
      this.outline(p, layout, frame.hover.future, view.scrollY, palette.foreground, 1);
    }
    if (frame.showNow && frame.now >= view.start && frame.now <= view.end) {
      ctx.strokeStyle = palette.selection;
      ctx.lineWidth = 1;
      ctx.setLineDash([4, 3]);
      const x = Math.round(xOf(scale, frame.now)) + 0.5;
      ctx.beginPath();
      ctx.moveTo(x, AXIS_HEIGHT);
      ctx.lineTo(x, height);
      ctx.stroke();
      ctx.setLineDash([]);
    }
    ctx.restore();

    this.paintLabels(ctx, store, layout, visible, frame);
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, 0, width, AXIS_HEIGHT);
    ctx.fillStyle = palette.muted;
    for (const tick of ticks.ticks) {
      const x = xOf(scale, tick.t);
      if (x < gutter) continue;
      ctx.fillRect(Math.round(x), AXIS_HEIGHT - 6, 1, 6);
      ctx.fillText(tick.label, x + 3, AXIS_HEIGHT / 2);
    }
    ctx.fillStyle = palette.grid;
    ctx.fillRect(0, AXIS_HEIGHT - 1, width, 1);
    ctx.fillRect(gutter - 1, 0, 1, height);
  }

  private paintRow(p: PaintContext, layout: RowLayout, r: number, scrollY: number): void {
    const row = layout.rows[r]!;
    const top = rowTop(row.y, scrollY);
    const h = row.height;
    if (row.kind === 'executor') {
      if (row.queue) paintQueue(p, row.queue, top, h);
      paintExecutorMarks(p, row.executor, top, h);
      return;
    }
    if (row.kind === 'threads') return;
    const events = p.index.laneEvents.get(row.lane);
    if (row.kind === 'thread' && events) paintThread(p, events, top, h);
    if (row.kind === 'track' && row.group) {
      const track = row.group.packing.tracks[row.track];
      if (track) paintTrack(p, track, row.group.packing.maxLead[row.track]!, top, h);
    }
    if (layout.laneHome.get(row.lane) === r) paintLaneMarks(p, row.lane, events, top, h);
  }

  /** Dashed lines from each visible timeout down (or up) to the futures it gave up on. */
  private paintLinks(p: PaintContext, layout: RowLayout, visible: number[], scrollY: number): void {
    const { ctx, store, index, palette } = p;
    ctx.strokeStyle = palette.timeout;
    ctx.fillStyle = palette.timeout;
    ctx.lineWidth = 1;
    ctx.setLineDash([3, 2]);
    for (const r of visible) {
      const row = layout.rows[r]!;
      if (row.kind !== 'thread') continue;
      const list = index.laneEvents.get(row.lane)?.timeouts;
      if (!list) continue;
      const y0 = rowTop(row.y, scrollY) + row.height / 2;
      let lastX = NaN;
      const to = list.upperBound(p.t1);
      for (let k = list.lowerBound(p.t0); k < to; k++) {
        const x = Math.round(xOf(p.scale, list.keys[k]!)) + 0.5;
        if (x === lastX) continue;
        lastX = x;
        for (const future of store.timeouts[list.ids[k]!]?.pending.slice(0, MAX_LINKS) ?? []) {
          const target = rowOfFuture(layout, index, future);
          if (target < 0) continue;
          const t = layout.rows[target]!;
          const y1 = rowTop(t.y, scrollY) + t.height / 2;
          ctx.beginPath();
          ctx.moveTo(x, y0);
          ctx.lineTo(x, y1);
          ctx.stroke();
          ctx.fillRect(x - 2, y1 - 2, 4, 4);
        }
      }
    }
    ctx.setLineDash([]);
  }

  /** Outlines one future: its run bar, and its queue phase as a line from the submit. */
  private outline(
    p: PaintContext,
    layout: RowLayout,
    future: number,
    scrollY: number,
    color: string,
    width: number,
  ): void {
    const r = rowOfFuture(layout, p.index, future);
    if (r < 0) return;
    const row = layout.rows[r]!;
    const f = p.store.futures.cols;
    const top = rowTop(row.y, scrollY);
    const { ctx, scale } = p;
    const submit = f.submitTs[future]!;
    const start = f.startTs[future]!;
    const rawEnd = f.endTs[future]!;
    const end = Number.isNaN(rawEnd) ? p.now : rawEnd;
    ctx.strokeStyle = color;
    ctx.fillStyle = color;
    ctx.lineWidth = width;
    const began = Number.isNaN(start) ? submit : start;
    if (!Number.isNaN(submit) && !Number.isNaN(start) && start > submit) {
      ctx.fillRect(xOf(scale, submit), top + row.height / 2 - 1, xOf(scale, start) - xOf(scale, submit), 2);
    }
    const from = Number.isNaN(began) ? end : began;
    const box = row.kind === 'executor' ? { y: top + row.height - 10, h: 8 } : barBox(top, row.height);
    const x0 = xOf(scale, from);
    const w = Math.max(3, xOf(scale, Math.max(end, from)) - x0);
    ctx.strokeRect(x0 - width / 2, box.y - width / 2, w + width, box.h + width);
  }

  private paintLabels(ctx: Canvas2D, store: ChartStore, layout: RowLayout, visible: number[], frame: Frame): void {
    const { palette, view, gutter } = frame;
    ctx.fillStyle = palette.background;
    ctx.fillRect(0, AXIS_HEIGHT, gutter - 1, frame.height - AXIS_HEIGHT);
    for (const r of visible) {
      const row = layout.rows[r]!;
      const top = rowTop(row.y, view.scrollY);
      if (top + row.height < AXIS_HEIGHT) continue;
      const header = row.kind === 'executor' || row.kind === 'threads';
      if (header) {
        ctx.fillStyle = palette.band;
        ctx.fillRect(0, top, gutter - 1, row.height);
      }
      ctx.font = header ? `bold ${palette.font}` : palette.font;
      ctx.fillStyle =
        header || (row.kind === 'track' && row.track === 0) || row.kind === 'thread'
          ? palette.foreground
          : palette.muted;
      const indent = header ? 6 : 18;
      ctx.fillText(fitText(ctx, rowLabel(store, row), gutter - indent - 6), indent, top + row.height / 2);
    }
    ctx.font = palette.font;
  }
}
