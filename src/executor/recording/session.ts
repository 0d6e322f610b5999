import { closeSync, constants, fstatSync, openSync, writeSync } from 'node:fs';
import { resolve } from 'node:path';
import {
  BroadcastChannel,
  Worker,
  getEnvironmentData,
  isMainThread,
  setEnvironmentData,
  threadId,
} from 'node:worker_threads';
import { ENV_TRACE_FILE, ENV_TRACE_ROOT_PID, type LaneId } from '../../trace/schema.ts';
import { reportRecordingFailure, recordingErrors } from './failure.ts';
import { flusherEntry } from './flusher-entry.ts';
import { headerLine, type HeaderOptions } from './header.ts';
import { shareIdCounters } from './ids.ts';
import {
  CHANNEL_NAME,
  ENV_RING_KB,
  SESSION_DATA_KEY,
  type ChannelMessage,
  type FlusherData,
  type RingRegistration,
  type SessionShare,
} from './protocol.ts';
import { drainRingWaiting } from './ring-drain.ts';
import {
  CTL_FAILED,
  CTL_READY,
  CTL_STOPPED,
  CTL_SWEEP_ASKED,
  CTL_SWEEP_DONE,
  DEFAULT_MAIN_RING_BYTES,
  DEFAULT_RING_BYTES,
  MAX_RING_BYTES,
  MIN_RING_BYTES,
  RING_CLOSED,
  RING_DETACHED,
  createControl,
  createRing,
  viewRing,
  wakeFlusher,
  type RingView,
} from './ring-layout.ts';
import { RingRecorder, type RecorderHost } from './ring-recorder.ts';

/** How long a thread that wants everything on disk (exit, flush, stop) waits for another drainer. */
const DRAIN_WAIT_MS = 250;

/** The `{ current }` cells of every copy of the library loaded in this thread (see `threadRecording`). */
export type RecordingCell = { current: unknown };

export interface JoinOptions extends HeaderOptions {
  /** Name of this thread's lane; default `main`, or `worker <threadId>` in a worker thread. */
  laneName?: string;
}

/** What the thread that opened the recording in this process holds on top of a member's state. */
interface Leadership {
  fd: number;
  /** True when this process wrote the header: it then also writes the `exit` event. */
  owner: boolean;
  flusher: Worker | undefined;
  /** Rings of the other threads, from their registrations: drained at exit in case the flusher cannot. */
  rings: Map<string, RingView>;
}

let ringSeq = 0;

/**
 * One thread's part in the recording session of its process. The first thread to record (the
 * main thread, normally) leads: it opens the file, writes the header when the file is empty,
 * creates the shared control block and starts the flusher thread. Threads started later find
 * the session in their environment data and join: they only make a ring and post it.
 */
export class ThreadSession implements RecorderHost {
  readonly recorder: RingRecorder;
  readonly ctl: Int32Array;
  private readonly ring: RingView;
  private readonly key: string;
  private readonly channel: BroadcastChannel;
  private readonly cells = new Set<RecordingCell>();
  private readonly onExit = (code: number) => this.exiting(code);
  private ended = false;

  private constructor(
    readonly share: SessionShare,
    private readonly leadership: Leadership | undefined,
    laneName: string,
  ) {
    this.ctl = new Int32Array(share.ctl);
    this.key = `${threadId}:${++ringSeq}`;
    const sab = createRing(ringBytes(), `${process.pid}:${threadId}`);
    this.ring = viewRing(sab);
    this.recorder = new RingRecorder(sab, this);
    this.recorder.laneEvent(process.pid, threadId, laneName, isMainThread ? 'main' : 'worker-thread');
    this.channel = new BroadcastChannel(CHANNEL_NAME);
    this.channel.onmessage = (event) => this.onMessage((event as unknown as { data: ChannelMessage }).data);
    // Listening must never keep a thread alive.
    this.channel.unref();
    process.on('exit', this.onExit);
  }

  /** Opens the recording at `path` for this process, or reports why it cannot and returns undefined. */
  static lead(path: string, options: JoinOptions): ThreadSession | undefined {
    let fd: number;
    let owner = false;
    try {
      fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
    } catch (error) {
      reportRecordingFailure(error);
      return undefined;
    }
    try {
      if (!process.env[ENV_TRACE_ROOT_PID]) process.env[ENV_TRACE_ROOT_PID] = String(process.pid);
      // The CLI writes the header before the program runs; an empty file means nobody did.
      if (fstatSync(fd).size === 0) {
        writeSync(fd, headerLine(Number(process.env[ENV_TRACE_ROOT_PID]), options));
        owner = true;
      }
    } catch (error) {
      closeSync(fd);
      reportRecordingFailure(error);
      return undefined;
    }
    const ctl = createControl();
    const share: SessionShare = { session: `${process.pid}:${threadId}:${Date.now().toString(36)}`, path, ctl };
    shareIdCounters(new Int32Array(ctl), true);
    setEnvironmentData(SESSION_DATA_KEY, share);
    const session = new ThreadSession(share, { fd, owner, flusher: undefined, rings: new Map() }, laneNameOf(options));
    session.startFlusher();
    return session;
  }

