import type { BlockingOp, CallSite, ErrorInfo, ExecutorKind, LaneId, LaneKind, Outcome } from '../../trace/schema.ts';
import * as encode from './encode.ts';
import * as clock from './clock.ts';
import * as frames from './frames.ts';
import { allocateBlockId } from './ids.ts';
import * as parts from './line-parts.ts';
import type { Recorder } from './recorder.ts';
import { RingProducer } from './ring-producer.ts';
import * as nested from './site-encode.ts';
import * as text from './text-frames.ts';

export type { RecorderHost } from './ring-producer.ts';

// Local copies: see ring-producer.ts (tsx turns each use of an imported name into a getter call).
const { numbersBound, putNumbers, putString, stringBound, textOf } = encode;
const { errorBound, putError, siteBound } = nested;
const { H, K, opText, outcomeText } = parts;
const { TAG_START, TAG_END_OK, TAG_END_FAILED, TAG_CANCEL_OK, TAG_CANCEL_REFUSED } = frames;
const { TAG_BLOCK_END, TAG_BLOCK_END_TIMED_OUT, TAG_DONE_CANCELLED } = frames;
const { BLOCK_RESULT_BYTES, DONE_FIXED, SUBMIT_FIXED, TAG_BLOCK_RESULT, TAG_DONE_RESULT, TAG_SUBMIT } = text;
const { putRaw, rawBound, rawSize } = text;
const { nowMicros } = clock;
const { putPacked } = encode;
type Packed = encode.Packed;

/** A number for a float64 field, whatever a JavaScript caller passes (non-numbers become null in the line). */
function numberOf(value: unknown): number {
  return typeof value === 'number' ? value : NaN;
}

/**
 * The Recorder of one thread: writes each event straight into the thread's ring (no objects, no
 * JSON.stringify) and never throws into its caller. The events of every task go in as binary
 * frames (frames.ts), the others as lines (ring-producer.ts says how).
 */
export class RingRecorder extends RingProducer implements Recorder {
  laneEvent(pid: number, tid: number, name: string, kind: LaneKind): void {
    try {
      const text = textOf(name);
      let p = this.open(H.lane, stringBound(text) + stringBound(this.lane));
      if (p < 0) return;
      p = putString(this.bytes, this.packed(p, K.lane), this.lane);
      p = this.number(this.number(p, K.pid, pid), K.tid, tid);
      p = this.string(p, K.name, text);
      p = this.packed(this.packed(p, K.kind), this.quote(textOf(kind)));
      this.finish(this.packed(p, K.close));
    } catch (error) {
      this.host.fail(error);
    }
  }

  executor(xid: number, kind: ExecutorKind, maxWorkers: number, name: string, site: CallSite | undefined): void {
    try {
      const text = textOf(name);
      let p = this.open(H.executor, stringBound(text) + (site ? siteBound(site) : 0));
      if (p < 0) return;
      p = this.number(p, K.xid, xid);
      p = this.packed(this.packed(p, K.kind), this.quote(textOf(kind)));
      p = this.number(p, K.maxWorkers, maxWorkers);
      p = this.packed(this.packed(p, K.name), this.quote(text));
      if (site) p = this.site(p, site);
      this.close_(p);
    } catch (error) {
      this.host.fail(error);
    }
  }

  submit(
    fid: number,
    xid: number,
    fn: string,
    args: string,
    site: CallSite | undefined,
    map?: number,
    idx?: number,
  ): void {
    try {
      const fnText = textOf(fn);
      const argsText = textOf(args);
      const siteText = site ? this.encodedSite(site) : undefined;
      const siteLength = siteText === undefined ? 0 : siteText.length;
      const ts = nowMicros();
      // The site is stored four bytes at a time: room for the pad of its last word.
      const o = this.begin(SUBMIT_FIXED + rawBound(fnText) + rawBound(argsText) + siteLength + 4);
      if (o < 0) return;
      const u = this.bytes;
      const view = this.view;
      u[o] = TAG_SUBMIT;
      u[o + 1] = (map === undefined ? 0 : 1) | (idx === undefined ? 0 : 2);
      view.setFloat64(o + 2, ts, true);
      view.setFloat64(o + 10, numberOf(fid), true);
      view.setFloat64(o + 18, numberOf(xid), true);
      view.setFloat64(o + 26, map === undefined ? 0 : numberOf(map), true);
      view.setFloat64(o + 34, idx === undefined ? 0 : numberOf(idx), true);
      let p = o + SUBMIT_FIXED;
      const fnWord = putRaw(u, view, p, fnText);
      p += rawSize(fnWord);
      const argsWord = putRaw(u, view, p, argsText);
      p += rawSize(argsWord);
      view.setUint32(o + 42, fnWord, true);
      view.setUint32(o + 46, argsWord, true);
      view.setUint32(o + 50, siteLength, true);
      if (siteText !== undefined) p = putPacked(view, p, siteText);
      this.finish(p);
    } catch (error) {
      this.host.fail(error);
    }
  }

