/**
 * What a key or a wheel turn on the chart asks for. Pure, so the bindings the legend promises
 * (wheel / pinch / + − to zoom, shift+wheel / arrows to pan, F, Z, End, Home, [ ]) are unit-tested;
 * ui/chart-view.ts carries them out.
 */

export type KeyAction =
  | 'zoomIn'
  | 'zoomOut'
  | 'panLeft'
  | 'panRight'
  | 'rowUp'
  | 'rowDown'
  | 'pageUp'
  | 'pageDown'
  | 'fitAll'
  | 'zoomToSelection'
  | 'follow'
  | 'home'
  | 'deselect'
  | 'narrowLabels'
  | 'widenLabels';

const KEYS: Record<string, KeyAction> = {
  '+': 'zoomIn',
  '=': 'zoomIn',
  '-': 'zoomOut',
  _: 'zoomOut',
  ArrowLeft: 'panLeft',
  ArrowRight: 'panRight',
  ArrowUp: 'rowUp',
  ArrowDown: 'rowDown',
  PageUp: 'pageUp',
  PageDown: 'pageDown',
  f: 'fitAll',
  F: 'fitAll',
  z: 'zoomToSelection',
  Z: 'zoomToSelection',
  End: 'follow',
  Home: 'home',
  Escape: 'deselect',
  '[': 'narrowLabels',
  ']': 'widenLabels',
};

/** A key's action; undefined for other keys and for chords, which belong to VS Code. */
export function keyAction(
  key: string,
  mods: { altKey: boolean; ctrlKey: boolean; metaKey: boolean },
): KeyAction | undefined {
  if (mods.altKey || mods.ctrlKey || mods.metaKey) return undefined;
  return Object.hasOwn(KEYS, key) ? KEYS[key] : undefined;
}

export interface WheelInput {
  deltaX: number;
  deltaY: number;
  /** WheelEvent.deltaMode: 0 pixels, 1 lines, 2 pages. */
  deltaMode: number;
  /** Where the pointer is, in canvas pixels from the left. */
  offsetX: number;
  ctrlKey: boolean;
  metaKey: boolean;
  shiftKey: boolean;
}

export type WheelAction =
  { kind: 'scroll'; dy: number } | { kind: 'pan'; px: number } | { kind: 'zoom'; factor: number; x: number };

/** Pixels in a wheel "line" (deltaMode 1, Firefox and some mice). */
const LINE_PX = 16;

/**
 * A wheel turn: over the labels it scrolls the rows; over the time area a vertical turn zooms around
 * the pointer (a pinch arrives as ctrl+wheel with small deltas, so it zooms faster per pixel),
 * and a sideways swipe or shift+wheel pans.
 */
export function wheelAction(e: WheelInput, gutter: number, pageHeight: number): WheelAction {
  const unit = e.deltaMode === 1 ? LINE_PX : e.deltaMode === 2 ? pageHeight : 1;
  const dx = e.deltaX * unit;
  const dy = e.deltaY * unit;
  if (e.offsetX < gutter && !e.ctrlKey) return { kind: 'scroll', dy };
  if (!e.ctrlKey && !e.metaKey && (e.shiftKey || Math.abs(dx) > Math.abs(dy))) {
    return { kind: 'pan', px: e.shiftKey ? dy || dx : dx };
  }
  // A mouse wheel notch is about 100 px: a factor of about 0.82 out or 1.22 in.
  return { kind: 'zoom', factor: Math.exp(-dy * (e.ctrlKey ? 0.01 : 0.002)), x: e.offsetX };
}
