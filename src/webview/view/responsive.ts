/**
 * How the page shares its width, decided from pixel widths alone so it is tested in Node. A chart
 * beside an editor is 500–700 px wide: a fixed 260 px label column and a 340 px details panel left
 * it almost no timeline. So the label column is capped at a share of the chart (and the user can
 * drag it, within that cap), and below a page width the details panel goes under the chart instead
 * of beside it. The timeline keeps at least 60% of a page 600 px wide.
 */

/** Width of the label column when the user has not chosen one. */
export const DEFAULT_GUTTER = 260;
/** Narrowest label column the user can drag to (when the chart has room for it). */
export const MIN_GUTTER = 60;
/** The label column never takes more of the chart than this: the timeline keeps the rest. */
export const MAX_GUTTER_SHARE = 0.3;
/** From this page width on, the details panel sits beside the chart; below it, under the chart. */
export const SIDE_DETAILS_MIN_PAGE = 1000;
/** Below this page width the page is compact: tighter table columns and toolbar. */
export const COMPACT_MAX_PAGE = 700;
const DETAILS_SHARE = 0.24;
const DETAILS_MIN = 260;
const DETAILS_MAX = 380;

/** Width of the label column of a chart `chartWidth` px wide, given the width the user chose (null: default). */
export function gutterWidth(chartWidth: number, preferred: number | null): number {
  const cap = Math.floor(Math.max(0, chartWidth) * MAX_GUTTER_SHARE);
  const want = preferred !== null && Number.isFinite(preferred) ? Math.round(preferred) : DEFAULT_GUTTER;
  return Math.max(Math.min(MIN_GUTTER, cap), Math.min(want, cap));
}

/** The width the user asked for by dragging the column's edge to `x`, kept within what any chart allows. */
export function clampPreferredGutter(x: number): number {
  return Math.max(MIN_GUTTER, Math.min(Math.round(x), 2000));
}

export interface PageLayout {
  /** Where the details panel goes when a future is selected. */
  details: 'side' | 'below';
  /** Its width when beside the chart (CSS px). */
  detailsWidth: number;
  /** A narrow page: compact toolbar and table. */
  compact: boolean;
}

export function pageLayout(pageWidth: number): PageLayout {
  const width = Math.max(0, pageWidth);
  if (width >= SIDE_DETAILS_MIN_PAGE) {
    const detailsWidth = Math.min(DETAILS_MAX, Math.max(DETAILS_MIN, Math.round(width * DETAILS_SHARE)));
    return { details: 'side', detailsWidth, compact: false };
  }
  return { details: 'below', detailsWidth: width, compact: width < COMPACT_MAX_PAGE };
}

export interface ChartWidths {
  layout: PageLayout;
  /** The chart's box: the page, less the details panel when it is beside the chart and open. */
  chart: number;
  gutter: number;
  /** The timeline: the chart less its label column. */
  plot: number;
}

/** Everything above for one page width: what the DOM side arrives at through CSS and ResizeObserver. */
export function chartWidths(pageWidth: number, preferredGutter: number | null, detailsOpen: boolean): ChartWidths {
  const layout = pageLayout(pageWidth);
  const chart = Math.max(0, pageWidth - (detailsOpen && layout.details === 'side' ? layout.detailsWidth : 0));
  const gutter = gutterWidth(chart, preferredGutter);
  return { layout, chart, gutter, plot: Math.max(0, chart - gutter) };
}
