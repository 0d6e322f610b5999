/**
 * `parseHostMessage`: what the webview runs on every message from the host. It rebuilds the message
 * from checked fields only, so nothing the check did not look at reaches the webview.
 */
import {
  array,
  bool,
  col,
  columns,
  fail,
  int,
  list,
  nullable,
  num,
  oneOf,
  ProtocolError,
  record,
  str,
  time,
} from './check.ts';
import {
  BLOCK_OPS,
  EXECUTOR_KINDS,
  FUTURE_STATE_NAMES,
  LANE_KINDS,
  LIMITS,
  THEME_KINDS,
  type AppendMessage,
  type ExecutorRow,
  type HeaderInfo,
  type HostMessage,
  type InitMessage,
  type LaneRow,
  type Parsed,
  type ProgramState,
  type StatusMessage,
  type WorkerRow,
} from './messages.ts';
import { details } from './parse-details.ts';

const MAX_STATE = FUTURE_STATE_NAMES.length - 1;
const MAX_OP = BLOCK_OPS.length - 1;

export function parseHostMessage(data: unknown): Parsed<HostMessage> {
  try {
    return { ok: true, message: hostMessage(data) };
  } catch (error) {
    if (error instanceof ProtocolError) return { ok: false, error: error.message };
    throw error;
  }
}

function hostMessage(data: unknown): HostMessage {
  const type =
    typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as { type?: unknown }).type : data;
  switch (type) {
    case 'init':
      return init(data);
    case 'append':
      return append(data);
    case 'details':
      return details(data);
    case 'status':
      return status(data);
    case 'reset': {
      const m = record(data, 'reset', ['type', 'reason']);
      return { type: 'reset', reason: str(m.reason, 'reset.reason', 1000) };
    }
    default:
      return fail('message.type', 'init, append, details, status or reset', type);
  }
}

function init(data: unknown): InitMessage {
  const m = record(
    data,
    'init',
    ['type', 'v', 'title', 'origin', 'header', 'lanes', 'executors', 'workers'],
    ['theme'],
  );
  const out: InitMessage = {
    type: 'init',
    v: int(m.v, 'init.v', 1),
    title: str(m.title, 'init.title', 1000),
    origin: nullable(m.origin, 'init.origin', num),
    header: nullable(m.header, 'init.header', header),
    lanes: list(m.lanes, 'init.lanes', LIMITS.maxRows, lane),
    executors: list(m.executors, 'init.executors', LIMITS.maxRows, executor),
    workers: list(m.workers, 'init.workers', LIMITS.maxRows, worker),
  };
  if (m.theme !== undefined) out.theme = oneOf(m.theme, 'init.theme', THEME_KINDS);
  return out;
}

const APPEND_OPTIONAL = [
  'origin',
  'header',
  'strings',
  'lanes',
  'executors',
  'workers',
  'futures',
  'callbacks',
  'blocks',
  'timeouts',
  'cancels',
  'marks',
] as const;

function append(data: unknown): AppendMessage {
  const m = record(data, 'append', ['type', 'lastTs'], APPEND_OPTIONAL);
  const out: AppendMessage = { type: 'append', lastTs: time(m.lastTs, 'append.lastTs') };
  if (m.origin !== undefined) out.origin = num(m.origin, 'append.origin');
  if (m.header !== undefined) out.header = header(m.header, 'append.header');
  if (m.strings !== undefined) {
    const s = record(m.strings, 'append.strings', ['base', 'values']);
    out.strings = {
      base: int(s.base, 'append.strings.base', 0),
      values: list(s.values, 'append.strings.values', LIMITS.maxBatch, (v, p) => str(v, p)),
    };
  }
  if (m.lanes !== undefined) out.lanes = list(m.lanes, 'append.lanes', LIMITS.maxRows, lane);
  if (m.executors !== undefined) out.executors = list(m.executors, 'append.executors', LIMITS.maxRows, executor);
  if (m.workers !== undefined) out.workers = list(m.workers, 'append.workers', LIMITS.maxRows, worker);
  if (m.futures !== undefined) {
    out.futures = columns(m.futures, 'append.futures', {
      idx: col.index,
      fid: col.id,
      executor: col.ref,
      fn: col.ref,
      lane: col.ref,
      caller: col.ref,
      submitTs: col.time,
      startTs: col.time,
      endTs: col.time,
      state: col.upTo(MAX_STATE),
      callbacks: col.count,
    });
  }
  if (m.callbacks !== undefined) {
    out.callbacks = columns(m.callbacks, 'append.callbacks', {
      idx: col.index,
      future: col.index,
      lane: col.ref,
      fn: col.ref,
      beginTs: col.time,
      endTs: col.time,
      raised: col.tri,
    });
  }
  if (m.blocks !== undefined) {
    out.blocks = columns(m.blocks, 'append.blocks', {
      idx: col.index,
      lane: col.ref,
      op: col.upTo(MAX_OP),
      beginTs: col.time,
      endTs: col.time,
      timedOut: col.tri,
      count: col.count,
    });
  }
  if (m.timeouts !== undefined) {
    out.timeouts = columns(m.timeouts, 'append.timeouts', {
      idx: col.index,
      lane: col.ref,
      ts: col.ts,
      op: col.upTo(MAX_OP),
      timeoutMs: col.nonNegative,
      block: col.ref,
      pending: (v, p) => list(v, p, LIMITS.maxBatch, (ids, q) => indexList(ids, q)),
    });
  }
  if (m.cancels !== undefined) {
    out.cancels = columns(m.cancels, 'append.cancels', {
      idx: col.index,
      future: col.index,
      lane: col.ref,
      ts: col.ts,
      ok: col.flag,
    });
  }
  if (m.marks !== undefined) {
    out.marks = columns(m.marks, 'append.marks', { idx: col.index, lane: col.ref, ts: col.ts, name: col.ref });
  }
  return out;
}

