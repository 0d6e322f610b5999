/**
 * The host's half of the protocol in one object. It is the RecordSink a follower feeds (it folds
 * records into a ModelBuilder and notes what each one touched), and it answers with the messages to
 * post: `snapshot()` after the webview's `ready`, `flush()` on a timer, `details()` on request,
 * `status()` whenever the program's state or the counts change, `reset()` when the file restarts.
 * Pure: no vscode, no file system, so it is tested with plain records.
 */
import { ModelBuilder } from '../trace/model-builder.ts';
import type { TraceModel } from '../trace/model.ts';
import type { Header, TraceEvent } from '../trace/schema.ts';
import type { RecordSink } from '../trace/reader.ts';
import { buildAppends, StringTable } from './build-append.ts';
import { DirtySet, rowsToSend } from './dirty-set.ts';
import { futureDetails } from './encode-details.ts';
import { clip, executorRow, headerInfo, laneRow, stateOf, wireClock, workerRow, type ToWire } from './encode-rows.ts';
import {
  FUTURE_STATE,
  PROTOCOL_VERSION,
  type AppendMessage,
  type DetailsMessage,
  type HostMessage,
  type InitMessage,
  type ProgramState,
  type ResetMessage,
  type StatusMessage,
  type ThemeKind,
} from './messages.ts';

export interface ModelSyncOptions {
  /** Shown above the chart, e.g. the recording's file name. */
  title?: string;
  /** Rows per column in one `append` (default LIMITS.maxBatch); smaller in tests. */
  maxBatch?: number;
}

interface Sent {
  lanes: number;
  executors: number;
  workers: number;
  futures: number;
  callbacks: number;
  blocks: number;
  timeouts: number;
  cancels: number;
  marks: number;
}

const NOTHING_SENT: Sent = {
  lanes: 0,
  executors: 0,
  workers: 0,
  futures: 0,
  callbacks: 0,
  blocks: 0,
  timeouts: 0,
  cancels: 0,
  marks: 0,
};

export class ModelSync implements RecordSink {
  private builder = new ModelBuilder();
  private readonly title: string;
  private readonly maxBatch: number | undefined;
  private origin: number | null = null;
  private originSent = false;
  private headerDirty = false;
  private sent: Sent = { ...NOTHING_SENT };
  private strings = new StringTable();
  private readonly dirty = {
    lanes: new DirtySet(),
    executors: new DirtySet(),
    workers: new DirtySet(),
    futures: new DirtySet(),
    callbacks: new DirtySet(),
    blocks: new DirtySet(),
  };
  private blockOfBid = new Map<number, number>();
  private sentLastTs = NaN;
  private issueCount = 0;

  constructor(options: ModelSyncOptions = {}) {
    this.title = options.title ?? '';
    this.maxBatch = options.maxBatch;
  }

  get model(): TraceModel {
    return this.builder.model;
  }

  /** Problems the reader reported (counted for `status`). */
  get issues(): number {
    return this.issueCount;
  }

  header(header: Header): void {
    this.builder.header(header);
    this.headerDirty = true;
  }

  event(e: TraceEvent): void {
    const m = this.builder.model;
    const blocksBefore = m.blocks.length;
    this.builder.event(e);
    const d = this.dirty;
    switch (e.e) {
      case 'lane':
        d.lanes.add(m.laneIndex.get(e.lane)!);
        break;
      case 'executor':
      case 'shutdown-begin':
      case 'shutdown-end':
      case 'broken':
        d.executors.add(m.executorIndex.get(e.xid)!);
        break;
      case 'submit':
      case 'start':
      case 'end':
      case 'done':
      case 'cancel':
        d.futures.add(m.futures.indexOf(e.fid));
        break;
      case 'cb-begin':
      case 'cb-end': {
        const i = m.futures.indexOf(e.fid);
        d.futures.add(i);
        for (const c of m.callbacksByFuture.get(i) ?? []) d.callbacks.add(c);
        break;
      }
      case 'block-begin':
      case 'block-end':
        this.touchBlock(e.bid, blocksBefore);
        break;
      case 'timeout':
        if (e.bid !== undefined) this.touchBlock(e.bid, blocksBefore);
        break;
      case 'worker-spawn':
      case 'worker-exit':
      case 'worker-crash': {
        const lane = m.laneIndex.get(e.lane)!;
        for (let w = m.workers.length - 1; w >= 0; w--) {
          if (m.workers[w]!.lane === lane) {
            d.workers.add(w);
            break;
          }
        }
        break;
      }
      default:
        break;
    }
  }

  issue(): void {
    this.issueCount++;
  }

  /** Forgets everything (the recording was truncated or replaced); post the message, then feed the new records. */
  reset(reason: string): ResetMessage {
    this.builder = new ModelBuilder();
    this.origin = null;
    this.originSent = false;
    this.headerDirty = false;
    this.sent = { ...NOTHING_SENT };
    this.strings = new StringTable();
    for (const set of Object.values(this.dirty)) set.clear();
    this.blockOfBid = new Map();
    this.sentLastTs = NaN;
    this.issueCount = 0;
    return { type: 'reset', reason: clip(reason, 1000) };
  }

