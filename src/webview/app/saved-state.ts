/**
 * What vscode.getState() returns is whatever an earlier version of this page stored, or nothing:
 * it is checked like any input before it steers the view.
 */
import { clampPreferredGutter } from '../view/responsive.ts';
import type { FollowMode, SavedState } from './chart-state.ts';

const MODES: readonly FollowMode[] = ['all', 'tail', 'off'];

export function parseSavedState(data: unknown): SavedState | null {
  if (typeof data !== 'object' || data === null) return null;
  const d = data as Record<string, unknown>;
  const follow = MODES.find((m) => m === d.follow) ?? 'all';
  const fid = d.selectedFid;
  const selectedFid = typeof fid === 'number' && Number.isSafeInteger(fid) && fid > 0 ? fid : null;
  const v = d.view as Record<string, unknown> | null | undefined;
  const finite = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);
  const view =
    v && typeof v === 'object' && finite(v.start) && finite(v.end) && finite(v.scrollY) && v.end > v.start
      ? { start: v.start, end: v.end, scrollY: Math.max(0, v.scrollY) }
      : null;
  const w = d.labelWidth;
  const labelWidth = finite(w) && w > 0 ? clampPreferredGutter(w) : null;
  return { view, follow: view ? follow : follow === 'off' ? 'all' : follow, selectedFid, labelWidth };
}
