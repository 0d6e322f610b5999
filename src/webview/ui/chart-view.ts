/**
 * The canvas: sized to its box at the device pixel ratio, painted at most once per animation
 * frame however many messages arrive, and steered with the mouse, trackpad and keyboard.
 */
import type { ChartState } from '../app/chart-state.ts';
import { rowOfFuture } from '../layout/rows.ts';
import { timeOf } from '../render/lod.ts';
import { Painter } from '../render/painter.ts';
import type { Palette } from '../render/palette.ts';
import { AXIS_HEIGHT, onGutterEdge, scaleOf } from '../view/geometry.ts';
import { hitTest, type Hit } from '../view/hit-test.ts';
import { keyAction, wheelAction, type KeyAction } from '../view/input.ts';
import { clampPreferredGutter, gutterWidth } from '../view/responsive.ts';
import { clampScroll, fitAll, pan, revealRow, span, zoomAround, zoomTo, type Viewport } from '../view/viewport.ts';
import { el } from './dom.ts';

export interface ChartEvents {
  /** The pointer is over `hit` (null: nothing) at canvas position (x, y). */
  hover(hit: Hit | null, x: number, y: number): void;
  /** The user clicked a future (or empty space: -1). */
  pick(future: number): void;
  /** The view moved by the user's hand (to save it, update the Follow button). */
  steered(): void;
}

/** While the program runs, repaint this often so running bars grow and the view follows. */
const LIVE_FRAME_MS = 100;
const DRAG_THRESHOLD = 3;

export class ChartView {
  readonly node = el('div', { className: 'chart' });
  readonly canvas = el('canvas', {
    attrs: {
      tabindex: '0',
      role: 'img',
      'aria-label': 'Gantt chart of the futures. The table below lists the same futures.',
      'aria-describedby': 'futures-table',
    },
  });
  private readonly range = el('div', { className: 'range', attrs: { hidden: '' } });
  private readonly painter = new Painter();
  private width = 0;
  private height = 0;
  private pending = 0;
  private liveTimer = 0;
  private drag: { x: number; y: number; view: Viewport; zoom: boolean; moved: boolean } | undefined;
  /** Dragging the label column's edge: where the drag began and the column's width then. */
  private resizing: { x: number; gutter: number } | undefined;

  constructor(
    private readonly state: ChartState,
    private palette: () => Palette,
    private readonly clock: () => number,
    private readonly events: ChartEvents,
  ) {
    this.node.append(this.canvas, this.range);
    new ResizeObserver(() => this.resize()).observe(this.node);
    this.canvas.addEventListener('pointerdown', (e) => this.down(e));
    this.canvas.addEventListener('pointermove', (e) => this.move(e));
    this.canvas.addEventListener('pointerup', (e) => this.up(e));
    this.canvas.addEventListener('pointerleave', () => !this.drag && this.events.hover(null, 0, 0));
    this.canvas.addEventListener('wheel', (e) => this.wheel(e), { passive: false });
    this.canvas.addEventListener('dblclick', (e) => this.doubleClick(e));
    this.canvas.addEventListener('keydown', (e) => this.key(e));
  }

  /** Asks for a repaint at the next animation frame (several asks, one paint). */
  invalidate(): void {
    if (this.pending) return;
    this.pending = requestAnimationFrame(() => {
      this.pending = 0;
      this.paint();
    });
  }

  /** Scrolls vertically so the future's row is in view. */
  reveal(future: number): void {
    const r = rowOfFuture(this.state.layout, this.state.index, future);
    const row = this.state.layout.rows[r];
    if (!row) return;
    this.state.view = {
      ...this.state.view,
      scrollY: revealRow(this.state.view.scrollY, row.y, row.height, this.height - AXIS_HEIGHT),
    };
    this.invalidate();
  }

  /** Width of the label column now: the user's choice, capped so the timeline keeps most of the chart. */
  get gutter(): number {
    return gutterWidth(this.width, this.state.labelWidth);
  }

