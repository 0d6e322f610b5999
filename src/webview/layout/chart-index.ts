/**
 * Where everything of the store goes on the chart, kept up to date batch by batch: each started
 * future in a track of its (executor, lane) group, each future not started yet in its executor's
 * queue, and per lane its callbacks, blocks, timeouts, cancels and marks sorted by time. Rows are
 * derived from this in rows.ts; `structure` counts the changes that add rows.
 */
import type { ChartStore, StoreChange } from '../data/store.ts';
import { Packing } from './packing.ts';
import { SortedIds } from './sorted-ids.ts';

export interface RunGroup {
  kind: 'run';
  id: number;
  executor: number;
  lane: number;
  packing: Packing;
}

export interface QueueGroup {
  kind: 'queue';
  id: number;
  executor: number;
  ids: SortedIds;
}

export type Group = RunGroup | QueueGroup;

/** What one lane shows besides the futures it ran. */
export class LaneEvents {
  readonly callbacks = new SortedIds();
  /** Longest callback, to widen window queries. */
  callbackMaxLen = 0;
  readonly blocks: Packing;
  readonly timeouts = new SortedIds();
  readonly cancels = new SortedIds();
  readonly marks = new SortedIds();

  constructor(blockEnd: (id: number) => number) {
    this.blocks = new Packing(blockEnd);
  }
}

const firstKnown = (a: number, b: number) => (Number.isNaN(a) ? b : a);

export class ChartIndex {
  readonly groups: Group[] = [];
  readonly laneEvents = new Map<number, LaneEvents>();
  /** Lanes that submitted, waited, cancelled or marked something: each gets a row under "Threads". */
  readonly callerLanes = new Set<number>();
  /** Bumped whenever rows may have been added. */
  structure = 0;
  private readonly groupByKey = new Map<string, number>();
  private futureGroup = new Int32Array(0);
  private futureTrack = new Int32Array(0);
  private futureKey = new Float64Array(0);
  private callbackKey = new Float64Array(0);
  private blockTrack = new Int32Array(0);
  private blockKey = new Float64Array(0);
  private blockLane = new Int32Array(0);
  private readonly placed = { timeouts: new Set<number>(), cancels: new Set<number>(), marks: new Set<number>() };
  private readonly store: ChartStore;

  constructor(store: ChartStore) {
    this.store = store;
  }

  /** Group and track of a future, or undefined while it has no place. */
  placeOf(future: number): { group: Group; track: number } | undefined {
    const g = future < this.futureGroup.length ? this.futureGroup[future]! : -1;
    return g < 0 ? undefined : { group: this.groups[g]!, track: this.futureTrack[future]! };
  }

  update(change: StoreChange): void {
    if (change.reset) return this.rebuild();
    if (change.structure) this.structure++;
    for (const i of this.byKey(change.futures)) this.placeFuture(i);
    for (const i of change.callbacks) this.placeCallback(i);
    for (const i of change.blocks) this.placeBlock(i);
    for (const i of change.timeouts) this.placeOnce('timeouts', i, this.store.timeouts[i]?.lane ?? -1, NaN);
    const cancels = this.store.cancels.cols;
    for (const i of change.cancels) this.placeOnce('cancels', i, cancels.lane[i]!, cancels.ts[i]!);
    const marks = this.store.marks.cols;
    for (const i of change.marks) this.placeOnce('marks', i, marks.lane[i]!, marks.ts[i]!);
  }

  /**
   * A batch's futures in start order. First fit packs optimally (as few tracks as the most spans
   * at once) only when spans come sorted; a lane's own events do, but a snapshot lists futures
   * in submit order.
   */
  private byKey(futures: readonly number[]): readonly number[] {
    const c = this.store.futures.cols;
    const keyOf = (i: number) => {
      const key = c.lane[i]! >= 0 ? firstKnown(c.startTs[i]!, c.endTs[i]!) : firstKnown(c.submitTs[i]!, c.endTs[i]!);
      return Number.isNaN(key) ? Infinity : key;
    };
    let sorted = true;
    for (let k = 1; k < futures.length && sorted; k++) sorted = keyOf(futures[k - 1]!) <= keyOf(futures[k]!);
    if (sorted) return futures;
    const keys = new Float64Array(futures.length);
    futures.forEach((i, k) => (keys[k] = keyOf(i)));
    const order = Array.from(futures.keys()).sort((a, b) => keys[a]! - keys[b]! || a - b);
    return order.map((k) => futures[k]!);
  }

  /** Starts over from the whole store. */
  rebuild(): void {
    this.groups.length = 0;
    this.groupByKey.clear();
    this.laneEvents.clear();
    this.callerLanes.clear();
    for (const set of Object.values(this.placed)) set.clear();
    this.futureGroup = new Int32Array(0);
    this.callbackKey = new Float64Array(0);
    this.blockTrack = new Int32Array(0);
    this.blockKey = new Float64Array(0);
    this.blockLane = new Int32Array(0);
    this.structure++;
    const s = this.store;
    const all = (n: number) => Array.from({ length: n }, (_, i) => i);
    this.update({
      reset: false,
      structure: true,
      futures: all(s.futures.count),
      callbacks: all(s.callbacks.count),
      blocks: all(s.blocks.count),
      timeouts: all(s.timeouts.length),
      cancels: all(s.cancels.count),
      marks: all(s.marks.count),
    });
  }

  events(lane: number): LaneEvents {
    let events = this.laneEvents.get(lane);
    if (!events) {
      // Read the column on every call: the store replaces its arrays when they grow.
      const blocks = this.store.blocks.cols;
      events = new LaneEvents((id) => blocks.endTs[id]!);
      this.laneEvents.set(lane, events);
      this.structure++;
    }
    return events;
  }

