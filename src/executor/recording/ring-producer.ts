import type { CallSite, LaneId } from '../../trace/schema.ts';
import * as clock from './clock.ts';
import * as encode from './encode.ts';
import * as frames from './frames.ts';
import * as parts from './line-parts.ts';
import * as layout from './ring-layout.ts';
import { RingWriter } from './ring-writer.ts';
import * as nested from './site-encode.ts';

// Local copies of what the hot path uses. tsx (which runs the tests and benchmarks from source)
// compiles every use of an imported name into a getter call on the module's exports, a third of
// an event's cost; bundles refer to them directly. Copied once here, both are direct.
const { nowMicros } = clock;
const { pack, putNumber, putPacked, putString, stringBound, QuotedCache } = encode;
const { putSite, siteBound } = nested;
const { H, K } = parts;
const { CTL_FAILED, RING_DETACHED, laneOfRing, wakeFlusher } = layout;
const { FRAME_BYTES } = frames;
type Packed = encode.Packed;

/** What a recorder needs from the session that owns it (session.ts). */
export interface RecorderHost {
  /** The session's control block, once known. */
  readonly ctl: Int32Array | undefined;
  /** The flusher forgot this ring (it was idle): post it again. */
  reattach(): void;
  /** Called after every line while `writeThrough` is set: the process is exiting, write at once. */
  drainNow(): void;
  /** Recorder.flush(): everything recorded so far, on disk. */
  flushAll(): void;
  /** Something went wrong inside the recorder; stop recording (reporting it once). */
  fail(error: unknown): void;
  /** Recording failed elsewhere in the process (already reported): stop quietly. */
  stopQuietly(): void;
  /** A worker thread of a pool ended; its ring will not grow. */
  laneEnded(lane: LaneId): void;
}

/** While the flusher is behind, how often a producer looks whether it caught up (in records). */
const LAG_CHECK_EVERY = 64;

/** Room for the fixed text and a handful of numbers of any event; strings and arrays come on top. */
export const FIXED = 256;

/**
 * Writing records into one thread's ring: frames, and lines in three steps (`open` reserves room
 * and writes the head and timestamp, the field helpers add fields, `close_` adds the lane and
 * commits). Also the ring's bookkeeping: a record that does not fit is dropped and counted, and
 * the count goes out as a `dropped` line once there is room; the flusher is woken when the ring
 * is a quarter full; a ring the flusher forgot is posted again.
 */
export class RingProducer {
  readonly lane: LaneId;
  /** After the process began to exit, every line is drained at once (nothing runs later to do it). */
  writeThrough = false;
  protected readonly bytes: Uint8Array;
  /** The same bytes, for 4-byte stores of constant text and float64 frame fields. */
  protected readonly view: DataView;
  protected readonly names = new QuotedCache();
  protected readonly quote = (value: string) => this.names.get(value);
  private readonly sites = new WeakMap<CallSite, Packed>();
  private readonly ring: RingWriter;
  /** `,"lane":"<lane>"}\n`: the end of most lines. */
  private readonly laneTail: Packed;
  private dropped = 0;
  private wakeSent = false;
  /** Records to let pass before looking at the ring's fill again (see `behind`). */
  private skipChecks = 0;
  private off = false;

  constructor(
    sab: SharedArrayBuffer,
    protected readonly host: RecorderHost,
  ) {
    this.lane = laneOfRing(sab);
    this.ring = new RingWriter(sab);
    this.bytes = this.ring.bytes;
    this.view = new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    const tail = new Uint8Array(FIXED + stringBound(this.lane));
    let o = putPacked(new DataView(tail.buffer), 0, K.lane);
    o = putString(tail, o, this.lane);
    tail[o++] = 125;
    tail[o++] = 10;
    this.laneTail = pack(tail.subarray(0, o));
  }

  /** Stops writing for good; later calls (from executors holding this recorder) do nothing. */
  close(): void {
    this.off = true;
  }

  get closed(): boolean {
    return this.off;
  }

  /** Events lost so far and not yet reported in a `dropped` event. */
  get droppedPending(): number {
    return this.dropped;
  }

  protected frame(tag: number, id: number): void {
    const ts = nowMicros();
    const o = this.begin(FRAME_BYTES);
    if (o < 0) return;
    this.bytes[o] = tag;
    this.view.setFloat64(o + 1, ts, true);
    this.view.setFloat64(o + 9, typeof id === 'number' ? id : NaN, true);
    this.finish(o + FRAME_BYTES);
  }

