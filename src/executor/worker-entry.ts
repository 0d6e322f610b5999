import { threadId, workerData } from 'node:worker_threads';
import { markPoolWorker } from './worker-guard.ts';
import { workerErrors } from './worker-errors.ts';
import { loadTaskFunction, loadedTaskFunction, type TaskFunction } from './worker-loader.ts';
import { cloneErrorOf, toWireError, type FunctionRef, type TaskReply, type TaskRequest } from './worker-protocol.ts';
import { ensureRecording } from './recording/api.ts';
import { recording } from './recording/recorder.ts';

/**
 * The piscina worker file of WorkerPoolExecutor: runs the calls of one task message (one submit,
 * or one map chunk) one after another and reports each call's outcome. It never throws: a
 * rejection of the piscina task means the worker itself failed, which the pool treats as a crash.
 *
 * Calls of a function already loaded run synchronously, and the reply goes back without a
 * promise as long as they return plain values: every await would cost a turn of the microtask
 * queue per task, on the path between one task and the next.
 */

// Before any user module loads: their `isMainProgram()` must already answer false.
markPoolWorker();
// Joins the recording of the process when POOLSCOPE_TRACE is set (workers inherit the environment).
ensureRecording({ laneName: laneName() });

/** What the pool passes in piscina's `workerData`. */
export interface PoolWorkerData {
  executorName: string;
}

function laneName(): string {
  const data = (workerData as { poolscope?: PoolWorkerData } | undefined)?.poolscope;
  return data ? `${data.executorName} worker ${threadId}` : `worker ${threadId}`;
}

export default function runTask(request: TaskRequest): TaskReply | Promise<TaskReply> {
  const fn = loadedTaskFunction(request[0]);
  if (fn === undefined) return loadThenRun(request);
  return runCalls(fn, request, [threadId], 1);
}

async function loadThenRun(request: TaskRequest): Promise<TaskReply> {
  let fn: TaskFunction;
  try {
    fn = await loadTaskFunction(request[0]);
  } catch (err) {
    // The work never began when its function could not be found: no start/end on the timeline.
    const reply: TaskReply = [threadId];
    for (let i = 1; i < request.length; i += 2) reply.push(false, toWireError(err));
    return reply;
  }
  return runCalls(fn, request, [threadId], 1);
}

/** Runs the calls from `request[i]` on; the first that returns a thenable goes on asynchronously. */
function runCalls(fn: TaskFunction, request: TaskRequest, reply: TaskReply, i: number): TaskReply | Promise<TaskReply> {
  for (; i < request.length; i += 2) {
    const fid = request[i] as number;
    const rec = recording.current;
    if (rec) rec.start(fid);
    let value: unknown;
    try {
      value = fn(...(request[i + 1] as unknown[]));
      if (isThenable(value)) return awaitCall(fn, request, reply, i, value);
    } catch (err) {
      // Thrown, or a `then` getter that throws (awaiting the value would reject with it too).
      reply.push(false, toWireError(err));
      if (rec) rec.end(fid, false);
      continue;
    }
    addOutcome(reply, request[0], fid, value);
  }
  return reply;
}

async function awaitCall(
  fn: TaskFunction,
  request: TaskRequest,
  reply: TaskReply,
  i: number,
  pending: PromiseLike<unknown>,
): Promise<TaskReply> {
  const fid = request[i] as number;
  try {
    addOutcome(reply, request[0], fid, await pending);
  } catch (err) {
    reply.push(false, toWireError(err));
    recording.current?.end(fid, false);
  }
  return runCalls(fn, request, reply, i + 2);
}

function addOutcome(reply: TaskReply, key: string, fid: number, value: unknown): void {
  // Checked here, not left to piscina: a result that fails to clone inside piscina's reply
  // kills the worker thread.
  const cloneError = cloneErrorOf(value);
  if (cloneError === undefined) reply.push(true, value);
  else reply.push(false, toWireError(workerErrors.resultNotCloneable(nameOf(key), cloneError.message)));
  recording.current?.end(fid, cloneError === undefined);
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return (
    value !== null &&
    (typeof value === 'object' || typeof value === 'function') &&
    typeof (value as { then?: unknown }).then === 'function'
  );
}

function nameOf(key: string): string {
  return (JSON.parse(key) as FunctionRef).name;
}
