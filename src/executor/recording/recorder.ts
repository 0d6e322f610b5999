import type { BlockingOp, CallSite, ErrorInfo, ExecutorKind, LaneId, Outcome } from '../../trace/schema.ts';

/**
 * What the executors tell the recording. One method per event type so the hot path builds its
 * line without a generic serializer. Implementations must never throw into the caller: a
 * recording failure is reported once and recording stops, the program runs on.
 */
export interface Recorder {
  /** Lane of the calling thread. */
  readonly lane: LaneId;
  executor(xid: number, kind: ExecutorKind, maxWorkers: number, name: string, site: CallSite | undefined): void;
  submit(
    fid: number,
    xid: number,
    fn: string,
    args: string,
    site: CallSite | undefined,
    map?: number,
    idx?: number,
  ): void;
  start(fid: number): void;
  end(fid: number, ok: boolean): void;
  done(fid: number, outcome: Outcome, value?: string, error?: ErrorInfo): void;
  callbackBegin(fid: number, cb: number, fn: string): void;
  callbackEnd(fid: number, cb: number, raised: boolean, error?: ErrorInfo): void;
  /**
   * Returns the block id to pass to `blockEnd` and `timeout`. `fids` belongs to the caller, who
   * may reuse the array after the call: copy it to keep it.
   */
  blockBegin(op: BlockingOp, fids: number[], timeoutMs: number | undefined, site: CallSite | undefined): number;
  blockEnd(bid: number, timedOut: boolean): void;
  timeout(
    op: BlockingOp,
    timeoutMs: number,
    pending: number[],
    bid: number | undefined,
    site: CallSite | undefined,
  ): void;
  cancel(fid: number, ok: boolean): void;
  shutdownBegin(xid: number, wait: boolean, cancelFutures: boolean): void;
  shutdownEnd(xid: number): void;
  workerSpawn(xid: number, lane: LaneId): void;
  workerExit(xid: number, lane: LaneId, code: number | null): void;
  workerCrash(xid: number, lane: LaneId, fids: number[], error: ErrorInfo): void;
  broken(xid: number, reason: string): void;
  mark(name: string, data?: string): void;
  /** Writes everything buffered so far; used before exit. */
  flush(): void;
}

/**
 * The active recorder of this thread, or undefined when recording is off. Executors test it once
 * per event (`const rec = recording.current; if (rec) rec.start(fid)`), which is the whole cost
 * of recording when it is off.
 */
export const recording: { current: Recorder | undefined } = { current: undefined };
