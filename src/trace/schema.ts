/**
 * The Poolscope trace format, version 1: the contract every writer (Node executor library,
 * Python tracer) and every reader (CLI, extension, webview) shares.
 *
 * A recording is UTF-8 text, one JSON object per line (NDJSON), append-only. The first line is a
 * `header`; every other line is an event. Lines from several threads and processes may interleave,
 * so readers must not assume `ts` is sorted. `src/trace/README.md` documents every field; the drift
 * test (`test/unit/trace/drift.test.ts`) fails when this file, that document and the golden
 * recordings disagree.
 */

export const FORMAT_VERSION = 1;

/** Monotonic timestamp in integer microseconds of CLOCK_MONOTONIC (shared by every thread and process of a machine). */
export type Micros = number;

/** `"<pid>:<tid>"` — the thread a thing happened on. `tid` is Node's `threadId` or Python's `threading.get_native_id()`. */
export type LaneId = string;

/** Where in the user's code something was called. Paths are absolute file paths when known. */
export interface CallSite {
  file: string;
  line: number;
  col?: number;
  fn?: string;
}

export interface ErrorInfo {
  /** Class name, e.g. `ValueError`, `TypeError`, `BrokenExecutorError`. */
  type: string;
  message: string;
  /** Innermost frame last (Python order). Frames from Poolscope and the runtime's internals may be omitted. */
  frames?: CallSite[];
  /** The runtime's own rendering of the stack or traceback, truncated. */
  stack?: string;
}

export type ExecutorKind = 'python-thread' | 'python-process' | 'node-event-loop' | 'node-worker' | 'other';

export type LaneKind = 'main' | 'thread' | 'worker-thread' | 'process';

export type BlockingOp = 'result' | 'exception' | 'wait' | 'as_completed' | 'map';

export type Outcome = 'result' | 'exception' | 'cancelled';

export interface Header {
  e: 'header';
  /** Format version; readers refuse versions they do not know. */
  v: number;
  ts: Micros;
  /** Wall-clock time (ms since the Unix epoch) at the moment `ts` was taken, to place the recording in real time. */
  wallMs: number;
  /** The clock behind every `ts`. */
  clock: 'CLOCK_MONOTONIC';
  /** Unit of every `ts` and duration: always `us`. */
  unit: 'us';
  /** `node` or `python`. */
  runtime: string;
  runtimeVersion: string;
  /** The program as the user named it (script path or module) and its arguments. */
  program: string;
  args: string[];
  /** Working directory of the program. */
  cwd: string;
  /** Pid of the root process of the recording. */
  pid: number;
  /** Name and version of the writer, e.g. `poolscope-node/0.1.0`. */
  writer: string;
}

interface Base {
  ts: Micros;
}

/** A thread or process seen for the first time; later events name it by `lane`. */
export interface LaneEvent extends Base {
  e: 'lane';
  lane: LaneId;
  pid: number;
  tid: number;
  name: string;
  kind: LaneKind;
}

export interface ExecutorEvent extends Base {
  e: 'executor';
  /** Executor id, unique in the recording (see README: ids). */
  xid: number;
  kind: ExecutorKind;
  maxWorkers: number;
  name: string;
  lane: LaneId;
  site?: CallSite;
}

export interface SubmitEvent extends Base {
  e: 'submit';
  /** Future id, unique in the recording. */
  fid: number;
  xid: number;
  /** The function's name (qualified where the runtime knows it). */
  fn: string;
  /** Short, safe preview of the arguments (at most 200 characters). */
  args: string;
  /** Caller's lane. */
  lane: LaneId;
  site?: CallSite;
  /** Set when the future is one item of a `map` call: the map call's id and the index of the item. */
  map?: number;
  /** Index of the item within its `map` call. */
  idx?: number;
}

/** The work began, observed on the lane that runs it. */
export interface StartEvent extends Base {
  e: 'start';
  fid: number;
  lane: LaneId;
}

/** The work ended, observed on the lane that ran it. */
export interface EndEvent extends Base {
  e: 'end';
  fid: number;
  lane: LaneId;
  /** False when the work raised. */
  ok: boolean;
}

/** The future reached a terminal state. */
export interface DoneEvent extends Base {
  e: 'done';
  fid: number;
  /** Lane that set the outcome. */
  lane: LaneId;
  outcome: Outcome;
  /** Preview of the result when `outcome` is `result`. */
  value?: string;
  /** The exception when `outcome` is `exception`. */
  error?: ErrorInfo;
}

export interface CallbackBeginEvent extends Base {
  e: 'cb-begin';
  fid: number;
  /** Index of the callback among those added to the future. */
  cb: number;
  fn: string;
  lane: LaneId;
}

export interface CallbackEndEvent extends Base {
  e: 'cb-end';
  fid: number;
  cb: number;
  lane: LaneId;
  /** True when the callback threw; `error` says what. */
  raised: boolean;
  error?: ErrorInfo;
}

