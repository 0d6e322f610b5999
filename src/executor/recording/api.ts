import { resolve } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import { ENV_TRACE_FILE } from '../../trace/schema.ts';
import { recordingErrors, reportRecordingFailure } from './failure.ts';
import type { HeaderOptions } from './header.ts';
import { shareIdCounters } from './ids.ts';
import { recording, type Recorder } from './recorder.ts';
import { ThreadSession, setThreadSession, threadSession, type JoinOptions } from './session.ts';

/**
 * Turning recording on and off.
 *
 * Recording is off unless POOLSCOPE_TRACE names a file. The library's index and the piscina
 * worker entry call `ensureRecording()` when they load, so the first import of the library in each
 * thread starts recording for that thread; the `poolscope` CLI sets the variable (and writes the
 * header). Programs not started by the CLI call `startRecording(path)`, which also sets the
 * variable so that worker threads and child processes started afterwards record into the same file.
 *
 * The header: the library writes one only when it finds the file empty (startRecording on a new
 * file, or the variable set by hand); the CLI writes the header before the program runs, so the
 * file is never empty then and no second header appears. The process that wrote the header also
 * writes the `exit` event when it ends (the CLI writes it otherwise).
 */

/** Starts recording in this thread if POOLSCOPE_TRACE says so. Idempotent; never throws. */
export function ensureRecording(options: JoinOptions = {}): Recorder | undefined {
  try {
    const session = threadSession();
    if (session) {
      // Another copy of the library in this thread started it: share its recorder and id counters.
      shareIdCounters(session.ctl, false);
      session.attach(recording);
      return session.recorder;
    }
    const file = process.env[ENV_TRACE_FILE];
    return file ? begin(resolve(file), options) : undefined;
  } catch (error) {
    reportRecordingFailure(error);
    return undefined;
  }
}

/** Same as ensureRecording: the name the worker entry and the index use. */
export const activateFromEnv = ensureRecording;

export interface StartRecordingOptions extends HeaderOptions {
  /** Name of this thread's lane (default `main`). */
  laneName?: string;
}

/**
 * Records this program (this thread, the worker threads and child processes it starts from now
 * on) into `path`, appending to it; writes the header when the file is new or empty. Returns
 * false when the file cannot be written (said once on stderr; the program runs on untraced).
 * Throws only when called wrongly: no path, or already recording to another file.
 */
export function startRecording(path: string, options: StartRecordingOptions = {}): boolean {
  if (typeof path !== 'string' || path === '') throw recordingErrors.badPath(path);
  const target = resolve(path);
  const session = threadSession();
  if (session) {
    if (session.share.path === target) return true;
    throw recordingErrors.alreadyRecording(session.share.path, target);
  }
  process.env[ENV_TRACE_FILE] = target;
  try {
    return begin(target, options) !== undefined;
  } catch (error) {
    reportRecordingFailure(error);
    return false;
  }
}

/**
 * Stops recording and puts everything recorded so far in the file. Called in the thread that
 * started the recording, it stops every thread of this process; in another thread, only that one.
 */
export function stopRecording(): void {
  try {
    threadSession()?.stop();
  } catch (error) {
    reportRecordingFailure(error);
  }
}

/** Writes everything this process recorded so far to the file (bounded wait; a no-op when off). */
export function flushRecording(): void {
  threadSession()?.flushAll();
}

export interface RecordingStatus {
  /** The recording file, when this thread records. */
  path: string | undefined;
  lane: string | undefined;
  /** True once the flusher thread drains the rings. */
  flusherReady: boolean;
  /** Events this thread lost to a full ring and has not yet reported in a `dropped` event. */
  droppedPending: number;
}

export function recordingStatus(): RecordingStatus {
  const session = threadSession();
  if (!session) return { path: undefined, lane: undefined, flusherReady: false, droppedPending: 0 };
  return { path: session.share.path, ...session.status() };
}

function begin(path: string, options: JoinOptions): Recorder | undefined {
  const inherited = ThreadSession.inherited();
  let session: ThreadSession | undefined;
  if (inherited && inherited.path === path && ThreadSession.isLive(inherited)) {
    session = ThreadSession.join(inherited, options);
  } else if (inherited && !isMainThread) {
    // The thread that started this one recorded and has stopped (or records elsewhere): stay out.
    return undefined;
  } else {
    session = ThreadSession.lead(path, options);
  }
  if (!session) {
    // Reported already; threads and processes started from now on run untraced too.
    if (process.env[ENV_TRACE_FILE] === path || resolve(process.env[ENV_TRACE_FILE] ?? '') === path) {
      delete process.env[ENV_TRACE_FILE];
    }
    return undefined;
  }
  setThreadSession(session);
  session.attach(recording);
  return session.recorder;
}
