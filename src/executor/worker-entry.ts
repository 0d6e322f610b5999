import { threadId, workerData } from 'node:worker_threads';
import { markPoolWorker } from './worker-guard.ts';
import { workerErrors } from './worker-errors.ts';
import { loadTaskFunction, type TaskFunction } from './worker-loader.ts';
import { cloneErrorOf, toWireError, type CallOutcome, type TaskReply, type TaskRequest } from './worker-protocol.ts';
import { ensureRecording } from './recording/api.ts';
import { recording } from './recording/recorder.ts';

/**
 * The piscina worker file of WorkerPoolExecutor: runs the calls of one task message (one submit,
 * or one map chunk) one after another and reports each call's outcome. It never throws: a
 * rejection of the piscina task means the worker itself failed, which the pool treats as a crash.
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

export default async function runTask(request: TaskRequest): Promise<TaskReply> {
  let fn: TaskFunction | undefined;
  let loadError: unknown;
  try {
    fn = await loadTaskFunction(request.ref);
  } catch (err) {
    loadError = err;
  }
  const outcomes: CallOutcome[] = [];
  for (const call of request.calls) {
    // The work never began when its function could not be found: no start/end on the timeline.
    if (fn === undefined) outcomes.push({ ok: false, error: toWireError(loadError) });
    else outcomes.push(await runCall(fn, request.ref.name, call.fid, call.args));
  }
  return { tid: threadId, outcomes };
}

async function runCall(fn: TaskFunction, name: string, fid: number, args: unknown[]): Promise<CallOutcome> {
  const rec = recording.current;
  if (rec) rec.start(fid);
  let outcome: CallOutcome;
  try {
    const value = await fn(...args);
    // Checked here, not left to piscina: a result that fails to clone inside piscina's reply
    // kills the worker thread.
    const cloneError = cloneErrorOf(value);
    outcome = cloneError
      ? { ok: false, error: toWireError(workerErrors.resultNotCloneable(name, cloneError.message)) }
      : { ok: true, value };
  } catch (err) {
    outcome = { ok: false, error: toWireError(err) };
  }
  if (rec) rec.end(fid, outcome.ok);
  return outcome;
}