  /** Everything so far: `init` then the `append`s of all data. Post them after each `ready`. */
  snapshot(theme?: ThemeKind): HostMessage[] {
    const m = this.builder.model;
    this.fixOrigin();
    const wire = this.wire();
    const init: InitMessage = {
      type: 'init',
      v: PROTOCOL_VERSION,
      title: clip(this.title, 1000),
      origin: this.origin,
      header: m.header ? headerInfo(m.header) : null,
      lanes: m.lanes.map((l, i) => laneRow(l, i)),
      executors: m.executors.map((x, i) => executorRow(x, i, wire)),
      workers: m.workers.map((w, i) => workerRow(w, i, wire)),
    };
    if (theme) init.theme = theme;
    this.originSent = this.origin !== null;
    this.headerDirty = false;
    for (const set of Object.values(this.dirty)) set.clear();
    this.sent = { ...NOTHING_SENT, lanes: m.lanes.length, executors: m.executors.length, workers: m.workers.length };
    this.strings.sent = 0;
    // An empty model needs no append: `init` said it all.
    return [init, ...this.batch().filter((a) => Object.keys(a).length > 2 || a.lastTs !== null)];
  }

  /** What changed since the last snapshot or flush, as `append`s; none when nothing did. */
  flush(): AppendMessage[] {
    const m = this.builder.model;
    const lastTsBefore = this.sentLastTs;
    const appends = this.batch();
    const changed = appends.length > 1 || Object.keys(appends[0]!).length > 2 || !Object.is(m.lastTs, lastTsBefore);
    return changed ? appends : [];
  }

  /**
   * Counts and the program's state. `now` is the host's reading of the recording's clock in µs
   * (`process.hrtime.bigint() / 1000n` on the machine that runs the program), so running bars grow
   * between events; leave it out when viewing a finished recording.
   */
  status(program?: ProgramState, options: { now?: number; message?: string | null } = {}): StatusMessage {
    const m = this.builder.model;
    const f = m.futures;
    const counts = [0, 0, 0, 0, 0];
    for (let i = 0; i < f.count; i++) counts[stateOf(f, i)]!++;
    const exit = m.exit;
    // The recording says how the program ended, not who asked it to: `stopped` comes from the session.
    const state: ProgramState =
      program ??
      (exit ? { state: 'exited', code: exit.code, signal: exit.signal ?? null, stopped: false } : { state: 'idle' });
    this.fixOrigin();
    const queued = counts[FUTURE_STATE.pending]!;
    const running = counts[FUTURE_STATE.running]!;
    // After the end nothing is queued or running any more: what was is unfinished.
    const ended = state.state === 'exited';
    return {
      type: 'status',
      futures: f.count,
      queued: ended ? 0 : queued,
      running: ended ? 0 : running,
      done: counts[FUTURE_STATE.result]!,
      failed: counts[FUTURE_STATE.exception]!,
      cancelled: counts[FUTURE_STATE.cancelled]!,
      unfinished: ended ? queued + running : 0,
      dropped: m.droppedCount(),
      issues: this.issueCount,
      program: state,
      now: options.now === undefined || !this.originSent ? null : this.wire()(options.now),
      message: options.message == null ? null : clip(options.message, 1000),
    };
  }

  /** The answer to `requestDetails`. */
  details(fid: number): DetailsMessage {
    return { type: 'details', fid, details: futureDetails(this.builder.model, fid, this.wire()) };
  }

  private batch(): AppendMessage[] {
    const m = this.builder.model;
    const d = this.dirty;
    const s = this.sent;
    this.fixOrigin();
    const head: { origin?: number; header?: ReturnType<typeof headerInfo> } = {};
    if (!this.originSent && this.origin !== null) {
      head.origin = this.origin;
      this.originSent = true;
    }
    if (this.headerDirty && m.header) head.header = headerInfo(m.header);
    this.headerDirty = false;
    const rows = {
      lanes: rowsToSend(d.lanes, s.lanes, m.lanes.length),
      executors: rowsToSend(d.executors, s.executors, m.executors.length),
      workers: rowsToSend(d.workers, s.workers, m.workers.length),
      futures: rowsToSend(d.futures, s.futures, m.futures.count),
      callbacks: rowsToSend(d.callbacks, s.callbacks, m.callbacks.length),
      blocks: rowsToSend(d.blocks, s.blocks, m.blocks.length),
      timeouts: range(s.timeouts, m.timeouts.length),
      cancels: range(s.cancels, m.cancels.length),
      marks: range(s.marks, m.marks.length),
    };
    this.sent = {
      lanes: m.lanes.length,
      executors: m.executors.length,
      workers: m.workers.length,
      futures: m.futures.count,
      callbacks: m.callbacks.length,
      blocks: m.blocks.length,
      timeouts: m.timeouts.length,
      cancels: m.cancels.length,
      marks: m.marks.length,
    };
    this.sentLastTs = m.lastTs;
    return buildAppends(m, rows, this.wire(), this.strings, head, this.maxBatch);
  }

  /** Wire time 0 is the header's `ts`, or the first timestamp seen when there is no header; fixed once known. */
  private fixOrigin(): void {
    if (this.origin !== null) return;
    const m = this.builder.model;
    const origin = m.header ? m.header.ts : m.firstTs;
    if (Number.isFinite(origin)) this.origin = origin;
  }

  private wire(): ToWire {
    return wireClock(this.origin);
  }

  private touchBlock(bid: number, blocksBefore: number): void {
    const blocks = this.builder.model.blocks;
    if (blocks.length > blocksBefore) this.blockOfBid.set(bid, blocks.length - 1);
    const i = this.blockOfBid.get(bid);
    if (i !== undefined) this.dirty.blocks.add(i);
  }
}

function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) out.push(i);
  return out;
}
