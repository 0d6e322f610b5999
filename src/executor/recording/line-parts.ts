import * as encode from './encode.ts';

/**
 * The constant text of every line the recorder writes, packed for `putPacked`, and the quoted
 * enum values. Lines start with `{"e":"<type>","ts":` and mostly end with the lane tail.
 */

const { asciiBytes, pack } = encode;
type Packed = encode.Packed;

const text = (value: string): Packed => pack(asciiBytes(value));
const head = (type: string): Packed => text(`{"e":"${type}","ts":`);

export const H = {
  lane: head('lane'),
  executor: head('executor'),
  submit: head('submit'),
  done: head('done'),
  cbBegin: head('cb-begin'),
  cbEnd: head('cb-end'),
  blockBegin: head('block-begin'),
  timeout: head('timeout'),
  shutdownBegin: head('shutdown-begin'),
  shutdownEnd: head('shutdown-end'),
  workerSpawn: head('worker-spawn'),
  workerExit: head('worker-exit'),
  workerCrash: head('worker-crash'),
  broken: head('broken'),
  mark: head('mark'),
  dropped: head('dropped'),
  exit: head('exit'),
} as const;

export const K = {
  fid: text(',"fid":'),
  xid: text(',"xid":'),
  bid: text(',"bid":'),
  cb: text(',"cb":'),
  fn: text(',"fn":'),
  args: text(',"args":'),
  site: text(',"site":'),
  map: text(',"map":'),
  idx: text(',"idx":'),
  kind: text(',"kind":'),
  maxWorkers: text(',"maxWorkers":'),
  name: text(',"name":'),
  outcome: text(',"outcome":'),
  value: text(',"value":'),
  error: text(',"error":'),
  op: text(',"op":'),
  fids: text(',"fids":'),
  pending: text(',"pending":'),
  timeoutMs: text(',"timeoutMs":'),
  lane: text(',"lane":'),
  code: text(',"code":'),
  reason: text(',"reason":'),
  data: text(',"data":'),
  count: text(',"count":'),
  pid: text(',"pid":'),
  tid: text(',"tid":'),
  signal: text(',"signal":'),
  raisedTrue: text(',"raised":true'),
  raisedFalse: text(',"raised":false'),
  waitTrue: text(',"wait":true'),
  waitFalse: text(',"wait":false'),
  cancelFuturesTrue: text(',"cancelFutures":true'),
  cancelFuturesFalse: text(',"cancelFutures":false'),
  null: text('null'),
  close: text('}\n'),
} as const;

const quoted = (value: string): Packed => text(JSON.stringify(value));
const RESULT = quoted('result');
const EXCEPTION = quoted('exception');
const CANCELLED = quoted('cancelled');
const OPS = {
  result: quoted('result'),
  exception: quoted('exception'),
  wait: quoted('wait'),
  as_completed: quoted('as_completed'),
  map: quoted('map'),
};

/** Quoted outcome; `other` quotes what a JavaScript caller may pass outside the type. */
export function outcomeText(outcome: string, other: (value: string) => Packed): Packed {
  return outcome === 'result'
    ? RESULT
    : outcome === 'exception'
      ? EXCEPTION
      : outcome === 'cancelled'
        ? CANCELLED
        : other(outcome);
}

export function opText(op: string, other: (value: string) => Packed): Packed {
  return Object.prototype.hasOwnProperty.call(OPS, op) ? OPS[op as keyof typeof OPS] : other(op);
}