  /** Joins the session a parent thread leads, found in this thread's environment data. */
  static join(share: SessionShare, options: JoinOptions): ThreadSession {
    shareIdCounters(new Int32Array(share.ctl), false);
    const session = new ThreadSession(share, undefined, laneNameOf(options));
    session.reattach();
    return session;
  }

  /** The session this thread may join, if a parent thread leads one for `path` and it still runs. */
  static inherited(): SessionShare | undefined {
    const share = getEnvironmentData(SESSION_DATA_KEY) as SessionShare | undefined;
    return share && typeof share.path === 'string' && share.ctl instanceof SharedArrayBuffer ? share : undefined;
  }

  static isLive(share: SessionShare): boolean {
    const ctl = new Int32Array(share.ctl);
    return Atomics.load(ctl, CTL_FAILED) === 0 && Atomics.load(ctl, CTL_STOPPED) === 0;
  }

  get leads(): boolean {
    return this.leadership !== undefined;
  }

  get active(): boolean {
    return !this.ended;
  }

  /** For recordingStatus(): whether the flusher drains, and what this thread lost so far. */
  status(): { flusherReady: boolean; droppedPending: number; lane: LaneId } {
    return {
      flusherReady: Atomics.load(this.ctl, CTL_READY) === 1,
      droppedPending: this.recorder.droppedPending,
      lane: this.recorder.lane,
    };
  }

  /** Points a copy of the library's `recording` cell at this thread's recorder. */
  attach(cell: RecordingCell): void {
    this.cells.add(cell);
    cell.current = this.recorder;
  }

  reattach(): void {
    if (this.ended) return;
    const ring: RingRegistration = { key: this.key, lane: this.recorder.lane, sab: this.ring.sab };
    this.post({ t: 'ring', session: this.share.session, ...ring });
  }

  drainNow(): void {
    if (this.leadership && !this.ended) this.drainOwn();
  }

  /** Everything this thread knows of on disk now: its own ring, then a sweep by the flusher. */
  flushAll(): void {
    if (this.ended) return;
    this.drainOwn();
    this.sweep();
  }

  fail(error: unknown): void {
    reportRecordingFailure(error, this.ctl);
    this.stopEverywhere();
  }

  stopQuietly(): void {
    this.stopEverywhere();
  }

  laneEnded(lane: LaneId): void {
    this.post({ t: 'lane-ended', session: this.share.session, lane });
  }

  /** stopRecording(): the leader stops the whole session; another thread stops only itself. */
  stop(): void {
    if (this.ended) return;
    if (!this.leadership) {
      this.end();
      return;
    }
    Atomics.store(this.ctl, CTL_STOPPED, 1);
    this.post({ t: 'stop', session: this.share.session });
    this.recorder.close();
    this.drainOwn();
    this.drainOthers();
    this.sweep();
    this.end();
  }

  private startFlusher(): void {
    const { file, execArgv } = flusherEntry();
    const data: FlusherData = {
      share: this.share,
      rings: [{ key: this.key, lane: this.recorder.lane, sab: this.ring.sab }],
    };
    let flusher: Worker;
    try {
      flusher = new Worker(file, { workerData: data, execArgv, stdout: false, stderr: false });
    } catch (error) {
      this.fail(error);
      return;
    }
    flusher.unref();
    flusher.on('error', (error) => this.fail(error));
    flusher.on('exit', (code) => {
      if (!this.ended && Atomics.load(this.ctl, CTL_STOPPED) === 0) this.fail(recordingErrors.flusherEnded(code));
    });
    this.leadership!.flusher = flusher;
  }

  private onMessage(message: ChannelMessage): void {
    if (this.ended || !message || message.session !== this.share.session) return;
    switch (message.t) {
      case 'ready':
        // The flusher may have started after this thread posted its ring.
        if (!this.leadership) this.reattach();
        break;
      case 'ring':
        if (this.leadership) this.remember(message);
        break;
      case 'stop':
        this.end();
        break;
      default:
        break;
    }
  }

