/**
 * Every message between the extension host and the Gantt webview, both directions, as unions keyed
 * on `type`. Pure TypeScript (no DOM, no vscode) so both sides import it; `parse-host.ts` and
 * `parse-webview.ts` check a message on arrival, since postMessage hands over untyped data.
 *
 * Times on the wire are microseconds since `origin` (a reading of the recording's clock, normally
 * `header.ts`), so they stay small; `null` means the event was not seen. Futures travel as columns
 * of numbers with function names interned in a string table: 100k futures cost a few arrays, not
 * 100k objects. The full picture (arguments, errors, tracebacks) stays on the host and is sent for
 * one future at a time as `details`. See README.md in this folder for the sequence.
 */
import type { ExecutorKind, LaneKind } from '../trace/schema.ts';

export const PROTOCOL_VERSION = 1;

/** State of a future, as a code: the `state` column of `append.futures` and `details.state`. */
export const FUTURE_STATE = { pending: 0, running: 1, result: 2, exception: 3, cancelled: 4 } as const;
export type FutureStateCode = (typeof FUTURE_STATE)[keyof typeof FUTURE_STATE];
export const FUTURE_STATE_NAMES = ['pending', 'running', 'result', 'exception', 'cancelled'] as const;
export type FutureStateName = (typeof FUTURE_STATE_NAMES)[number];

/** Blocking operations by code: the `op` columns hold an index into this list. */
export const BLOCK_OPS = ['result', 'exception', 'wait', 'as_completed', 'map'] as const;

export const LANE_KINDS = ['main', 'thread', 'worker-thread', 'process', 'unknown'] as const;
export const EXECUTOR_KINDS = ['python-thread', 'python-process', 'node-event-loop', 'node-worker', 'other'] as const;
export const THEME_KINDS = ['light', 'dark', 'high-contrast', 'high-contrast-light'] as const;
export type ThemeKind = (typeof THEME_KINDS)[number];

/** What a receiver accepts; a sender must stay within them (the host splits big batches into several `append`s). */
export const LIMITS = {
  /** Characters in any one string. */
  maxString: 16_384,
  /** Rows in one column of one message (futures, callbacks, …), and entries of one string table chunk. */
  maxBatch: 65_536,
  /** Rows of lanes, executors or workers in one message. */
  maxRows: 65_536,
  /** Items of a small list: ids a timeout gave up on, frames of a stack, program arguments. */
  maxList: 4_096,
  /** Callbacks, blocks, timeouts, cancels or stacks listed in one `details`. */
  maxDetailItems: 4_096,
} as const;

/** µs since `origin`, or null when unknown. */
export type WireTime = number | null;

export interface HeaderInfo {
  program: string;
  args: string[];
  cwd: string;
  runtime: string;
  runtimeVersion: string;
  pid: number;
  /** Wall-clock ms at `origin`. */
  wallMs: number;
  writer: string;
}

export interface LaneRow {
  /** Dense lane index, 0-based, in order of first appearance; futures refer to lanes by it. */
  idx: number;
  /** `"<pid>:<tid>"`. */
  id: string;
  name: string;
  kind: LaneKind | 'unknown';
}

export interface ExecutorRow {
  idx: number;
  xid: number;
  name: string;
  kind: ExecutorKind;
  maxWorkers: number;
  /** Lane index of its creator, -1 when unknown. */
  lane: number;
  createdTs: WireTime;
  shutdownTs: WireTime;
  brokenTs: WireTime;
  brokenReason: string | null;
}

export interface WorkerRow {
  idx: number;
  executor: number;
  lane: number;
  spawnTs: WireTime;
  exitTs: WireTime;
  crashTs: WireTime;
  exitCode: number | null;
}

/** One row per future touched since the last batch; every array has the same length. */
export interface FutureColumns {
  /** Dense future index (0-based, order of first appearance): what other columns and lists refer to. */
  idx: number[];
  fid: number[];
  /** Executor index, -1 when the submit was not seen. */
  executor: number[];
  /** Function name: index into the string table, -1 when unknown. */
  fn: number[];
  /** Lane that ran it, -1 while not started. */
  lane: number[];
  /** Lane that submitted it, -1 when unknown. */
  caller: number[];
  submitTs: WireTime[];
  startTs: WireTime[];
  /** End of the work, or when it was settled without running (cancelled, worker died); null while open. */
  endTs: WireTime[];
  /** FUTURE_STATE code. */
  state: number[];
  /** Callbacks run for it so far. */
  callbacks: number[];
}

export interface CallbackColumns {
  idx: number[];
  future: number[];
  lane: number[];
  /** String table index, -1 when unknown. */
  fn: number[];
  beginTs: WireTime[];
  endTs: WireTime[];
  /** -1 unknown yet, 0 returned, 1 raised. */
  raised: number[];
}

export interface BlockColumns {
  idx: number[];
  lane: number[];
  /** Index into BLOCK_OPS. */
  op: number[];
  beginTs: WireTime[];
  endTs: WireTime[];
  /** -1 unknown yet, 0 no, 1 the wait ended by its timeout. */
  timedOut: number[];
  /** Futures waited on. */
  count: number[];
}

export interface TimeoutColumns {
  idx: number[];
  lane: number[];
  ts: number[];
  op: number[];
  timeoutMs: number[];
  /** Block index, -1 when unknown. */
  block: number[];
  /** Future indexes still not done when it fired. */
  pending: number[][];
}

export interface CancelColumns {
  idx: number[];
  future: number[];
  lane: number[];
  ts: number[];
  /** 1 when `cancel()` succeeded. */
  ok: number[];
}

