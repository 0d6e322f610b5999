import type { Recorder } from '../../../../src/executor/recording/recorder.ts';
import { recording } from '../../../../src/executor/recording/recorder.ts';
import type {
  BlockingOp,
  CallSite,
  ErrorInfo,
  ExecutorKind,
  LaneId,
  Outcome,
  TraceEvent,
} from '../../../../src/trace/schema.ts';

/** The events a MemoryRecorder collected: trace events without their timestamps' meaning (ts is a sequence number). */
export type Recorded = TraceEvent;

/**
 * A Recorder that keeps every event in memory, in call order, for assertions. `ts` is the index
 * of the event, so "before" in a test means "recorded earlier".
 */
export class MemoryRecorder implements Recorder {
  readonly lane: LaneId = `${process.pid}:0`;
  readonly events: Recorded[] = [];
  private nextBid = 1;

  executor(xid: number, kind: ExecutorKind, maxWorkers: number, name: string, site: CallSite | undefined): void {
    this.push({ e: 'executor', ts: 0, xid, kind, maxWorkers, name, lane: this.lane, ...(site ? { site } : {}) });
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
    this.push({
      e: 'submit',
      ts: 0,
      fid,
      xid,
      fn,
      args,
      lane: this.lane,
      ...(site ? { site } : {}),
      ...(map !== undefined ? { map, idx } : {}),
    });
  }
  start(fid: number): void {
    this.push({ e: 'start', ts: 0, fid, lane: this.lane });
  }
  end(fid: number, ok: boolean): void {
    this.push({ e: 'end', ts: 0, fid, lane: this.lane, ok });
  }
  done(fid: number, outcome: Outcome, value?: string, error?: ErrorInfo): void {
    this.push({
      e: 'done',
      ts: 0,
      fid,
      lane: this.lane,
      outcome,
      ...(value !== undefined ? { value } : {}),
      ...(error ? { error } : {}),
    });
  }
  callbackBegin(fid: number, cb: number, fn: string): void {
    this.push({ e: 'cb-begin', ts: 0, fid, cb, fn, lane: this.lane });
  }
  callbackEnd(fid: number, cb: number, raised: boolean, error?: ErrorInfo): void {
    this.push({ e: 'cb-end', ts: 0, fid, cb, lane: this.lane, raised, ...(error ? { error } : {}) });
  }
  blockBegin(op: BlockingOp, fids: number[], timeoutMs: number | undefined, site: CallSite | undefined): number {
    const bid = this.nextBid++;
    this.push({
      e: 'block-begin',
      ts: 0,
      bid,
      op,
      fids: [...fids],
      lane: this.lane,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(site ? { site } : {}),
    });
    return bid;
  }
  blockEnd(bid: number, timedOut: boolean): void {
    this.push({ e: 'block-end', ts: 0, bid, lane: this.lane, timedOut });
  }
  timeout(
    op: BlockingOp,
    timeoutMs: number,
    pending: number[],
    bid: number | undefined,
    site: CallSite | undefined,
  ): void {
    this.push({
      e: 'timeout',
      ts: 0,
      op,
      timeoutMs,
      pending: [...pending],
      lane: this.lane,
      ...(bid !== undefined ? { bid } : {}),
      ...(site ? { site } : {}),
    });
  }
  cancel(fid: number, ok: boolean): void {
    this.push({ e: 'cancel', ts: 0, fid, ok, lane: this.lane });
  }
  shutdownBegin(xid: number, wait: boolean, cancelFutures: boolean): void {
    this.push({ e: 'shutdown-begin', ts: 0, xid, wait, cancelFutures, lane: this.lane });
  }
  shutdownEnd(xid: number): void {
    this.push({ e: 'shutdown-end', ts: 0, xid, lane: this.lane });
  }
  workerSpawn(xid: number, lane: LaneId): void {
    this.push({ e: 'worker-spawn', ts: 0, xid, lane });
  }
  workerExit(xid: number, lane: LaneId, code: number | null): void {
    this.push({ e: 'worker-exit', ts: 0, xid, lane, code });
  }
  workerCrash(xid: number, lane: LaneId, fids: number[], error: ErrorInfo): void {
    this.push({ e: 'worker-crash', ts: 0, xid, lane, fids: [...fids], error });
  }
  broken(xid: number, reason: string): void {
    this.push({ e: 'broken', ts: 0, xid, reason });
  }
  mark(name: string, data?: string): void {
    this.push({ e: 'mark', ts: 0, name, lane: this.lane, ...(data !== undefined ? { data } : {}) });
  }
  flush(): void {}

  /** Events of one type, typed. */
  of<E extends Recorded['e']>(type: E): Extract<Recorded, { e: E }>[] {
    return this.events.filter((ev): ev is Extract<Recorded, { e: E }> => ev.e === type);
  }

  /** Events about one future, in order. */
  forFuture(fid: number): Recorded[] {
    return this.events.filter((ev) => 'fid' in ev && ev.fid === fid);
  }

  private push(event: Recorded): void {
    event.ts = this.events.length;
    this.events.push(event);
  }
}

/**
 * Runs `body` with a fresh MemoryRecorder as `recording.current`, restoring the previous one
 * afterwards even when `body` throws.
 */
export async function withRecorder<R>(body: (rec: MemoryRecorder) => Promise<R> | R): Promise<R> {
  const previous = recording.current;
  const rec = new MemoryRecorder();
  recording.current = rec;
  try {
    return await body(rec);
  } finally {
    recording.current = previous;
  }
}
