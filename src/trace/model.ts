import type { BlockingOp, CallSite, ErrorInfo, ExecutorKind, ExitEvent, Header, LaneId, LaneKind } from './schema.ts';
import { FutureTable, OUTCOME } from './future-table.ts';

export interface LaneInfo {
  id: LaneId;
  pid: number;
  tid: number;
  /** From the `lane` event; the lane id itself when none was seen. */
  name: string;
  kind: LaneKind | 'unknown';
}

export interface ExecutorInfo {
  xid: number;
  kind: ExecutorKind;
  maxWorkers: number;
  name: string;
  /** Lane index of the creator, -1 when no `executor` event was seen (the executor is then inferred from a submit). */
  lane: number;
  site: CallSite | undefined;
  createdTs: number;
  shutdown: { beginTs: number; endTs: number; wait: boolean; cancelFutures: boolean; lane: number } | undefined;
  broken: { ts: number; reason: string } | undefined;
  /** Indexes into `model.workers`. */
  workers: number[];
}

export interface CallbackSpan {
  future: number;
  cb: number;
  fn: string;
  lane: number;
  beginTs: number;
  endTs: number;
  raised: boolean | undefined;
  error: ErrorInfo | undefined;
}

export interface BlockSpan {
  bid: number;
  op: BlockingOp;
  futures: number[];
  timeoutMs: number | undefined;
  lane: number;
  beginTs: number;
  endTs: number;
  timedOut: boolean | undefined;
  site: CallSite | undefined;
}

export interface TimeoutInfo {
  ts: number;
  op: BlockingOp;
  timeoutMs: number;
  pending: number[];
  lane: number;
  /** Index into `model.blocks`, -1 when unknown. */
  block: number;
  site: CallSite | undefined;
}

export interface WorkerInfo {
  executor: number;
  lane: number;
  spawnTs: number;
  exitTs: number;
  code: number | null | undefined;
  crash: { ts: number; futures: number[]; error: ErrorInfo } | undefined;
}

export interface CancelInfo {
  ts: number;
  future: number;
  ok: boolean;
  lane: number;
}

export interface MarkInfo {
  ts: number;
  name: string;
  lane: number;
  data: string | undefined;
}

export interface StackInfo {
  ts: number;
  lane: number;
  future: number;
  frames: CallSite[];
}

export interface DroppedInfo {
  ts: number;
  count: number;
  lane: number;
}

/**
 * The indexed, in-memory picture of one recording. Futures live in a column table (see
 * FutureTable); the rarer things (callbacks, blocks, timeouts…) are small objects that refer to
 * futures, lanes and executors by dense index. Built by ModelBuilder, read by viewers and stats.
 */
export class TraceModel {
  header: Header | undefined;
  exit: ExitEvent | undefined;
  readonly lanes: LaneInfo[] = [];
  readonly laneIndex = new Map<LaneId, number>();
  readonly executors: ExecutorInfo[] = [];
  readonly executorIndex = new Map<number, number>();
  readonly futures = new FutureTable();
  /** Function names, interned: `futures.fn[i]` indexes this. */
  readonly fnNames: string[] = [];
  /** Call sites, interned: `futures.site[i]` indexes this. */
  readonly sites: CallSite[] = [];
  readonly callbacks: CallbackSpan[] = [];
  readonly blocks: BlockSpan[] = [];
  readonly timeouts: TimeoutInfo[] = [];
  readonly cancels: CancelInfo[] = [];
  readonly workers: WorkerInfo[] = [];
  readonly marks: MarkInfo[] = [];
  readonly stacks: StackInfo[] = [];
  readonly dropped: DroppedInfo[] = [];
  readonly brokenEvents: { ts: number; executor: number; reason: string }[] = [];
  /** Smallest and largest `ts` seen (header included); NaN before any. */
  firstTs = NaN;
  lastTs = NaN;
  eventCount = 0;
  /**
   * Records that repeat a future's `submit`, `start` or `done` (a format error: each comes once).
   * The model keeps the last one, so the counts built on it may be off; `validate` says where.
   */
  repeated = 0;
  /** Per future index: indexes into callbacks / blocks / timeouts / cancels. Only futures that have some. */
  readonly callbacksByFuture = new Map<number, number[]>();
  readonly blocksByFuture = new Map<number, number[]>();
  readonly timeoutsByFuture = new Map<number, number[]>();
  readonly cancelsByFuture = new Map<number, number[]>();

  callbacksOf(future: number): CallbackSpan[] {
    return (this.callbacksByFuture.get(future) ?? []).map((i) => this.callbacks[i]!);
  }

  blocksOf(future: number): BlockSpan[] {
    return (this.blocksByFuture.get(future) ?? []).map((i) => this.blocks[i]!);
  }

  timeoutsOf(future: number): TimeoutInfo[] {
    return (this.timeoutsByFuture.get(future) ?? []).map((i) => this.timeouts[i]!);
  }

  cancelsOf(future: number): CancelInfo[] {
    return (this.cancelsByFuture.get(future) ?? []).map((i) => this.cancels[i]!);
  }

  /** Outcome of a future as the format names it, or undefined while it has none. */
  outcomeOf(future: number): 'result' | 'exception' | 'cancelled' | undefined {
    const code = this.futures.outcome[future];
    if (code === OUTCOME.result) return 'result';
    if (code === OUTCOME.exception) return 'exception';
    if (code === OUTCOME.cancelled) return 'cancelled';
    return undefined;
  }

  /** Total events lost by writers, from `dropped` events. */
  droppedCount(): number {
    let total = 0;
    for (const d of this.dropped) total += d.count;
    return total;
  }
}