  // The events of every task are frames: three stores instead of a line. They go without
  // try/catch: nothing in them can throw, whatever a caller passes.
  start(fid: number): void {
    this.frame(TAG_START, fid);
  }

  end(fid: number, ok: boolean): void {
    this.frame(ok ? TAG_END_OK : TAG_END_FAILED, fid);
  }

  done(fid: number, outcome: Outcome, value?: string, error?: ErrorInfo): void {
    if (error === undefined) {
      // The outcomes of almost every task: frames (text-frames.ts, frames.ts).
      if (outcome === 'result' && typeof value === 'string') return this.doneResult(fid, value);
      if (outcome === 'cancelled' && value === undefined) return this.frame(TAG_DONE_CANCELLED, fid);
    }
    try {
      const valueText = value === undefined ? undefined : textOf(value);
      const extra =
        (valueText === undefined ? 0 : stringBound(valueText)) + (error === undefined ? 0 : errorBound(error));
      let p = this.open(H.done, extra);
      if (p < 0) return;
      p = this.number(p, K.fid, fid);
      p = this.packed(this.packed(p, K.outcome), outcomeText(outcome, this.quote));
      if (valueText !== undefined) p = this.string(p, K.value, valueText);
      if (error !== undefined) p = putError(this.bytes, this.view, this.packed(p, K.error), error, this.names);
      this.close_(p);
    } catch (err) {
      this.host.fail(err);
    }
  }

  private doneResult(fid: number, value: string): void {
    const ts = nowMicros();
    const o = this.begin(DONE_FIXED + rawBound(value));
    if (o < 0) return;
    const u = this.bytes;
    const view = this.view;
    u[o] = TAG_DONE_RESULT;
    view.setFloat64(o + 1, ts, true);
    view.setFloat64(o + 9, numberOf(fid), true);
    const word = putRaw(u, view, o + DONE_FIXED, value);
    view.setUint32(o + 17, word, true);
    this.finish(o + DONE_FIXED + rawSize(word));
  }

  callbackBegin(fid: number, cb: number, fn: string): void {
    try {
      const fnText = textOf(fn);
      let p = this.open(H.cbBegin, stringBound(fnText));
      if (p < 0) return;
      p = this.number(this.number(p, K.fid, fid), K.cb, cb);
      p = this.packed(this.packed(p, K.fn), this.quote(fnText));
      this.close_(p);
    } catch (error) {
      this.host.fail(error);
    }
  }

  callbackEnd(fid: number, cb: number, raised: boolean, error?: ErrorInfo): void {
    try {
      let p = this.open(H.cbEnd, error === undefined ? 0 : errorBound(error));
      if (p < 0) return;
      p = this.number(this.number(p, K.fid, fid), K.cb, cb);
      p = this.packed(p, raised ? K.raisedTrue : K.raisedFalse);
      if (error !== undefined) p = putError(this.bytes, this.view, this.packed(p, K.error), error, this.names);
      this.close_(p);
    } catch (err) {
      this.host.fail(err);
    }
  }

  blockBegin(op: BlockingOp, fids: number[], timeoutMs: number | undefined, site: CallSite | undefined): number {
    const bid = allocateBlockId();
    // What every `await future` opens: a frame.
    if (op === 'result' && timeoutMs === undefined && !site && Array.isArray(fids) && fids.length === 1) {
      this.frame2(TAG_BLOCK_RESULT, bid, fids[0]!, BLOCK_RESULT_BYTES);
      return bid;
    }
    try {
      let p = this.open(H.blockBegin, numbersBound(fids) + (site ? siteBound(site) : 0));
      if (p < 0) return bid;
      p = this.number(p, K.bid, bid);
      p = this.packed(this.packed(p, K.op), opText(op, this.quote));
      p = putNumbers(this.bytes, this.packed(p, K.fids), fids);
      if (timeoutMs !== undefined) p = this.number(p, K.timeoutMs, timeoutMs);
      if (site) p = this.site(p, site);
      this.close_(p);
    } catch (error) {
      this.host.fail(error);
    }
    return bid;
  }

  blockEnd(bid: number, timedOut: boolean): void {
    this.frame(timedOut ? TAG_BLOCK_END_TIMED_OUT : TAG_BLOCK_END, bid);
  }

