/**
 * Colours of the chart. The webview reads them from VS Code's theme variables (ui/theme.ts); the
 * defaults here are used for a variable the theme leaves empty, and by tests.
 */
import { FUTURE_STATE } from '../../protocol/messages.ts';

export interface Palette {
  background: string;
  foreground: string;
  /** Text and lines that should recede: labels of secondary rows, grid lines. */
  muted: string;
  grid: string;
  band: string;
  result: string;
  exception: string;
  cancelled: string;
  running: string;
  /** A future the program left running when it ended. */
  unfinished: string;
  pending: string;
  callback: string;
  timeout: string;
  block: string;
  selection: string;
  /** High-contrast themes outline every bar with it; null elsewhere. */
  contrast: string | null;
  font: string;
}

export const DEFAULT_PALETTE: Palette = {
  background: '#1e1e1e',
  foreground: '#cccccc',
  muted: 'rgba(204, 204, 204, 0.6)',
  grid: 'rgba(204, 204, 204, 0.12)',
  band: 'rgba(204, 204, 204, 0.06)',
  result: '#89d185',
  exception: '#f14c4c',
  cancelled: '#cca700',
  running: '#3794ff',
  unfinished: 'rgba(55, 148, 255, 0.35)',
  pending: 'rgba(204, 204, 204, 0.45)',
  callback: '#b180d7',
  timeout: '#d18616',
  block: '#d18616',
  selection: '#007fd4',
  contrast: null,
  font: '12px sans-serif',
};

/** Fill colour of a bar in state `state` (a FUTURE_STATE code). */
export function stateColor(p: Palette, state: number): string {
  switch (state) {
    case FUTURE_STATE.result:
      return p.result;
    case FUTURE_STATE.exception:
      return p.exception;
    case FUTURE_STATE.cancelled:
      return p.cancelled;
    case FUTURE_STATE.running:
      return p.running;
    default:
      return p.pending;
  }
}

/**
 * `color` at opacity `alpha`, for #rgb, #rrggbb, #rrggbbaa and rgb()/rgba() (what VS Code's theme
 * variables hold); any other form is returned as it is.
 */
export function withAlpha(color: string, alpha: number): string {
  const c = color.trim();
  let hex = /^#([0-9a-f]{3,8})$/i.exec(c)?.[1];
  if (hex && (hex.length === 3 || hex.length === 4)) hex = [...hex].map((d) => d + d).join('');
  if (hex && (hex.length === 6 || hex.length === 8)) {
    const [r, g, b] = [0, 2, 4].map((k) => parseInt(hex!.slice(k, k + 2), 16));
    const base = hex.length === 8 ? parseInt(hex.slice(6, 8), 16) / 255 : 1;
    return `rgba(${r}, ${g}, ${b}, ${round(base * alpha)})`;
  }
  const rgb = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)(?:[\s,/]+([\d.]+))?\s*\)$/i.exec(c);
  if (rgb)
    return `rgba(${rgb[1]}, ${rgb[2]}, ${rgb[3]}, ${round((rgb[4] === undefined ? 1 : Number(rgb[4])) * alpha)})`;
  return c;
}

const round = (x: number) => Math.round(x * 1000) / 1000;