export interface MarkColumns {
  idx: number[];
  lane: number[];
  ts: number[];
  /** String table index of the mark's name. */
  name: number[];
}

export interface Site {
  file: string;
  line: number;
  col: number | null;
  fn: string | null;
}

export interface ErrorDetails {
  type: string;
  message: string;
  frames: Site[];
  stack: string | null;
}

/**
 * How the profiled program is doing. `exited.stopped`: the user asked Poolscope to stop it (Stop
 * Profiling, the chart's Stop, closing the window), whatever code or signal it then ended with.
 */
export type ProgramState =
  | { state: 'idle' }
  | { state: 'running' }
  | { state: 'exited'; code: number | null; signal: string | null; stopped: boolean };

// ---- host → webview -------------------------------------------------------------------------

/** Starts over: the webview drops everything it holds and draws this picture. Always the first data message. */
export interface InitMessage {
  type: 'init';
  v: number;
  /** Shown above the chart, e.g. the recording's file name. */
  title: string;
  /** Recording clock reading that wire time 0 stands for; null until the host has seen a timestamp. */
  origin: number | null;
  header: HeaderInfo | null;
  lanes: LaneRow[];
  executors: ExecutorRow[];
  workers: WorkerRow[];
  theme?: ThemeKind;
}

/** What changed since the previous batch. Rows are upserts keyed by `idx`; apply in field order. */
export interface AppendMessage {
  type: 'append';
  /** Sent once, when the origin becomes known after `init` (nothing timed was sent before it). */
  origin?: number;
  header?: HeaderInfo;
  /** New entries of the string table, whose first entry gets index `base`. */
  strings?: { base: number; values: string[] };
  lanes?: LaneRow[];
  executors?: ExecutorRow[];
  workers?: WorkerRow[];
  futures?: FutureColumns;
  callbacks?: CallbackColumns;
  blocks?: BlockColumns;
  timeouts?: TimeoutColumns;
  cancels?: CancelColumns;
  marks?: MarkColumns;
  /** Latest timestamp in the recording so far. */
  lastTs: WireTime;
}

export interface FutureDetails {
  fid: number;
  idx: number;
  fn: string;
  args: string;
  executor: number;
  state: number;
  site: Site | null;
  submitTs: WireTime;
  startTs: WireTime;
  endTs: WireTime;
  doneTs: WireTime;
  caller: number;
  lane: number;
  doneLane: number;
  /** -1 no `end` seen, 0 the work raised, 1 it returned. */
  endOk: number;
  value: string | null;
  error: ErrorDetails | null;
  map: number | null;
  mapIdx: number | null;
  callbacks: {
    cb: number;
    fn: string;
    lane: number;
    beginTs: WireTime;
    endTs: WireTime;
    raised: boolean | null;
    error: ErrorDetails | null;
  }[];
  blocks: {
    op: number;
    lane: number;
    beginTs: WireTime;
    endTs: WireTime;
    timeoutMs: number | null;
    timedOut: boolean | null;
    count: number;
    site: Site | null;
  }[];
  timeouts: { op: number; lane: number; ts: number; timeoutMs: number; pending: number; site: Site | null }[];
  cancels: { ts: number; lane: number; ok: boolean }[];
  crash: { ts: number; lane: number; error: ErrorDetails } | null;
  stacks: { ts: number; lane: number; frames: Site[] }[];
}

/** The answer to `requestDetails`; `details` is null when the host knows no such future. */
export interface DetailsMessage {
  type: 'details';
  fid: number;
  details: FutureDetails | null;
}

export interface StatusMessage {
  type: 'status';
  futures: number;
  queued: number;
  running: number;
  done: number;
  failed: number;
  cancelled: number;
  /**
   * Futures the program left unsettled when it ended (queued or running then). Once the program
   * has exited they are counted here and no longer as queued or running: nothing runs any more.
   */
  unfinished: number;
  /** Events the writers lost (`dropped` events): the picture is incomplete when > 0. */
  dropped: number;
  /** Problems the reader found in the recording. */
  issues: number;
  program: ProgramState;
  /** The host's reading of the recording's clock (µs since origin), so running bars grow between events. */
  now: WireTime;
  /** One line for the user, e.g. why the recording cannot be read; null when all is well. */
  message: string | null;
}

/** The recording was replaced or truncated: drop everything; an `init` follows. */
export interface ResetMessage {
  type: 'reset';
  reason: string;
}

export type HostMessage = InitMessage | AppendMessage | DetailsMessage | StatusMessage | ResetMessage;

// ---- webview → host -------------------------------------------------------------------------

/** The webview is listening: the host answers with `init`, the `append`s of everything so far, and `status`. */
export interface ReadyMessage {
  type: 'ready';
  v: number;
}

export interface OpenSourceMessage {
  type: 'openSource';
  file: string;
  /** 1-based; 0 when unknown. */
  line: number;
  /** 1-based column, null when unknown. */
  col: number | null;
}

export interface SelectMessage {
  type: 'select';
  fid: number | null;
}

export interface RequestDetailsMessage {
  type: 'requestDetails';
  fid: number;
}

/** The user asked to stop the profiled program. */
export interface StopMessage {
  type: 'stop';
}

/** Something went wrong inside the webview; the host logs it. */
export interface WebviewErrorMessage {
  type: 'error';
  message: string;
}

export type WebviewMessage =
  ReadyMessage | OpenSourceMessage | SelectMessage | RequestDetailsMessage | StopMessage | WebviewErrorMessage;

export type Parsed<T> = { ok: true; message: T } | { ok: false; error: string };
