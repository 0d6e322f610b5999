/** Checks of a `details` message: one future with everything the host knows about it. */
import { bool, int, list, nullable, num, record, str, time } from './check.ts';
import {
  BLOCK_OPS,
  FUTURE_STATE_NAMES,
  LIMITS,
  type DetailsMessage,
  type ErrorDetails,
  type FutureDetails,
  type Site,
} from './messages.ts';

const MAX_STATE = FUTURE_STATE_NAMES.length - 1;
const MAX_OP = BLOCK_OPS.length - 1;

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

export function details(data: unknown): DetailsMessage {
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
