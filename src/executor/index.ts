/**
 * Poolscope's executor library: CPython's `concurrent.futures` for Node. Every name users import
 * comes from here (bundled to dist/lib/index.cjs and index.mjs).
 */
export { Future, type FutureState, type DoneCallback } from './future.ts';
export { TimeoutError, CancelledError, InvalidStateError, BrokenExecutorError } from './errors.ts';
export { AsyncPoolExecutor, defaultAsyncMaxWorkers } from './async-pool.ts';
export { ExecutorBase, type ExecutorOptions, type ShutdownOptions, type WorkItem } from './executor-base.ts';
export type { MapOptions, IterablesOf } from './map.ts';
export type { ResultIterator } from './closable-iterator.ts';
export {
  wait,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  ALL_COMPLETED,
  type ReturnWhen,
  type WaitOptions,
  type DoneAndNotDone,
  type AnyFuture,
} from './wait.ts';
export { asCompleted } from './as-completed.ts';
export {
  WorkerPoolExecutor,
  type WorkerPoolOptions,
  type SubmitOptions,
  type WorkerMapOptions,
} from './worker-pool.ts';
export { AbortError } from './worker-errors.ts';
export { isMainProgram } from './worker-guard.ts';
export {
  startRecording,
  stopRecording,
  flushRecording,
  recordingStatus,
  type StartRecordingOptions,
  type RecordingStatus,
} from './recording/api.ts';

// Recording starts with the first import of the library when POOLSCOPE_TRACE names a file (set
// by the `poolscope` CLI); without it this is a no-op and `recording.current` stays undefined.
import { ensureRecording } from './recording/api.ts';
ensureRecording();