  /** A frame of two ids (text-frames.ts, `block result`). */
  protected frame2(tag: number, first: number, second: number, bytes: number): void {
    const ts = nowMicros();
    const o = this.begin(bytes);
    if (o < 0) return;
    this.bytes[o] = tag;
    this.view.setFloat64(o + 1, ts, true);
    this.view.setFloat64(o + 9, typeof first === 'number' ? first : NaN, true);
    this.view.setFloat64(o + 17, typeof second === 'number' ? second : NaN, true);
    this.finish(o + bytes);
  }

  /** A call site's JSON, made once per site object (sites come from the executors' caches). */
  protected encodedSite(site: CallSite): Packed {
    const cacheable = typeof site === 'object';
    let packed = cacheable ? this.sites.get(site) : undefined;
    if (packed === undefined) {
      const scratch = new Uint8Array(siteBound(site) + 4);
      const view = new DataView(scratch.buffer);
      packed = pack(scratch.subarray(0, putSite(scratch, view, 0, site, this.names)));
      if (cacheable) this.sites.set(site, packed);
    }
    return packed;
  }

  /** Reserves room for a line (its fixed part and `extra`), writes its head and timestamp; -1 when dropped. */
  protected open(head: Packed, extra: number): number {
    const ts = nowMicros();
    const o = this.begin(FIXED + extra);
    return o < 0 ? o : putNumber(this.bytes, putPacked(this.view, o, head), ts);
  }

  /** Ends a line with the lane and commits it. */
  protected close_(p: number): void {
    this.finish(putPacked(this.view, p, this.laneTail));
  }

  protected packed(p: number, text: Packed): number {
    return putPacked(this.view, p, text);
  }

  protected number(p: number, key: Packed, value: number): number {
    return putNumber(this.bytes, putPacked(this.view, p, key), value);
  }

  protected string(p: number, key: Packed, value: string): number {
    return putString(this.bytes, putPacked(this.view, p, key), value);
  }

  protected site(p: number, site: CallSite): number {
    return putSite(this.bytes, this.view, putPacked(this.view, p, K.site), site, this.names);
  }

  /** Offset to write a record of at most `need` bytes at, or -1 when it is dropped (or recording is off). */
  protected begin(need: number): number {
    if (this.off) return -1;
    if (this.dropped !== 0 && !this.writeDropped()) {
      this.dropped++;
      return -1;
    }
    const o = this.ring.reserve(need);
    if (o < 0) this.full();
    return o;
  }

  protected finish(end: number): void {
    const ring = this.ring;
    ring.commit(end);
    if (this.writeThrough || Atomics.load(ring.words, RING_DETACHED) !== 0) this.attend();
    else if (ring.needsDrain()) this.behind();
  }

  private attend(): void {
    const ring = this.ring;
    if (Atomics.load(ring.words, RING_DETACHED) !== 0) {
      Atomics.store(ring.words, RING_DETACHED, 0);
      this.host.reattach();
    }
    if (this.writeThrough) this.host.drainNow();
    if (ring.needsDrain()) this.behind();
  }

  /**
   * The ring looks filled past the mark, going by the READ last loaded: load it again, and wake
   * the flusher if it really is. Once the flusher is woken, looking again every record would only
   * cost: the next looks come every LAG_CHECK_EVERY records.
   */
  private behind(): void {
    if (--this.skipChecks > 0) return;
    const ring = this.ring;
    ring.refreshRead();
    if (!ring.needsDrain()) {
      this.wakeSent = false;
      return;
    }
    const ctl = this.host.ctl;
    if (!this.wakeSent && ctl) {
      this.wakeSent = true;
      wakeFlusher(ctl);
    }
    this.skipChecks = LAG_CHECK_EVERY;
  }

  private full(): void {
    this.dropped++;
    const ctl = this.host.ctl;
    if (!ctl) return;
    if (Atomics.load(ctl, CTL_FAILED) !== 0) {
      this.host.stopQuietly();
      return;
    }
    if (!this.wakeSent) {
      this.wakeSent = true;
      wakeFlusher(ctl);
    }
  }

  /** Writes the pending drop count; false when even that does not fit yet. */
  private writeDropped(): boolean {
    const o = this.ring.reserve(FIXED);
    if (o < 0) return false;
    let p = putNumber(this.bytes, putPacked(this.view, o, H.dropped), nowMicros());
    p = this.number(p, K.count, this.dropped);
    this.dropped = 0;
    // Room came back: the flusher got to this ring, so the next full ring deserves a wake-up.
    this.wakeSent = false;
    this.close_(p);
    return true;
  }
}