  private remember(ring: RingRegistration): void {
    const rings = this.leadership!.rings;
    for (const [key, view] of rings) {
      if (Atomics.load(view.words, RING_DETACHED) !== 0) rings.delete(key);
    }
    rings.set(ring.key, viewRing(ring.sab));
  }

  private exiting(code: number): void {
    if (this.ended) return;
    if (!this.leadership) {
      // The flusher drains what is left, then forgets the ring.
      Atomics.store(this.ring.words, RING_CLOSED, 1);
      wakeFlusher(this.ctl);
      return;
    }
    if (this.leadership.owner && isMainThread) {
      this.recorder.exit(Number(process.env[ENV_TRACE_ROOT_PID]) || process.pid, code);
    }
    // Exit handlers registered after this one may still record; nothing would drain them later.
    this.recorder.writeThrough = true;
    this.drainOwn();
    this.drainOthers();
    this.sweep();
  }

  private drainOwn(): void {
    const leadership = this.leadership;
    if (!leadership) return;
    try {
      drainRingWaiting(this.ring, leadership.fd, DRAIN_WAIT_MS);
    } catch (error) {
      this.fail(error);
    }
  }

  private drainOthers(): void {
    const leadership = this.leadership;
    if (!leadership) return;
    try {
      for (const ring of leadership.rings.values()) drainRingWaiting(ring, leadership.fd, DRAIN_WAIT_MS);
    } catch (error) {
      this.fail(error);
    }
  }

  /** Asks the flusher for a full pass over every ring it knows and waits (bounded) until it is done. */
  private sweep(): void {
    const ctl = this.ctl;
    if (Atomics.load(ctl, CTL_READY) !== 1) return;
    const asked = Atomics.add(ctl, CTL_SWEEP_ASKED, 1) + 1;
    wakeFlusher(ctl);
    const deadline = Date.now() + DRAIN_WAIT_MS;
    for (;;) {
      const done = Atomics.load(ctl, CTL_SWEEP_DONE);
      const left = deadline - Date.now();
      if (done >= asked || left <= 0 || Atomics.load(ctl, CTL_READY) !== 1) return;
      Atomics.wait(ctl, CTL_SWEEP_DONE, done, left);
    }
  }

  /** Recording failed or must stop: every thread of the session stops recording. */
  private stopEverywhere(): void {
    if (this.ended) return;
    Atomics.store(this.ctl, CTL_STOPPED, 1);
    this.post({ t: 'stop', session: this.share.session });
    wakeFlusher(this.ctl);
    this.end();
  }

  /** This thread stops recording: the rest of the program runs untraced. */
  private end(): void {
    if (this.ended) return;
    this.ended = true;
    this.recorder.close();
    for (const cell of this.cells) if (cell.current === this.recorder) cell.current = undefined;
    process.off('exit', this.onExit);
    this.channel.close();
    if (resolve(process.env[ENV_TRACE_FILE] ?? '') === this.share.path) delete process.env[ENV_TRACE_FILE];
    if (this.leadership) {
      try {
        closeSync(this.leadership.fd);
      } catch {
        // Already closed under us (that may be why recording stopped).
      }
      setEnvironmentData(SESSION_DATA_KEY, undefined);
    } else {
      Atomics.store(this.ring.words, RING_CLOSED, 1);
    }
    const held = slot();
    if (held.session === this) held.session = undefined;
  }

  private post(message: ChannelMessage): void {
    try {
      this.channel.postMessage(message);
    } catch {
      // The channel is closed: this thread is no longer recording.
    }
  }
}

/**
 * This thread's session. Kept on globalThis under a registered symbol so that two copies of the
 * library in one thread (a CommonJS and an ES build, say) share one ring and one lane.
 */
const SLOT = Symbol.for('poolscope.recording.session');
type Slot = { session: ThreadSession | undefined };

function slot(): Slot {
  const global = globalThis as unknown as Record<symbol, Slot | undefined>;
  return (global[SLOT] ??= { session: undefined });
}

export function threadSession(): ThreadSession | undefined {
  const session = slot().session;
  return session && session.active ? session : undefined;
}

export function setThreadSession(session: ThreadSession | undefined): void {
  slot().session = session;
}

function laneNameOf(options: JoinOptions): string {
  if (options.laneName) return String(options.laneName);
  return isMainThread ? 'main' : `worker ${threadId}`;
}

function ringBytes(): number {
  const kb = Number(process.env[ENV_RING_KB]);
  if (!Number.isFinite(kb) || kb <= 0) return isMainThread ? DEFAULT_MAIN_RING_BYTES : DEFAULT_RING_BYTES;
  return Math.min(MAX_RING_BYTES, Math.max(MIN_RING_BYTES, Math.floor(kb * 1024)));
}