function indexList(value: unknown, path: string): number[] {
  const items = array(value, path, LIMITS.maxList);
  for (let i = 0; i < items.length; i++) int(items[i], `${path}[${i}]`, 0);
  return items as number[];
}

function header(value: unknown, path: string): HeaderInfo {
  const h = record(value, path, ['program', 'args', 'cwd', 'runtime', 'runtimeVersion', 'pid', 'wallMs', 'writer']);
  return {
    program: str(h.program, `${path}.program`),
    args: list(h.args, `${path}.args`, LIMITS.maxList, (v, p) => str(v, p)),
    cwd: str(h.cwd, `${path}.cwd`),
    runtime: str(h.runtime, `${path}.runtime`, 200),
    runtimeVersion: str(h.runtimeVersion, `${path}.runtimeVersion`, 200),
    pid: int(h.pid, `${path}.pid`, 0),
    wallMs: num(h.wallMs, `${path}.wallMs`, 0),
    writer: str(h.writer, `${path}.writer`, 200),
  };
}

function lane(value: unknown, path: string): LaneRow {
  const l = record(value, path, ['idx', 'id', 'name', 'kind']);
  return {
    idx: int(l.idx, `${path}.idx`, 0),
    id: str(l.id, `${path}.id`, 200),
    name: str(l.name, `${path}.name`, 1000),
    kind: oneOf(l.kind, `${path}.kind`, LANE_KINDS),
  };
}

function executor(value: unknown, path: string): ExecutorRow {
  const x = record(value, path, [
    'idx',
    'xid',
    'name',
    'kind',
    'maxWorkers',
    'lane',
    'createdTs',
    'shutdownTs',
    'brokenTs',
    'brokenReason',
  ]);
  return {
    idx: int(x.idx, `${path}.idx`, 0),
    xid: int(x.xid, `${path}.xid`, 1),
    name: str(x.name, `${path}.name`, 1000),
    kind: oneOf(x.kind, `${path}.kind`, EXECUTOR_KINDS),
    maxWorkers: int(x.maxWorkers, `${path}.maxWorkers`, 0),
    lane: int(x.lane, `${path}.lane`, -1),
    createdTs: time(x.createdTs, `${path}.createdTs`),
    shutdownTs: time(x.shutdownTs, `${path}.shutdownTs`),
    brokenTs: time(x.brokenTs, `${path}.brokenTs`),
    brokenReason: nullable(x.brokenReason, `${path}.brokenReason`, (v, p) => str(v, p)),
  };
}

function worker(value: unknown, path: string): WorkerRow {
  const w = record(value, path, ['idx', 'executor', 'lane', 'spawnTs', 'exitTs', 'crashTs', 'exitCode']);
  return {
    idx: int(w.idx, `${path}.idx`, 0),
    executor: int(w.executor, `${path}.executor`, 0),
    lane: int(w.lane, `${path}.lane`, 0),
    spawnTs: time(w.spawnTs, `${path}.spawnTs`),
    exitTs: time(w.exitTs, `${path}.exitTs`),
    crashTs: time(w.crashTs, `${path}.crashTs`),
    exitCode: nullable(w.exitCode, `${path}.exitCode`, (v, p) => int(v, p, -(2 ** 31))),
  };
}

function status(data: unknown): StatusMessage {
  const counts = [
    'futures',
    'queued',
    'running',
    'done',
    'failed',
    'cancelled',
    'unfinished',
    'dropped',
    'issues',
  ] as const;
  const m = record(data, 'status', ['type', ...counts, 'program', 'now', 'message']);
  const out = { type: 'status' } as StatusMessage;
  for (const name of counts) out[name] = int(m[name], `status.${name}`, 0);
  out.program = program(m.program, 'status.program');
  out.now = time(m.now, 'status.now');
  out.message = nullable(m.message, 'status.message', (v, p) => str(v, p, 1000));
  return out;
}

function program(value: unknown, path: string): ProgramState {
  const state = typeof value === 'object' && value !== null ? (value as { state?: unknown }).state : undefined;
  if (state === 'exited') {
    const p = record(value, path, ['state', 'code', 'signal', 'stopped']);
    return {
      state: 'exited',
      code: nullable(p.code, `${path}.code`, (v, q) => int(v, q, -(2 ** 31))),
      signal: nullable(p.signal, `${path}.signal`, (v, q) => str(v, q, 100)),
      stopped: bool(p.stopped, `${path}.stopped`),
    };
  }
  record(value, path, ['state']);
  return { state: oneOf(state, `${path}.state`, ['idle', 'running'] as const) };
}
