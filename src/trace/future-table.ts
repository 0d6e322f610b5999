import type { ErrorInfo } from './schema.ts';

/** Outcome codes stored in `FutureTable.outcome`. */
export const OUTCOME = { none: 0, result: 1, exception: 2, cancelled: 3 } as const;

const NO_TIME = NaN;

/**
 * Every future of a recording as columns indexed by a dense index (0..count-1), so a million
 * futures cost a few typed arrays instead of a million objects. Times are microseconds of the
 * recording's clock, NaN when the event was not seen; lane, executor, name and site columns hold
 * indexes into the model's tables, -1 when unknown.
 */
export class FutureTable {
  count = 0;
  fid: Float64Array = new Float64Array(16);
  executor: Int32Array = new Int32Array(16);
  fn: Int32Array = new Int32Array(16);
  site: Int32Array = new Int32Array(16);
  submitTs: Float64Array = new Float64Array(16);
  startTs: Float64Array = new Float64Array(16);
  endTs: Float64Array = new Float64Array(16);
  doneTs: Float64Array = new Float64Array(16);
  submitLane: Int32Array = new Int32Array(16);
  runLane: Int32Array = new Int32Array(16);
  doneLane: Int32Array = new Int32Array(16);
  outcome: Uint8Array = new Uint8Array(16);
  /** -1 no `end` seen, 0 the work raised, 1 it returned. */
  endOk: Int8Array = new Int8Array(16);
  mapId: Float64Array = new Float64Array(16);
  mapIdx: Int32Array = new Int32Array(16);
  /** Argument previews; '' until the submit is seen. */
  args: string[] = [];
  /** Result previews of futures that ended with a result. */
  values: (string | undefined)[] = [];
  errors = new Map<number, ErrorInfo>();
  private readonly index = new Map<number, number>();

  /** Dense index of a future id, or -1. */
  indexOf(fid: number): number {
    return this.index.get(fid) ?? -1;
  }

  /** Dense index of a future id, creating an empty row the first time (events of one future may arrive in any order). */
  ensure(fid: number): number {
    const found = this.index.get(fid);
    if (found !== undefined) return found;
    const i = this.count++;
    if (i === this.fid.length) this.grow(i * 2);
    this.index.set(fid, i);
    this.fid[i] = fid;
    this.executor[i] = -1;
    this.fn[i] = -1;
    this.site[i] = -1;
    this.submitTs[i] = NO_TIME;
    this.startTs[i] = NO_TIME;
    this.endTs[i] = NO_TIME;
    this.doneTs[i] = NO_TIME;
    this.submitLane[i] = -1;
    this.runLane[i] = -1;
    this.doneLane[i] = -1;
    this.outcome[i] = OUTCOME.none;
    this.endOk[i] = -1;
    this.mapId[i] = NO_TIME;
    this.mapIdx[i] = -1;
    this.args.push('');
    this.values.push(undefined);
    return i;
  }

  private grow(capacity: number): void {
    this.fid = growF64(this.fid, capacity);
    this.executor = growI32(this.executor, capacity);
    this.fn = growI32(this.fn, capacity);
    this.site = growI32(this.site, capacity);
    this.submitTs = growF64(this.submitTs, capacity);
    this.startTs = growF64(this.startTs, capacity);
    this.endTs = growF64(this.endTs, capacity);
    this.doneTs = growF64(this.doneTs, capacity);
    this.submitLane = growI32(this.submitLane, capacity);
    this.runLane = growI32(this.runLane, capacity);
    this.doneLane = growI32(this.doneLane, capacity);
    const outcome = new Uint8Array(capacity);
    outcome.set(this.outcome);
    this.outcome = outcome;
    const endOk = new Int8Array(capacity);
    endOk.set(this.endOk);
    this.endOk = endOk;
    this.mapId = growF64(this.mapId, capacity);
    this.mapIdx = growI32(this.mapIdx, capacity);
  }
}

function growF64(old: Float64Array, capacity: number): Float64Array {
  const next = new Float64Array(capacity);
  next.set(old);
  return next;
}

function growI32(old: Int32Array, capacity: number): Int32Array {
  const next = new Int32Array(capacity);
  next.set(old);
  return next;
}
