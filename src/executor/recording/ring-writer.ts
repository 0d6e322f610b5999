import * as layout from './ring-layout.ts';

// Local copies: see ring-recorder.ts (tsx turns each use of an imported name into a getter call).
const { RING_HEADER_BYTES, RING_READ, RING_WRAP, RING_WRITE } = layout;

/**
 * The producing side of a ring (see ring-layout.ts): the one thread that owns the ring reserves
 * room for a line, writes its bytes at the returned offset, then commits. Only a commit makes
 * bytes visible to drainers, so they only ever see whole lines.
 */
export class RingWriter {
  /** The data area; lines are written here at offsets from `reserve`. */
  readonly bytes: Uint8Array;
  readonly words: Int32Array;
  readonly capacity: number;
  /** The producer's own copy of WRITE. */
  private w = 0;
  /** READ as last loaded: stale values only underestimate the room, so it is reloaded only when short. */
  private r = 0;

  constructor(readonly sab: SharedArrayBuffer) {
    this.words = new Int32Array(sab, 0, RING_HEADER_BYTES / 4);
    this.bytes = new Uint8Array(sab, RING_HEADER_BYTES);
    this.capacity = this.bytes.length;
    this.w = Atomics.load(this.words, RING_WRITE);
    this.r = Atomics.load(this.words, RING_READ);
  }

  /** Offset of `need` contiguous free bytes, or -1 when the ring has no such room. */
  reserve(need: number): number {
    const w = this.w;
    const r = this.r;
    if (w >= r ? this.capacity - w >= need : r - w > need) return w;
    return this.reserveSlow(need);
  }

  private reserveSlow(need: number): number {
    const r = (this.r = Atomics.load(this.words, RING_READ));
    const w = this.w;
    if (w < r) return r - w > need ? w : -1;
    if (this.capacity - w >= need) return w;
    // Not enough before the end: go on at 0 if the reader has moved far enough, leaving
    // [w, capacity) unused. `need < r` keeps WRITE from catching up with READ (empty ≠ full).
    if (need < r) {
      Atomics.store(this.words, RING_WRAP, w);
      this.w = 0;
      return 0;
    }
    return -1;
  }

  /** Publishes the bytes up to `end` (an offset returned by `reserve` plus what was written). */
  commit(end: number): void {
    this.w = end;
    Atomics.store(this.words, RING_WRITE, end);
  }

  /**
   * True when more than a quarter of the ring waits for a drainer, going by the last known READ.
   * A quarter, not a half: the flusher may take a while to get a core, and the rest of the ring
   * is what the thread writes into meanwhile.
   */
  needsDrain(): boolean {
    const w = this.w;
    const r = this.r;
    return (w >= r ? w - r : this.capacity - r + w) > this.capacity >>> 2;
  }

  /** Reloads READ, so `needsDrain` tells what the drainer has left. */
  refreshRead(): void {
    this.r = Atomics.load(this.words, RING_READ);
  }
}
