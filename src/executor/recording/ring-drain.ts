import { writeSync } from 'node:fs';
import * as frames from './frames.ts';
import type { Packed } from './encode.ts';
import * as layout from './ring-layout.ts';
import * as textFrames from './text-frames.ts';
import type { RingView } from './ring-layout.ts';

// Local copies: see ring-recorder.ts (tsx turns each use of an imported name into a getter call).
const { FRAME_BYTES, FRAME_LINE_BOUND, putFrameLine } = frames;
const { FIRST_TEXT_TAG, putTextFrameLine, textFrameLineBound, textFrameSize } = textFrames;
const { RING_LOCK, RING_READ, RING_WRAP, RING_WRITE } = layout;

/** `drainRing`'s answer when another thread is draining the ring right now. */
export const RING_BUSY = -1;

const OUT_BYTES = 1 << 18;
/** Lines on their way to the file; one per thread, reused (drains of one thread never overlap). */
let out: { bytes: Buffer; view: DataView } | undefined;

function outBuffer(): { bytes: Buffer; view: DataView } {
  if (!out) {
    const bytes = Buffer.alloc(OUT_BYTES);
    out = { bytes, view: new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength) };
  }
  return out;
}

/**
 * Appends the ring's committed records to `fd` as lines and frees their room; returns the bytes
 * of ring data consumed, or RING_BUSY. The lock word makes the flusher and the main thread (at
 * exit) never drain one ring at once. Lines are copied as they are, frames become lines; each
 * write holds whole lines only, so with O_APPEND it lands whole at the end of the file even when
 * other processes append to the same file. Write errors are thrown, with READ not moved.
 */
export function drainRing(ring: RingView, fd: number): number {
  const words = ring.words;
  if (Atomics.compareExchange(words, RING_LOCK, 0, 1) !== 0) return RING_BUSY;
  try {
    const w = Atomics.load(words, RING_WRITE);
    const r = Atomics.load(words, RING_READ);
    if (w === r) return 0;
    const sink = new LineSink(fd);
    let consumed: number;
    if (w > r) {
      sink.records(ring, r, w);
      consumed = w - r;
    } else {
      const wrap = Atomics.load(words, RING_WRAP);
      sink.records(ring, r, wrap);
      sink.records(ring, 0, w);
      consumed = wrap - r + w;
    }
    sink.flush();
    Atomics.store(words, RING_READ, w);
    return consumed;
  } finally {
    Atomics.store(words, RING_LOCK, 0);
    Atomics.notify(words, RING_LOCK);
  }
}

/** `drainRing`, waiting up to `timeoutMs` for another drainer to let go (then it has drained it). */
export function drainRingWaiting(ring: RingView, fd: number, timeoutMs: number): number {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const drained = drainRing(ring, fd);
    const left = deadline - Date.now();
    if (drained !== RING_BUSY || left <= 0) return drained;
    Atomics.wait(ring.words, RING_LOCK, 1, left);
  }
}

class LineSink {
  private readonly buffer: Buffer;
  private readonly view: DataView;
  private used = 0;

  constructor(private readonly fd: number) {
    const { bytes, view } = outBuffer();
    this.buffer = bytes;
    this.view = view;
  }

  /** The records in `[from, to)` of the ring's data, as lines. */
  records(ring: RingView, from: number, to: number): void {
    const data = ring.data;
    const dv = ring.dataView;
    let at = from;
    while (at < to) {
      if (data[at] === 0x7b) {
        // A line: copy it through, up to and with its newline (lines never contain another).
        let end = data.indexOf(10, at);
        end = end < 0 || end >= to ? to : end + 1;
        this.copy(data, at, end);
        at = end;
        continue;
      }
      if (data[at]! >= FIRST_TEXT_TAG) {
        const size = textFrameSize(data, dv, at);
        // Not a record start: the ring is corrupt; what follows cannot be framed, so it is given up.
        if (size < 0 || at + size > to) return;
        this.textFrame(data, dv, at, textFrameLineBound(size, ring.laneTail), ring.laneTail);
        at += size;
        continue;
      }
      if (this.used + FRAME_LINE_BOUND + ring.laneTail.length > this.buffer.length) this.flush();
      const o = putFrameLine(data, dv, at, ring.laneTail, this.buffer, this.view, this.used);
      if (o < 0) return;
      this.used = o;
      at += FRAME_BYTES;
    }
  }

  private textFrame(data: Buffer, dv: DataView, at: number, bound: number, laneTail: Packed): void {
    if (this.used + bound > this.buffer.length) this.flush();
    if (bound <= this.buffer.length) {
      this.used = putTextFrameLine(data, dv, at, laneTail, this.buffer, this.view, this.used);
      return;
    }
    // A line longer than the buffer (a huge function name): made on its own.
    const own = Buffer.alloc(bound);
    const end = putTextFrameLine(data, dv, at, laneTail, own, new DataView(own.buffer, own.byteOffset, bound), 0);
    writeAll(this.fd, own.subarray(0, end));
  }

  private copy(data: Buffer, from: number, to: number): void {
    const length = to - from;
    if (this.used + length > this.buffer.length) this.flush();
    if (length > this.buffer.length) writeAll(this.fd, data.subarray(from, to));
    else this.used += data.copy(this.buffer, this.used, from, to);
  }

  flush(): void {
    if (this.used === 0) return;
    writeAll(this.fd, this.buffer.subarray(0, this.used));
    this.used = 0;
  }
}

function writeAll(fd: number, bytes: Buffer): void {
  let done = 0;
  // Regular files take the whole buffer; only odd file systems return short, and then the rest follows.
  while (done < bytes.length) {
    const n = writeSync(fd, bytes, done, bytes.length - done);
    if (n === 0) throw new Error('the file took no more bytes');
    done += n;
  }
}
