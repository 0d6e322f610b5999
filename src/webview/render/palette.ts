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
