import { SortedIds } from './sorted-ids.ts';

/**
 * Spans packed into tracks so that no two spans of one track overlap (first fit): a thread pool's
 * worker lane needs one track, an event loop running many futures at once needs as many tracks as
 * it ran at the same time. Within a track both starts and ends are sorted, which is what lets the
 * renderer find the visible spans with one binary search. A span whose end is unknown (still
 * running) is open and keeps its track busy from its start on.
 */
export class Packing {
  readonly tracks: SortedIds[] = [];
  /** Per track, the longest stretch drawn before a span's key (its queue phase), to widen window queries. */
  readonly maxLead: number[] = [];
  private readonly endOf: (id: number) => number;

  /** `endOf(id)` is read live: ends arrive after spans are placed. */
  constructor(endOf: (id: number) => number) {
    this.endOf = endOf;
  }

  /** End of a span for packing: open spans last forever. */
  end(id: number): number {
    const end = this.endOf(id);
    return Number.isNaN(end) ? Infinity : end;
  }

  /** Places a span starting at `key`; returns its track. */
  insert(id: number, key: number, lead = 0): number {
    const end = Math.max(key, this.end(id));
    let t = 0;
    while (t < this.tracks.length && !this.fits(this.tracks[t]!, key, end)) t++;
    if (t === this.tracks.length) {
      this.tracks.push(new SortedIds());
      this.maxLead.push(0);
    }
    this.tracks[t]!.insert(id, key);
    if (lead > this.maxLead[t]!) this.maxLead[t] = lead;
    return t;
  }

  remove(track: number, id: number, key: number): void {
    this.tracks[track]?.remove(id, key);
  }

  /** Notes a longer lead for a span already placed. */
  lead(track: number, lead: number): void {
    if (lead > this.maxLead[track]!) this.maxLead[track] = lead;
  }

  private fits(track: SortedIds, key: number, end: number): boolean {
    const n = track.length;
    if (n === 0) return true;
    if (track.keys[n - 1]! <= key) return this.end(track.ids[n - 1]!) <= key;
    const at = track.upperBound(key);
    if (at > 0 && this.end(track.ids[at - 1]!) > key) return false;
    return track.keys[at]! >= end;
  }
}
