/**
 * The chart's geometry in CSS pixels, shared by the painter, hit-testing and input. The label
 * column's width (`gutter`) depends on the chart's width: see responsive.ts.
 */
import type { TimeScale } from '../render/lod.ts';
import { span, type Viewport } from './viewport.ts';

/** Height of the time axis on top. */
export const AXIS_HEIGHT = 24;
/** How far from a mark or bar the pointer may be and still hit it. */
export const HIT_SLOP = 3;
export const MARK_SLOP = 5;
/** How far from the label column's edge the pointer may be and still grab it. */
export const EDGE_SLOP = 4;

/** Width of the time area of a chart `width` pixels wide with a label column `gutter` wide. */
export const plotWidth = (width: number, gutter: number) => Math.max(1, width - gutter);

export function scaleOf(v: Viewport, width: number, gutter: number): TimeScale {
  return { start: v.start, pxPerUs: plotWidth(width, gutter) / Math.max(span(v), 1e-9), offset: gutter };
}

/** y of a row's top on the canvas. */
export const rowTop = (rowY: number, scrollY: number) => AXIS_HEIGHT + rowY - scrollY;

/** The pointer at x is on the label column's edge (where dragging resizes it). */
export const onGutterEdge = (x: number, gutter: number) => Math.abs(x - gutter) <= EDGE_SLOP;