  /** Sets the label column's width the user asked for (null: the default) and repaints. */
  setLabelWidth(width: number | null): void {
    this.state.labelWidth = width === null ? null : clampPreferredGutter(width);
    this.events.steered();
    this.invalidate();
  }

  /**
   * Shows the whole run and keeps it in view. Reported as steering, so the Follow button and the
   * saved state follow (the F key used to leave both behind).
   */
  fit(): void {
    this.state.follow = 'all';
    this.events.steered();
    this.invalidate();
  }

  zoomBy(factor: number, anchor = (this.state.view.start + this.state.view.end) / 2): void {
    this.steer(zoomAround(this.state.view, factor, anchor, this.bounds()));
  }

  /** Zooms onto the selected future, its queue phase included. */
  zoomToSelection(): void {
    const i = this.state.selected;
    if (i < 0) return;
    const f = this.state.store.futures.cols;
    const from = Number.isNaN(f.submitTs[i]!) ? f.startTs[i]! : f.submitTs[i]!;
    const to = Number.isNaN(f.endTs[i]!) ? this.state.liveNow(this.clock()) : f.endTs[i]!;
    if (Number.isNaN(from)) return;
    this.steer(zoomTo(from, to, this.state.view, this.bounds()));
    this.reveal(i);
  }

  private bounds() {
    return this.state.bounds(this.clock());
  }

  private steer(view: Viewport): void {
    this.state.steer(view, this.clock());
    this.events.steered();
    this.invalidate();
  }

  private resize(): void {
    const box = this.node.getBoundingClientRect();
    this.width = Math.max(1, Math.floor(box.width));
    this.height = Math.max(1, Math.floor(box.height));
    const dpr = window.devicePixelRatio || 1;
    this.canvas.width = Math.round(this.width * dpr);
    this.canvas.height = Math.round(this.height * dpr);
    this.canvas.style.width = `${this.width}px`;
    this.canvas.style.height = `${this.height}px`;
    this.invalidate();
  }

