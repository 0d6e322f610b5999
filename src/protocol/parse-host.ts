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
  type DetailsMessage,
  type ErrorDetails,
  type ExecutorRow,
  type FutureDetails,
  type HeaderInfo,
  type HostMessage,
  type InitMessage,
  type LaneRow,
  type Parsed,
  type ProgramState,
  type Site,
  type StatusMessage,
  type WorkerRow,
} from './messages.ts';

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
  const counts = ['futures', 'queued', 'running', 'done', 'failed', 'cancelled', 'dropped', 'issues'] as const;
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
    const p = record(value, path, ['state', 'code', 'signal']);
    return {
      state: 'exited',
      code: nullable(p.code, `${path}.code`, (v, q) => int(v, q, -(2 ** 31))),
      signal: nullable(p.signal, `${path}.signal`, (v, q) => str(v, q, 100)),
    };
  }
  record(value, path, ['state']);
  return { state: oneOf(state, `${path}.state`, ['idle', 'running'] as const) };
}

export function site(value: unknown, path: string): Site {
  const s = record(value, path, ['file', 'line', 'col', 'fn']);
  return {
    file: str(s.file, `${path}.file`, 4096),
    line: int(s.line, `${path}.line`, 0),
    col: nullable(s.col, `${path}.col`, (v, p) => int(v, p, 0)),
    fn: nullable(s.fn, `${path}.fn`, (v, p) => str(v, p, 1000)),
  };
}

function error(value: unknown, path: string): ErrorDetails {
  const e = record(value, path, ['type', 'message', 'frames', 'stack']);
  return {
    type: str(e.type, `${path}.type`, 1000),
    message: str(e.message, `${path}.message`),
    frames: list(e.frames, `${path}.frames`, 256, site),
    stack: nullable(e.stack, `${path}.stack`, (v, p) => str(v, p)),
  };
}

const DETAIL_FIELDS = [
  'fid',
  'idx',
  'fn',
  'args',
  'executor',
  'state',
  'site',
  'submitTs',
  'startTs',
  'endTs',
  'doneTs',
  'caller',
  'lane',
  'doneLane',
  'endOk',
  'value',
  'error',
  'map',
  'mapIdx',
  'callbacks',
  'blocks',
  'timeouts',
  'cancels',
  'crash',
  'stacks',
];

function details(data: unknown): DetailsMessage {
  const m = record(data, 'details', ['type', 'fid', 'details']);
  return {
    type: 'details',
    fid: int(m.fid, 'details.fid', 1),
    details: nullable(m.details, 'details.details', future),
  };
}

function future(value: unknown, path: string): FutureDetails {
  const d = record(value, path, DETAIL_FIELDS);
  const p = (name: string) => `${path}.${name}`;
  const max = LIMITS.maxDetailItems;
  return {
    fid: int(d.fid, p('fid'), 1),
    idx: int(d.idx, p('idx'), 0),
    fn: str(d.fn, p('fn')),
    args: str(d.args, p('args')),
    executor: int(d.executor, p('executor'), -1),
    state: int(d.state, p('state'), 0, MAX_STATE),
    site: nullable(d.site, p('site'), site),
    submitTs: time(d.submitTs, p('submitTs')),
    startTs: time(d.startTs, p('startTs')),
    endTs: time(d.endTs, p('endTs')),
    doneTs: time(d.doneTs, p('doneTs')),
    caller: int(d.caller, p('caller'), -1),
    lane: int(d.lane, p('lane'), -1),
    doneLane: int(d.doneLane, p('doneLane'), -1),
    endOk: int(d.endOk, p('endOk'), -1, 1),
    value: nullable(d.value, p('value'), (v, q) => str(v, q)),
    error: nullable(d.error, p('error'), error),
    map: nullable(d.map, p('map'), (v, q) => int(v, q, 0)),
    mapIdx: nullable(d.mapIdx, p('mapIdx'), (v, q) => int(v, q, 0)),
    callbacks: list(d.callbacks, p('callbacks'), max, (v, q) => {
      const c = record(v, q, ['cb', 'fn', 'lane', 'beginTs', 'endTs', 'raised', 'error']);
      return {
        cb: int(c.cb, `${q}.cb`, 0),
        fn: str(c.fn, `${q}.fn`),
        lane: int(c.lane, `${q}.lane`, -1),
        beginTs: time(c.beginTs, `${q}.beginTs`),
        endTs: time(c.endTs, `${q}.endTs`),
        raised: nullable(c.raised, `${q}.raised`, bool),
        error: nullable(c.error, `${q}.error`, error),
      };
    }),
    blocks: list(d.blocks, p('blocks'), max, (v, q) => {
      const b = record(v, q, ['op', 'lane', 'beginTs', 'endTs', 'timeoutMs', 'timedOut', 'count', 'site']);
      return {
        op: int(b.op, `${q}.op`, 0, MAX_OP),
        lane: int(b.lane, `${q}.lane`, -1),
        beginTs: time(b.beginTs, `${q}.beginTs`),
        endTs: time(b.endTs, `${q}.endTs`),
        timeoutMs: nullable(b.timeoutMs, `${q}.timeoutMs`, (x, r) => num(x, r, 0)),
        timedOut: nullable(b.timedOut, `${q}.timedOut`, bool),
        count: int(b.count, `${q}.count`, 0),
        site: nullable(b.site, `${q}.site`, site),
      };
    }),
    timeouts: list(d.timeouts, p('timeouts'), max, (v, q) => {
      const t = record(v, q, ['op', 'lane', 'ts', 'timeoutMs', 'pending', 'site']);
      return {
        op: int(t.op, `${q}.op`, 0, MAX_OP),
        lane: int(t.lane, `${q}.lane`, -1),
        ts: num(t.ts, `${q}.ts`),
        timeoutMs: num(t.timeoutMs, `${q}.timeoutMs`, 0),
        pending: int(t.pending, `${q}.pending`, 0),
        site: nullable(t.site, `${q}.site`, site),
      };
    }),
    cancels: list(d.cancels, p('cancels'), max, (v, q) => {
      const c = record(v, q, ['ts', 'lane', 'ok']);
      return { ts: num(c.ts, `${q}.ts`), lane: int(c.lane, `${q}.lane`, -1), ok: bool(c.ok, `${q}.ok`) };
    }),
    crash: nullable(d.crash, p('crash'), (v, q) => {
      const c = record(v, q, ['ts', 'lane', 'error']);
      return { ts: num(c.ts, `${q}.ts`), lane: int(c.lane, `${q}.lane`, -1), error: error(c.error, `${q}.error`) };
    }),
    stacks: list(d.stacks, p('stacks'), max, (v, q) => {
      const s = record(v, q, ['ts', 'lane', 'frames']);
      return {
        ts: num(s.ts, `${q}.ts`),
        lane: int(s.lane, `${q}.lane`, -1),
        frames: list(s.frames, `${q}.frames`, 256, site),
      };
    }),
  };
}
