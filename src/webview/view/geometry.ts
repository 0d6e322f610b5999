/** The chart's fixed geometry in CSS pixels, shared by the painter, hit-testing and input. */
import type { TimeScale } from '../render/lod.ts';
import { span, type Viewport } from './viewport.ts';

/** Width of the label column on the left. */
export const GUTTER = 260;
/** Height of the time axis on top. */
export const AXIS_HEIGHT = 24;
/** How far from a mark or bar the pointer may be and still hit it. */
export const HIT_SLOP = 3;
export const MARK_SLOP = 5;

/** Width of the time area of a chart `width` pixels wide. */
export const plotWidth = (width: number) => Math.max(1, width - GUTTER);

export function scaleOf(v: Viewport, width: number): TimeScale {
  return { start: v.start, pxPerUs: plotWidth(width) / Math.max(span(v), 1e-9), offset: GUTTER };
}

/** y of a row's top on the canvas. */
export const rowTop = (rowY: number, scrollY: number) => AXIS_HEIGHT + rowY - scrollY;
