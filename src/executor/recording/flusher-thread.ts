/**
 * The recording's flusher: one worker thread per recording process (built to
 * dist/lib/flusher-thread.cjs), started unref'd by the thread that opened the recording. It
 * drains every thread's ring into the file every ~25 ms, sooner when a producer says its ring is
 * a quarter full. Because it runs on its own thread, a task stuck in a synchronous loop (on the main
 * thread or a worker) still gets its `start` line into the file, a SIGKILLed program loses at
 * most one interval of events, and the ring of a thread that died can still be read.
 */
import { closeSync, constants, openSync, readlinkSync } from 'node:fs';
import { getPriority, setPriority } from 'node:os';
import { BroadcastChannel, workerData } from 'node:worker_threads';
import { reportRecordingFailure } from './failure.ts';
import { CHANNEL_NAME, type ChannelMessage, type FlusherData, type RingRegistration } from './protocol.ts';
import { drainRing, RING_BUSY } from './ring-drain.ts';
import {
  CTL_FAILED,
  CTL_READY,
  CTL_STOPPED,
  CTL_SWEEP_ASKED,
  CTL_SWEEP_DONE,
  CTL_WAKE,
  RING_CLOSED,
  RING_DETACHED,
  RING_READ,
  RING_WRITE,
  viewRing,
  type RingView,
} from './ring-layout.ts';

const INTERVAL_MS = 25;
/** Soonest next pass, for a producer filling its ring fast. */
const MIN_INTERVAL_MS = 1;
/**
 * Share of a ring the fastest producer may fill until the next pass. The pass comes early enough
 * for that at the pace of the last interval, so producers rarely have to wake the flusher
 * themselves: each wake can cost the waking thread its core on a busy machine.
 */
const FILL_PER_PASS = 1 / 8;
/** A ring with nothing new for this long is forgotten; its producer posts it again when it writes. */
const IDLE_FORGET_MS = 10_000;
const GONE = 0x7fffffff;

/** Atomics.waitAsync (Node 16+), missing from the ES2023 lib typings the project compiles against. */
type WaitAsyncResult =
  { async: false; value: 'not-equal' | 'timed-out' } | { async: true; value: Promise<'ok' | 'timed-out'> };
const waitAsync = (
  Atomics as unknown as { waitAsync(a: Int32Array, i: number, v: number, ms: number): WaitAsyncResult }
).waitAsync;

interface Entry {
  readonly view: RingView;
  readonly lane: string;
  idleSince: number;
}

class Flusher {
  private readonly ctl: Int32Array;
  private readonly rings = new Map<string, Entry>();
  private readonly channel: BroadcastChannel;
  private fd = -1;
  private failed = false;
  private lastPass = Date.now();

  constructor(private readonly data: FlusherData) {
    this.ctl = new Int32Array(data.share.ctl);
    this.channel = new BroadcastChannel(CHANNEL_NAME);
  }

  async run(): Promise<void> {
    if (!this.ending()) {
      try {
        // No O_CREAT: a recording deleted meanwhile is not recreated without its header.
        this.fd = openSync(this.data.share.path, constants.O_WRONLY | constants.O_APPEND);
      } catch (error) {
        this.fail(error);
      }
    }
    if (!this.failed && !this.ending()) {
      for (const ring of this.data.rings) this.add(ring);
      this.channel.onmessage = (event) => this.onMessage((event as unknown as { data: ChannelMessage }).data);
      Atomics.store(this.ctl, CTL_READY, 1);
      this.channel.postMessage({ t: 'ready', session: this.data.share.session } satisfies ChannelMessage);
      await this.loop();
    }
    this.finish();
  }

  private ending(): boolean {
    return Atomics.load(this.ctl, CTL_STOPPED) !== 0 || Atomics.load(this.ctl, CTL_FAILED) !== 0;
  }

  private async loop(): Promise<void> {
    const ctl = this.ctl;
    for (;;) {
      // Read before draining: a sweep asked or a stop set before this pass is complete after it.
      const wake = Atomics.load(ctl, CTL_WAKE);
      const asked = Atomics.load(ctl, CTL_SWEEP_ASKED);
      const ending = this.ending();
      if (Atomics.load(ctl, CTL_FAILED) !== 0) return;
      const fill = this.drainAll();
      if (this.failed) return;
      Atomics.store(ctl, CTL_SWEEP_DONE, asked);
      Atomics.notify(ctl, CTL_SWEEP_DONE);
      if (ending) return;
      const waited = waitAsync(ctl, CTL_WAKE, wake, this.nextInterval(fill));
      if (waited.async) await waited.value;
      // Let registrations in even when woken without waiting.
      else await new Promise((resolve) => setImmediate(resolve));
    }
  }