  private paint(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx || this.width <= 1) return;
    const s = this.state;
    const clock = this.clock();
    s.relayout();
    s.applyFollow(clock);
    s.view = { ...s.view, scrollY: clampScroll(s.view.scrollY, s.layout.height, this.height - AXIS_HEIGHT) };
    const running = s.program.state === 'running';
    const gutter = this.gutter;
    // Tests (and anyone inspecting the page) find where the time area starts here.
    this.canvas.setAttribute('data-gutter', String(gutter));
    this.painter.paint(ctx, s.store, s.index, s.layout, {
      width: this.width,
      height: this.height,
      dpr: window.devicePixelRatio || 1,
      view: s.view,
      now: s.liveNow(clock),
      showNow: running,
      ended: s.ended,
      gutter,
      selected: s.selected,
      hover: s.hover,
      palette: this.palette(),
    });
    window.clearTimeout(this.liveTimer);
    if (running) this.liveTimer = window.setTimeout(() => this.invalidate(), LIVE_FRAME_MS);
  }

  private hitAt(x: number, y: number): Hit | null {
    const s = this.state;
    const scale = scaleOf(s.view, this.width, this.gutter);
    if (y < AXIS_HEIGHT) return null;
    return hitTest(
      { store: s.store, index: s.index, layout: s.layout, scale, now: s.liveNow(this.clock()) },
      x,
      y - AXIS_HEIGHT + s.view.scrollY,
    );
  }

  private down(e: PointerEvent): void {
    if (e.button !== 0) return;
    this.canvas.setPointerCapture(e.pointerId);
    if (onGutterEdge(e.offsetX, this.gutter)) {
      this.resizing = { x: e.offsetX, gutter: this.gutter };
      return;
    }
    this.drag = { x: e.offsetX, y: e.offsetY, view: this.state.view, zoom: e.shiftKey, moved: false };
  }

  private move(e: PointerEvent): void {
    if (this.resizing) {
      this.state.labelWidth = clampPreferredGutter(this.resizing.gutter + e.offsetX - this.resizing.x);
      this.invalidate();
      return;
    }
    const d = this.drag;
    if (!d) {
      const edge = onGutterEdge(e.offsetX, this.gutter);
      this.canvas.classList.toggle('resize-edge', edge);
      this.events.hover(edge ? null : this.hitAt(e.offsetX, e.offsetY), e.offsetX, e.offsetY);
      return;
    }
    const dx = e.offsetX - d.x;
    const dy = e.offsetY - d.y;
    if (!d.moved && Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
    d.moved = true;
    this.events.hover(null, 0, 0);
    if (d.zoom) {
      const left = Math.max(this.gutter, Math.min(d.x, e.offsetX));
      const right = Math.min(this.width, Math.max(d.x, e.offsetX));
      this.range.hidden = false;
      this.range.style.left = `${left}px`;
      this.range.style.width = `${Math.max(1, right - left)}px`;
      return;
    }
    const scale = scaleOf(d.view, this.width, this.gutter);
    const moved = pan(d.view, -dx / scale.pxPerUs, this.bounds());
    this.steer({ ...moved, scrollY: d.view.scrollY - dy });
  }

  private up(e: PointerEvent): void {
    if (this.resizing) {
      this.resizing = undefined;
      this.events.steered();
      return;
    }
    const d = this.drag;
    this.drag = undefined;
    this.range.hidden = true;
    if (!d) return;
    if (d.moved && d.zoom) {
      const scale = scaleOf(this.state.view, this.width, this.gutter);
      const a = timeOf(scale, Math.max(this.gutter, d.x));
      const b = timeOf(scale, Math.max(this.gutter, e.offsetX));
      this.steer(zoomTo(a, b, this.state.view, this.bounds()));
    } else if (!d.moved) {
      const hit = this.hitAt(e.offsetX, e.offsetY);
      this.events.pick(hit?.kind === 'future' ? hit.future : -1);
    }
  }

  private wheel(e: WheelEvent): void {
    e.preventDefault();
    const v = this.state.view;
    const action = wheelAction(e, this.gutter, this.height);
    const scale = scaleOf(v, this.width, this.gutter);
    if (action.kind === 'scroll') this.steer({ ...v, scrollY: v.scrollY + action.dy });
    else if (action.kind === 'pan') this.steer(pan(v, action.px / scale.pxPerUs, this.bounds()));
    else this.zoomBy(action.factor, timeOf(scale, action.x));
  }

  private doubleClick(e: MouseEvent): void {
    if (onGutterEdge(e.offsetX, this.gutter)) return this.setLabelWidth(null);
    const hit = this.hitAt(e.offsetX, e.offsetY);
    if (hit?.kind !== 'future') return;
    this.events.pick(hit.future);
    this.zoomToSelection();
  }

  private key(e: KeyboardEvent): void {
    const action = keyAction(e.key, e);
    if (!action) return;
    e.preventDefault();
    const v = this.state.view;
    const step = span(v) * 0.1;
    const page = this.height - AXIS_HEIGHT - 20;
    const actions: Record<KeyAction, () => void> = {
      zoomIn: () => this.zoomBy(1.5),
      zoomOut: () => this.zoomBy(1 / 1.5),
      panLeft: () => this.steer(pan(v, -step, this.bounds())),
      panRight: () => this.steer(pan(v, step, this.bounds())),
      rowUp: () => this.steer({ ...v, scrollY: v.scrollY - 54 }),
      rowDown: () => this.steer({ ...v, scrollY: v.scrollY + 54 }),
      pageUp: () => this.steer({ ...v, scrollY: v.scrollY - page }),
      pageDown: () => this.steer({ ...v, scrollY: v.scrollY + page }),
      fitAll: () => this.fit(),
      zoomToSelection: () => this.zoomToSelection(),
      follow: () => {
        this.state.follow = 'tail';
        this.events.steered();
        this.invalidate();
      },
      home: () => this.steer({ ...fitAll(this.bounds()), scrollY: 0 }),
      deselect: () => this.events.pick(-1),
      narrowLabels: () => this.setLabelWidth(this.gutter - 20),
      widenLabels: () => this.setLabelWidth(this.gutter + 20),
    };
    actions[action]();
  }
}
