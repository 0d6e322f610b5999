import { ENV_TRACE_ROOT_PID, firstIdOf } from '../../trace/schema.ts';
import { CTL_NEXT_BLOCK, CTL_NEXT_EXECUTOR, CTL_NEXT_FUTURE, CTL_NEXT_MAP } from './ring-layout.ts';

/**
 * Ids of the recording (fid, bid, xid, map). They must be unique across every thread and process
 * writing one file: each process takes its own range (`firstIdOf`: 1 in the root process,
 * `pid * 2^24 + 1` elsewhere, the root's pid coming from POOLSCOPE_TRACE_ROOT_PID), and inside a
 * process the threads of a recording session count in the session's shared control block, so a
 * nested pool inside a worker thread never reuses an id of the main thread. Without a session
 * (recording off) each thread counts on its own, which costs nothing and matters to no one.
 */

const COUNTERS = [CTL_NEXT_FUTURE, CTL_NEXT_BLOCK, CTL_NEXT_EXECUTOR, CTL_NEXT_MAP] as const;
type Counter = (typeof COUNTERS)[number];

let first: number | undefined;
let shared: Int32Array | undefined;
/** Next offset from `first` per counter while no session is shared, indexed by CTL_* word. */
const local: number[] = [];
for (const word of COUNTERS) local[word] = 0;

/** The first id of this process's range. Read once: the root pid never changes for a running process. */
export function processFirstId(): number {
  if (first === undefined) {
    const raw = process.env[ENV_TRACE_ROOT_PID];
    const root = raw ? Number(raw) : NaN;
    first = firstIdOf(process.pid, Number.isInteger(root) && root > 0 ? root : undefined);
  }
  return first;
}

function next(word: Counter): number {
  const counters = shared;
  return processFirstId() + (counters === undefined ? local[word]!++ : Atomics.add(counters, word, 1));
}

export function allocateFutureId(): number {
  return next(CTL_NEXT_FUTURE);
}

export function allocateBlockId(): number {
  return next(CTL_NEXT_BLOCK);
}

export function allocateExecutorId(): number {
  return next(CTL_NEXT_EXECUTOR);
}

export function allocateMapId(): number {
  return next(CTL_NEXT_MAP);
}

/**
 * Counts in a session's control block from now on. The thread that creates the session (`seed`)
 * carries its own counts over, so ids it handed out before stay unique.
 */
export function shareIdCounters(ctl: Int32Array, seed: boolean): void {
  if (seed) {
    for (const word of COUNTERS) {
      const current = shared === undefined ? local[word]! : Atomics.load(shared, word);
      Atomics.store(ctl, word, Math.max(current, Atomics.load(ctl, word)));
    }
  }
  shared = ctl;
}
