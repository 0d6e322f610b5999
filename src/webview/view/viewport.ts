/**
 * The visible window: a time range (wire µs) across the chart's width and a vertical scroll offset
 * over the rows. Pure functions that return a new viewport, always clamped, so input handlers can
 * never leave the chart in a state it cannot draw (an empty or inverted range, scrolled past the end).
 */

export interface Viewport {
  start: number;
  end: number;
  /** CSS pixels scrolled down from the first row. */
  scrollY: number;
}

/** Where the data is, in wire µs. */
export interface Bounds {
  min: number;
  max: number;
}

/** The narrowest window: 1 µs, the resolution of the recording's clock. */
export const MIN_SPAN = 1;
/** Around the data there is this much room, as a share of its span, when fitting. */
export const FIT_MARGIN = 0.02;

export const span = (v: Viewport) => v.end - v.start;

/** Bounds that always have room: empty or degenerate data gets one millisecond. */
export function safeBounds(b: Bounds): Bounds {
  if (!Number.isFinite(b.min) || !Number.isFinite(b.max) || b.max < b.min) return { min: 0, max: 1000 };
  if (b.max - b.min < MIN_SPAN) return { min: b.min - 500, max: b.max + 500 };
  return b;
}

/** The widest window: ten times the data, so there is always room to zoom out a little. */
export function maxSpan(bounds: Bounds): number {
  const b = safeBounds(bounds);
  return Math.max(1000, (b.max - b.min) * 10);
}

/** Keeps the span within [MIN_SPAN, maxSpan] and some data in view: at least a tenth of the window overlaps the data. */
export function clampView(v: Viewport, bounds: Bounds): Viewport {
  const b = safeBounds(bounds);
  let width = Math.min(Math.max(span(v), MIN_SPAN), maxSpan(b));
  if (!Number.isFinite(width)) width = b.max - b.min;
  const mid = Number.isFinite(v.start + v.end) ? (v.start + v.end) / 2 : (b.min + b.max) / 2;
  let start = mid - width / 2;
  const lowest = b.min - width * 0.9;
  const highest = b.max - width * 0.1;
  start = Math.min(Math.max(start, lowest), highest);
  return { start, end: start + width, scrollY: v.scrollY };
}

export function clampScroll(scrollY: number, contentHeight: number, viewHeight: number): number {
  const max = Math.max(0, contentHeight - viewHeight);
  return Number.isFinite(scrollY) ? Math.min(Math.max(0, scrollY), max) : 0;
}

/** Everything in view, with a small margin. */
export function fitAll(bounds: Bounds, scrollY = 0): Viewport {
  const b = safeBounds(bounds);
  const pad = (b.max - b.min) * FIT_MARGIN;
  return { start: b.min - pad, end: b.max + pad, scrollY };
}

/** Zooms by `factor` (> 1 zooms in) keeping the time under `anchor` where it is. */
export function zoomAround(v: Viewport, factor: number, anchor: number, bounds: Bounds): Viewport {
  if (!(factor > 0) || !Number.isFinite(factor)) return clampView(v, bounds);
  const width = Math.min(Math.max(span(v) / factor, MIN_SPAN), maxSpan(bounds));
  const at = Number.isFinite(anchor) ? anchor : (v.start + v.end) / 2;
  const ratio = span(v) > 0 ? (at - v.start) / span(v) : 0.5;
  const start = at - ratio * width;
  return clampView({ start, end: start + width, scrollY: v.scrollY }, bounds);
}

/** Moves the window by `dt` µs (positive: later). */
export function pan(v: Viewport, dt: number, bounds: Bounds): Viewport {
  if (!Number.isFinite(dt)) return clampView(v, bounds);
  return clampView({ start: v.start + dt, end: v.end + dt, scrollY: v.scrollY }, bounds);
}

/** Shows [t0, t1] (either order) with a small margin; a range narrower than MIN_SPAN is widened around its middle. */
export function zoomTo(t0: number, t1: number, v: Viewport, bounds: Bounds): Viewport {
  const lo = Math.min(t0, t1);
  const hi = Math.max(t0, t1);
  const pad = (hi - lo) * FIT_MARGIN;
  return clampView({ start: lo - pad, end: hi + pad, scrollY: v.scrollY }, bounds);
}

/** While following a running program: the same span, its right edge at `liveEnd`. */
export function followEnd(v: Viewport, liveEnd: number, bounds: Bounds): Viewport {
  const width = span(v);
  const end = liveEnd + width * FIT_MARGIN;
  return clampView({ start: end - width, end, scrollY: v.scrollY }, bounds);
}

/** Scrolls the least needed so that [top, top + height) is in view. */
export function revealRow(scrollY: number, top: number, height: number, viewHeight: number): number {
  if (top < scrollY) return top;
  if (top + height > scrollY + viewHeight) return top + height - viewHeight;
  return scrollY;
}
