/**
 * Level of detail: at a given time→pixel scale, bars narrower than `minPx` that sit next to each
 * other on one track merge into one span that remembers how many bars it holds and which state
 * most of them had. One pass over the visible items (sorted by start), so drawing 100k futures
 * costs as many rectangles as there are pixels, not futures.
 */
import { FUTURE_STATE, FUTURE_STATE_NAMES } from '../../protocol/messages.ts';

/** x = offset + (t − start) × pxPerUs. */
export interface TimeScale {
  start: number;
  pxPerUs: number;
  offset: number;
}

export const xOf = (scale: TimeScale, t: number) => scale.offset + (t - scale.start) * scale.pxPerUs;
export const timeOf = (scale: TimeScale, x: number) => scale.start + (x - scale.offset) / scale.pxPerUs;

const STATES = FUTURE_STATE_NAMES.length;
const FAILED = FUTURE_STATE.exception;
/** Tie-break for the dominant state: failures stand out, then cancels, running, pending, results. */
const SEVERITY = [3, 2, 4, 0, 1]; // by state code: pending, running, result, exception, cancelled

/** Spans to draw, in x order. `item` is the single item a span stands for, or -1 for merged ones. */
export class LodSpans {
  n = 0;
  x0 = new Float64Array(256);
  x1 = new Float64Array(256);
  count = new Int32Array(256);
  state = new Uint8Array(256);
  item = new Int32Array(256);
  /** 1 when any merged item failed (state exception), so a merged span can still show it. */
  failed = new Uint8Array(256);

  clear(): void {
    this.n = 0;
  }

  push(x0: number, x1: number, count: number, state: number, item: number, failed: number): void {
    if (this.n === this.x0.length) this.grow();
    const k = this.n++;
    this.x0[k] = x0;
    this.x1[k] = x1;
    this.count[k] = count;
    this.state[k] = state;
    this.item[k] = item;
    this.failed[k] = failed;
  }

  private grow(): void {
    const n = this.x0.length * 2;
    const f64 = (a: Float64Array) => {
      const b = new Float64Array(n);
      b.set(a);
      return b;
    };
    this.x0 = f64(this.x0);
    this.x1 = f64(this.x1);
    const count = new Int32Array(n);
    count.set(this.count);
    this.count = count;
    const item = new Int32Array(n);
    item.set(this.item);
    this.item = item;
    const state = new Uint8Array(n);
    state.set(this.state);
    this.state = state;
    const failed = new Uint8Array(n);
    failed.set(this.failed);
    this.failed = failed;
  }
}

export interface LodInput {
  /** Item ids sorted by `keys` (start times). */
  ids: Int32Array;
  keys: Float64Array;
  /** Positions [from, to) of `ids` to merge. */
  from: number;
  to: number;
  /** End per item id; NaN for an open item, drawn to `now`. */
  ends: Float64Array;
  /** State per item id (FUTURE_STATE codes); null when the items have none (all count as 0). */
  states: Uint8Array | null;
  now: number;
}

/** Appends the merged spans of one track to `out`. Every input item is counted in exactly one span. */
export function mergeSpans(input: LodInput, scale: TimeScale, out: LodSpans, minPx = 1): void {
  const { ids, keys, ends, states, now } = input;
  const counts = new Int32Array(STATES);
  let open = false;
  let mx0 = 0;
  let mx1 = 0;
  let mCount = 0;
  let mItem = -1;
  const flush = () => {
    if (!open) return;
    let best = 0;
    for (let s = 1; s < STATES; s++) {
      if (counts[s]! > counts[best]! || (counts[s] === counts[best] && SEVERITY[s]! < SEVERITY[best]!)) best = s;
    }
    out.push(mx0, Math.max(mx1, mx0 + minPx), mCount, best, mCount === 1 ? mItem : -1, counts[FAILED]! > 0 ? 1 : 0);
    counts.fill(0);
    open = false;
  };
  for (let k = input.from; k < input.to; k++) {
    const id = ids[k]!;
    const end = ends[id]!;
    const x0 = xOf(scale, keys[k]!);
    const x1 = Math.max(x0, xOf(scale, Number.isNaN(end) ? Math.max(now, keys[k]!) : end));
    const state = states ? states[id]! : 0;
    if (x1 - x0 >= minPx) {
      flush();
      out.push(x0, x1, 1, state, id, state === FAILED ? 1 : 0);
      continue;
    }
    if (open && x0 <= mx1 + minPx) {
      if (x1 > mx1) mx1 = x1;
      mCount++;
    } else {
      flush();
      open = true;
      mx0 = x0;
      mx1 = x1;
      mCount = 1;
      mItem = id;
    }
    counts[state]!++;
  }
  flush();
}