  /** Milliseconds to the next pass: the fastest ring of the last one fills FILL_PER_PASS of itself by then. */
  private nextInterval(fill: number): number {
    const now = Date.now();
    const elapsed = Math.max(1, now - this.lastPass);
    this.lastPass = now;
    if (fill <= 0) return INTERVAL_MS;
    return Math.min(INTERVAL_MS, Math.max(MIN_INTERVAL_MS, Math.floor((FILL_PER_PASS * elapsed) / fill)));
  }

  /** One pass over every ring; returns the largest share of a ring that was drained. */
  private drainAll(): number {
    let fill = 0;
    const now = Date.now();
    for (const [key, entry] of this.rings) {
      let written: number;
      try {
        written = drainRing(entry.view, this.fd);
      } catch (error) {
        this.fail(error);
        return 0;
      }
      if (written > 0) {
        entry.idleSince = now;
        fill = Math.max(fill, written / entry.view.capacity);
      } else if (written !== RING_BUSY) {
        const closed = Atomics.load(entry.view.words, RING_CLOSED) !== 0;
        if (closed || now - entry.idleSince > IDLE_FORGET_MS) this.forget(key, entry.view);
      }
    }
    return fill;
  }

  /**
   * Drops an empty ring from the pass. The producer stores WRITE then loads DETACHED; this stores
   * DETACHED then loads WRITE: one of the two sees the other, so either the ring is kept (a line
   * came in) or its producer posts it again.
   */
  private forget(key: string, view: RingView): void {
    const words = view.words;
    Atomics.store(words, RING_DETACHED, 1);
    if (Atomics.load(words, RING_WRITE) !== Atomics.load(words, RING_READ)) {
      Atomics.store(words, RING_DETACHED, 0);
      return;
    }
    this.rings.delete(key);
  }

  private add(ring: RingRegistration): void {
    const known = this.rings.get(ring.key);
    if (known) {
      known.idleSince = Date.now();
      return;
    }
    const view = viewRing(ring.sab);
    Atomics.store(view.words, RING_DETACHED, 0);
    this.rings.set(ring.key, { view, lane: ring.lane, idleSince: Date.now() });
  }

  private onMessage(message: ChannelMessage): void {
    if (!message || message.session !== this.data.share.session) return;
    if (message.t === 'ring') this.add(message);
    else if (message.t === 'lane-ended') {
      for (const entry of this.rings.values()) {
        if (entry.lane === message.lane) Atomics.store(entry.view.words, RING_CLOSED, 1);
      }
    }
  }

  private fail(error: unknown): void {
    this.failed = true;
    reportRecordingFailure(error, this.ctl);
    Atomics.store(this.ctl, CTL_STOPPED, 1);
    this.channel.postMessage({ t: 'stop', session: this.data.share.session } satisfies ChannelMessage);
  }

  /** Tells waiting threads there is no flusher any more, and lets this thread end. */
  private finish(): void {
    Atomics.store(this.ctl, CTL_READY, 2);
    Atomics.store(this.ctl, CTL_SWEEP_DONE, GONE);
    Atomics.notify(this.ctl, CTL_SWEEP_DONE);
    if (this.fd >= 0) {
      try {
        closeSync(this.fd);
      } catch {
        // Nothing more to write anyway.
      }
    }
    this.channel.close();
  }
}

/**
 * The flusher yields to the program's own threads: on a machine with no core to spare, its writes
 * wait for one instead of taking it from the program (the rings absorb the delay). Linux only:
 * there a thread has its own nice value, reached by its thread id; elsewhere it stays as it is.
 */
/** Nice value added to the program's: a thread at +5 gets about a third of the time of one at +0. */
const NICE = 5;

function lowerOwnPriority(): void {
  try {
    const tid = Number(readlinkSync('/proc/thread-self').split('/').pop());
    // Relative to the program's own nice value: never above the program's priority.
    if (Number.isInteger(tid) && tid > 0) setPriority(tid, Math.min(19, getPriority(tid) + NICE));
  } catch {
    // Not Linux, or not allowed: the flusher runs at the program's priority.
  }
}

lowerOwnPriority();
void new Flusher(workerData as FlusherData).run();