  timeout(
    op: BlockingOp,
    timeoutMs: number,
    pending: number[],
    bid: number | undefined,
    site: CallSite | undefined,
  ): void {
    try {
      let p = this.open(H.timeout, numbersBound(pending) + (site ? siteBound(site) : 0));
      if (p < 0) return;
      p = this.packed(this.packed(p, K.op), opText(op, this.quote));
      p = this.number(p, K.timeoutMs, timeoutMs);
      p = putNumbers(this.bytes, this.packed(p, K.pending), pending);
      if (bid !== undefined) p = this.number(p, K.bid, bid);
      if (site) p = this.site(p, site);
      this.close_(p);
    } catch (error) {
      this.host.fail(error);
    }
  }

  cancel(fid: number, ok: boolean): void {
    this.frame(ok ? TAG_CANCEL_OK : TAG_CANCEL_REFUSED, fid);
  }

  shutdownBegin(xid: number, wait: boolean, cancelFutures: boolean): void {
    try {
      let p = this.open(H.shutdownBegin, 0);
      if (p < 0) return;
      p = this.number(p, K.xid, xid);
      p = this.packed(p, wait ? K.waitTrue : K.waitFalse);
      this.close_(this.packed(p, cancelFutures ? K.cancelFuturesTrue : K.cancelFuturesFalse));
    } catch (error) {
      this.host.fail(error);
    }
  }

  shutdownEnd(xid: number): void {
    try {
      const p = this.open(H.shutdownEnd, 0);
      if (p >= 0) this.close_(this.number(p, K.xid, xid));
    } catch (error) {
      this.host.fail(error);
    }
  }

  workerSpawn(xid: number, lane: LaneId): void {
    this.workerEvent(H.workerSpawn, xid, lane, false, null);
  }

  workerExit(xid: number, lane: LaneId, code: number | null): void {
    this.workerEvent(H.workerExit, xid, lane, true, code);
    this.host.laneEnded(textOf(lane));
  }

  workerCrash(xid: number, lane: LaneId, fids: number[], error: ErrorInfo): void {
    try {
      const laneText = textOf(lane);
      let p = this.open(H.workerCrash, stringBound(laneText) + numbersBound(fids) + errorBound(error));
      if (p < 0) return;
      p = this.number(p, K.xid, xid);
      p = this.packed(this.packed(p, K.lane), this.quote(laneText));
      p = putNumbers(this.bytes, this.packed(p, K.fids), fids);
      p = putError(this.bytes, this.view, this.packed(p, K.error), error, this.names);
      this.finish(this.packed(p, K.close));
    } catch (err) {
      this.host.fail(err);
    }
    this.host.laneEnded(textOf(lane));
  }

  broken(xid: number, reason: string): void {
    try {
      const text = textOf(reason);
      let p = this.open(H.broken, stringBound(text));
      if (p < 0) return;
      p = this.string(this.number(p, K.xid, xid), K.reason, text);
      this.finish(this.packed(p, K.close));
    } catch (error) {
      this.host.fail(error);
    }
  }

  mark(name: string, data?: string): void {
    try {
      const nameText = textOf(name);
      const dataText = data === undefined ? undefined : textOf(data);
      let p = this.open(H.mark, stringBound(nameText) + (dataText === undefined ? 0 : stringBound(dataText)));
      if (p < 0) return;
      p = this.string(p, K.name, nameText);
      if (dataText !== undefined) p = this.string(p, K.data, dataText);
      this.close_(p);
    } catch (error) {
      this.host.fail(error);
    }
  }

  /** The root program's end, written by the process that owns the recording (it wrote the header). */
  exit(pid: number, code: number | null, signal?: string): void {
    try {
      const signalText = signal === undefined ? undefined : textOf(signal);
      let p = this.open(H.exit, signalText === undefined ? 0 : stringBound(signalText));
      if (p < 0) return;
      p = this.number(p, K.pid, pid);
      p = code === null ? this.packed(this.packed(p, K.code), K.null) : this.number(p, K.code, code);
      if (signalText !== undefined) p = this.string(p, K.signal, signalText);
      this.finish(this.packed(p, K.close));
    } catch (error) {
      this.host.fail(error);
    }
  }

  flush(): void {
    // The session drains: it knows where the file is and who else drains.
    try {
      this.host.flushAll();
    } catch (error) {
      this.host.fail(error);
    }
  }

  private workerEvent(head: Packed, xid: number, lane: LaneId, withCode: boolean, code: number | null): void {
    try {
      const laneText = textOf(lane);
      let p = this.open(head, stringBound(laneText));
      if (p < 0) return;
      p = this.number(p, K.xid, xid);
      p = this.packed(this.packed(p, K.lane), this.quote(laneText));
      if (withCode) p = code === null ? this.packed(this.packed(p, K.code), K.null) : this.number(p, K.code, code);
      this.finish(this.packed(p, K.close));
    } catch (error) {
      this.host.fail(error);
    }
  }
}
