/**
 * What the threads of one process say to each other about the recording: rings travel to the
 * flusher over a BroadcastChannel (a SharedArrayBuffer posted there is shared, not copied), and
 * the session's shared control block reaches threads started later through worker environment
 * data, which each new Worker inherits synchronously from the thread that creates it.
 */

export const CHANNEL_NAME = 'poolscope:recording:1';

/** Key of the session in worker environment data. */
export const SESSION_DATA_KEY = 'poolscope:recording-session:1';

/** Size of each thread's ring in KiB (default 8192 on the main thread, 1024 on the others). */
export const ENV_RING_KB = 'POOLSCOPE_TRACE_RING_KB';

/** Everything a thread needs to join the recording session of its process. */
export interface SessionShare {
  /** Unique per session; messages of other sessions (another file) are ignored. */
  readonly session: string;
  /** Absolute path of the recording. */
  readonly path: string;
  /** The control block (ring-layout.ts, CTL_*). */
  readonly ctl: SharedArrayBuffer;
}

export interface RingRegistration {
  readonly key: string;
  readonly lane: string;
  readonly sab: SharedArrayBuffer;
}

export type ChannelMessage =
  /** A thread's ring, posted when it starts recording, again when the flusher says it is ready or forgot the ring. */
  | ({ t: 'ring'; session: string } & RingRegistration)
  /** The flusher listens: rings posted before may have been missed. */
  | { t: 'ready'; session: string }
  /** A worker thread ended (seen by the pool on the main thread): its ring will not grow. */
  | { t: 'lane-ended'; session: string; lane: string }
  /** The session stopped (stopRecording, or the recording failed): threads stop recording. */
  | { t: 'stop'; session: string };

/** The flusher's start-up data. */
export interface FlusherData {
  readonly share: SessionShare;
  readonly rings: RingRegistration[];
}