  private group(executor: number, lane: number): Group {
    const key = `${executor}:${lane}`;
    const found = this.groupByKey.get(key);
    if (found !== undefined) return this.groups[found]!;
    const id = this.groups.length;
    const futures = this.store.futures.cols;
    const group: Group =
      lane < 0
        ? { kind: 'queue', id, executor, ids: new SortedIds() }
        : { kind: 'run', id, executor, lane, packing: new Packing((f) => futures.endTs[f]!) };
    this.groups.push(group);
    this.groupByKey.set(key, id);
    this.structure++;
    return group;
  }

  private placeFuture(i: number): void {
    const c = this.store.futures.cols;
    this.growFutures(i + 1);
    const caller = c.caller[i]!;
    if (caller >= 0 && !this.callerLanes.has(caller)) {
      this.callerLanes.add(caller);
      this.structure++;
    }
    const lane = c.lane[i]!;
    const submit = c.submitTs[i]!;
    const start = c.startTs[i]!;
    const end = c.endTs[i]!;
    const key = lane >= 0 ? firstKnown(start, end) : firstKnown(submit, end);
    const current = this.futureGroup[i]!;
    const lead = Number.isNaN(submit) || Number.isNaN(start) ? 0 : start - submit;
    const target = Number.isNaN(key) ? undefined : this.group(c.executor[i]!, lane);
    if (target && target.id === current && this.futureKey[i] === key) {
      if (target.kind === 'run') target.packing.lead(this.futureTrack[i]!, lead);
      return;
    }
    if (current >= 0) {
      const old = this.groups[current]!;
      if (old.kind === 'run') old.packing.remove(this.futureTrack[i]!, i, this.futureKey[i]!);
      else old.ids.remove(i, this.futureKey[i]!);
    }
    this.futureGroup[i] = -1;
    if (!target) return;
    this.futureGroup[i] = target.id;
    this.futureKey[i] = key;
    if (target.kind === 'queue') {
      target.ids.insert(i, key);
      this.futureTrack[i] = 0;
      return;
    }
    const tracks = target.packing.tracks.length;
    this.futureTrack[i] = target.packing.insert(i, key, lead);
    if (target.packing.tracks.length !== tracks) this.structure++;
  }

  private placeCallback(i: number): void {
    const c = this.store.callbacks.cols;
    if (i >= this.callbackKey.length) this.callbackKey = grow(this.callbackKey, i + 1, NaN);
    const lane = c.lane[i]!;
    if (lane < 0) return;
    const events = this.events(lane);
    const key = firstKnown(c.beginTs[i]!, c.endTs[i]!);
    const old = this.callbackKey[i]!;
    if (old === key) return;
    if (!Number.isNaN(old)) events.callbacks.remove(i, old);
    this.callbackKey[i] = key;
    if (Number.isNaN(key)) return;
    events.callbacks.insert(i, key);
    const len = c.endTs[i]! - c.beginTs[i]!;
    if (len > events.callbackMaxLen) events.callbackMaxLen = len;
  }

  private placeBlock(i: number): void {
    const c = this.store.blocks.cols;
    if (i >= this.blockTrack.length) {
      this.blockTrack = growInt(this.blockTrack, i + 1, -1);
      this.blockKey = grow(this.blockKey, i + 1, NaN);
      this.blockLane = growInt(this.blockLane, i + 1, -1);
    }
    const lane = c.lane[i]!;
    if (lane < 0) return;
    this.caller(lane);
    const key = firstKnown(c.beginTs[i]!, c.endTs[i]!);
    const track = this.blockTrack[i]!;
    if (track >= 0 && this.blockKey[i] === key && this.blockLane[i] === lane) return;
    if (track >= 0) this.events(this.blockLane[i]!).blocks.remove(track, i, this.blockKey[i]!);
    this.blockTrack[i] = -1;
    if (Number.isNaN(key)) return;
    this.blockTrack[i] = this.events(lane).blocks.insert(i, key);
    this.blockKey[i] = key;
    this.blockLane[i] = lane;
  }

  private placeOnce(kind: 'timeouts' | 'cancels' | 'marks', i: number, lane: number, ts: number): void {
    const time = kind === 'timeouts' ? (this.store.timeouts[i]?.ts ?? NaN) : ts;
    if (lane < 0 || Number.isNaN(time) || this.placed[kind].has(i)) return;
    this.placed[kind].add(i);
    // A mark is drawn on whatever row its lane has; waiting and cancelling make a lane a caller.
    if (kind !== 'marks') this.caller(lane);
    this.events(lane)[kind].insert(i, time);
  }

  private caller(lane: number): void {
    if (this.callerLanes.has(lane)) return;
    this.callerLanes.add(lane);
    this.structure++;
  }

  private growFutures(n: number): void {
    if (n <= this.futureGroup.length) return;
    const size = Math.max(n, this.futureGroup.length * 2, 64);
    this.futureGroup = growInt(this.futureGroup, size, -1);
    this.futureTrack = growInt(this.futureTrack, size, -1);
    this.futureKey = grow(this.futureKey, size, NaN);
  }
}

function grow(old: Float64Array, n: number, fill: number) {
  const next = new Float64Array(Math.max(n, old.length * 2, 64)).fill(fill);
  next.set(old);
  return next;
}

function growInt(old: Int32Array, n: number, fill: number) {
  const next = new Int32Array(Math.max(n, old.length * 2, 64)).fill(fill);
  next.set(old);
  return next;
}