/** The caller began to wait. Paired with `block-end` of the same `bid`. */
export interface BlockBeginEvent extends Base {
  e: 'block-begin';
  /** Block id, unique in the recording. */
  bid: number;
  op: BlockingOp;
  /** Futures waited on (for `map`, the item being waited for). */
  fids: number[];
  /** Timeout in milliseconds, absent when none. */
  timeoutMs?: number;
  lane: LaneId;
  site?: CallSite;
}

export interface BlockEndEvent extends Base {
  e: 'block-end';
  bid: number;
  lane: LaneId;
  /** True when the wait ended because its timeout fired (a `timeout` event follows). */
  timedOut: boolean;
}

/** A timeout fired at the caller. The work is not cancelled by it. */
export interface TimeoutEvent extends Base {
  e: 'timeout';
  op: BlockingOp;
  timeoutMs: number;
  /** Futures still not done when it fired. */
  pending: number[];
  lane: LaneId;
  /** The block it ended, when known. */
  bid?: number;
  site?: CallSite;
}

export interface CancelEvent extends Base {
  e: 'cancel';
  fid: number;
  /** The answer of `cancel()`: true only when the future was pending (or already cancelled). */
  ok: boolean;
  lane: LaneId;
}

export interface ShutdownBeginEvent extends Base {
  e: 'shutdown-begin';
  xid: number;
  wait: boolean;
  cancelFutures: boolean;
  lane: LaneId;
}

export interface ShutdownEndEvent extends Base {
  e: 'shutdown-end';
  xid: number;
  lane: LaneId;
}

export interface WorkerSpawnEvent extends Base {
  e: 'worker-spawn';
  xid: number;
  /** The worker's lane. */
  lane: LaneId;
}

export interface WorkerExitEvent extends Base {
  e: 'worker-exit';
  xid: number;
  lane: LaneId;
  code: number | null;
}

export interface WorkerCrashEvent extends Base {
  e: 'worker-crash';
  xid: number;
  lane: LaneId;
  /** Futures that were running on the worker when it died. */
  fids: number[];
  error: ErrorInfo;
}

/** The executor is broken (like Python's BrokenProcessPool): its pending and running futures fail. */
export interface BrokenEvent extends Base {
  e: 'broken';
  xid: number;
  reason: string;
}

/** Asks a viewer to show the stack of a lane, e.g. the worker of a stuck future. */
export interface StackEvent extends Base {
  e: 'stack';
  lane: LaneId;
  fid?: number;
  /** Outermost first, innermost last. */
  frames: CallSite[];
}

/** A user mark: something the program wanted on the timeline. */
export interface MarkEvent extends Base {
  e: 'mark';
  name: string;
  lane: LaneId;
  data?: string;
}

/** The writer lost events (a buffer was full). A viewer must say the picture is incomplete. */
export interface DroppedEvent extends Base {
  e: 'dropped';
  /** Events lost since the previous `dropped` event of the same lane. */
  count: number;
  lane: LaneId;
}

/** The root program ended. */
export interface ExitEvent extends Base {
  e: 'exit';
  pid: number;
  /** Exit code, or null when ended by a signal. */
  code: number | null;
  signal?: string;
}

export type TraceEvent =
  | LaneEvent
  | ExecutorEvent
  | SubmitEvent
  | StartEvent
  | EndEvent
  | DoneEvent
  | CallbackBeginEvent
  | CallbackEndEvent
  | BlockBeginEvent
  | BlockEndEvent
  | TimeoutEvent
  | CancelEvent
  | ShutdownBeginEvent
  | ShutdownEndEvent
  | WorkerSpawnEvent
  | WorkerExitEvent
  | WorkerCrashEvent
  | BrokenEvent
  | StackEvent
  | MarkEvent
  | DroppedEvent
  | ExitEvent;

export type EventType = TraceEvent['e'];

export type Record_ = Header | TraceEvent;

/** Environment variable that turns recording on: the path of the file to append to. */
export const ENV_TRACE_FILE = 'POOLSCOPE_TRACE';

/**
 * Environment variable holding the pid of the recording's root process. A process whose pid differs
 * from it allocates its ids (fid, xid, bid, map) from `pid * ID_PID_STRIDE + 1`, so ids of several
 * processes writing one recording never collide.
 */
export const ENV_TRACE_ROOT_PID = 'POOLSCOPE_TRACE_ROOT_PID';

/** Ids a process may allocate before running into the next process's range (2^24). */
export const ID_PID_STRIDE = 2 ** 24;

/** The first id a process allocates: 1 in the root process (or when the root is unknown), `pid * 2^24 + 1` elsewhere. */
export function firstIdOf(pid: number, rootPid: number | undefined): number {
  return rootPid === undefined || pid === rootPid ? 1 : pid * ID_PID_STRIDE + 1;
}
