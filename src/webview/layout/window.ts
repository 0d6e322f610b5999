/** The positions of a sorted list that a time window [t0, t1] can see. */
import type { SortedIds } from './sorted-ids.ts';

/**
 * For a track of spans that never overlap (so their ends are sorted too): one binary search, then
 * back over the few spans that start before t0 and reach into the window. Open spans (NaN end)
 * reach to the end of time.
 */
export function trackWindow(track: SortedIds, ends: Float64Array, t0: number, t1: number): [number, number] {
  let from = track.lowerBound(t0);
  while (from > 0) {
    const end = ends[track.ids[from - 1]!]!;
    if (Number.isNaN(end) || end >= t0) from--;
    else break;
  }
  return [from, track.upperBound(t1)];
}

/** For items that may overlap but last at most `maxLen`: everything that starts within reach of the window. */
export function reachWindow(list: SortedIds, t0: number, t1: number, maxLen: number): [number, number] {
  return [list.lowerBound(t0 - Math.max(0, maxLen)), list.upperBound(t1)];
}
