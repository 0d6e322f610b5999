/**
 * The shared memory of the recording, as words of Int32Arrays over SharedArrayBuffers.
 *
 * A ring belongs to one thread (its only producer) and is drained by whoever holds its lock word:
 * the process's flusher thread, or the main thread at exit. It is a bip buffer: data always lies
 * in one contiguous run, so a line is written with plain byte stores and never split. When a line
 * does not fit before the end, the producer publishes `WRAP` (where the data stops) and goes on
 * at 0; the reader then reads `[READ, WRAP)` and `[0, WRITE)`.
 *
 *   WRITE >= READ: data is [READ, WRITE)
 *   WRITE <  READ: data is [READ, WRAP) then [0, WRITE)
 *
 * The data is a sequence of records: NDJSON lines (they start with `{`), and for the events of
 * every task, fixed-size binary frames (frames.ts) that drainers turn into lines. The header
 * holds the ring's lane, so whoever drains can write it into those lines.
 */
import { pack, type Packed } from './encode.ts';

/** Control words (64 bytes), then the lane as quoted JSON (64 bytes), then the data. */
export const RING_HEADER_BYTES = 128;
const LANE_OFFSET = 64;
const LANE_MAX = 64;

/** End of the committed data; only the producer stores it (after the bytes). */
export const RING_WRITE = 0;
/** Start of the data not yet in the file; only the lock holder stores it. */
export const RING_READ = 1;
/** Where the data before a wrap ends; stored by the producer before the `WRITE` that wraps. */
export const RING_WRAP = 2;
/** 0 when free, 1 while a drainer copies the ring to the file. */
export const RING_LOCK = 3;
/** 1 once the producing thread has ended: drain what is left, then forget the ring. */
export const RING_CLOSED = 4;
/** 1 when the flusher forgot the ring (idle or closed); a producer seeing it registers again. */
export const RING_DETACHED = 5;
/** Length of the quoted lane at LANE_OFFSET. */
const RING_LANE_LENGTH = 6;

/** Default ring: room for about 60 000 start/end events, ~1 s of a busy worker thread at the flusher's slowest pace. */
export const DEFAULT_RING_BYTES = 1 << 20;
/**
 * Default ring of the main thread, where programs submit: a burst of 100 000 submits writes ~7 MB
 * before the loop that makes them yields, and on a busy machine the flusher may get no core
 * meanwhile. The memory is only touched as the ring fills.
 */
export const DEFAULT_MAIN_RING_BYTES = 1 << 23;
export const MIN_RING_BYTES = 4096;
export const MAX_RING_BYTES = 1 << 28;

export interface RingView {
  readonly sab: SharedArrayBuffer;
  readonly words: Int32Array;
  /** The data area (after the header). */
  readonly data: Buffer;
  /** The same bytes, for the float64 and u32 fields of frames. */
  readonly dataView: DataView;
  readonly capacity: number;
  /** `,"lane":"<lane>"}\n`, the end of the lines drainers make from frames. */
  readonly laneTail: Packed;
}

/** A ring for the thread of `lane` (`pid:threadId`). */
export function createRing(capacity: number, lane: string): SharedArrayBuffer {
  const quoted = Buffer.from(JSON.stringify(lane), 'latin1');
  if (quoted.length > LANE_MAX || !/^[\x20-\x7e]*$/.test(lane)) throw new RangeError(`bad lane for a ring: ${lane}`);
  const sab = new SharedArrayBuffer(RING_HEADER_BYTES + capacity);
  quoted.copy(Buffer.from(sab, LANE_OFFSET, LANE_MAX));
  new Int32Array(sab, 0, 16)[RING_LANE_LENGTH] = quoted.length;
  return sab;
}

export function viewRing(sab: SharedArrayBuffer): RingView {
  const words = new Int32Array(sab, 0, 16);
  const quoted = Buffer.from(sab, LANE_OFFSET, words[RING_LANE_LENGTH]);
  return {
    sab,
    words,
    data: Buffer.from(sab, RING_HEADER_BYTES, sab.byteLength - RING_HEADER_BYTES),
    dataView: new DataView(sab, RING_HEADER_BYTES, sab.byteLength - RING_HEADER_BYTES),
    capacity: sab.byteLength - RING_HEADER_BYTES,
    laneTail: pack(Buffer.concat([Buffer.from(',"lane":'), quoted, Buffer.from('}\n')])),
  };
}

/** The lane a ring was made for. */
export function laneOfRing(sab: SharedArrayBuffer): string {
  const words = new Int32Array(sab, 0, 16);
  return JSON.parse(Buffer.from(sab, LANE_OFFSET, words[RING_LANE_LENGTH]).toString('latin1')) as string;
}

/**
 * The control block of one recording session in one process, shared by all its threads through
 * worker environment data: failure flag, flusher handshake, and the process-wide id counters.
 */
export const CTL_FAILED = 0;
/** Bumped (and notified) to wake the flusher early: a ring is a quarter full, a thread ended, a sweep is wanted. */
export const CTL_WAKE = 1;
/** 1 once the flusher listens for rings and drains. */
export const CTL_READY = 2;
/** A thread wanting everything on disk bumps this and waits until `SWEEP_DONE` catches up. */
export const CTL_SWEEP_ASKED = 3;
export const CTL_SWEEP_DONE = 4;
/** 1 once the session is stopped: the flusher makes a last sweep and ends. */
export const CTL_STOPPED = 5;
export const CTL_NEXT_FUTURE = 6;
export const CTL_NEXT_BLOCK = 7;
export const CTL_NEXT_EXECUTOR = 8;
export const CTL_NEXT_MAP = 9;
export const CTL_WORDS = 16;

export function createControl(): SharedArrayBuffer {
  return new SharedArrayBuffer(CTL_WORDS * 4);
}

/** Wakes the flusher now rather than at its next tick. */
export function wakeFlusher(ctl: Int32Array): void {
  Atomics.add(ctl, CTL_WAKE, 1);
  Atomics.notify(ctl, CTL_WAKE);
}
