import type { Readable } from 'node:stream';
import { StringDecoder } from 'node:string_decoder';
import type { ProgramState } from '../protocol/messages.ts';
import { startRecording, type RecordOptions, type RecordResult } from '../runner/record.ts';
import { Disposable, interval, toDisposable } from './dispose.ts';
import { OutputThrottle } from './output-throttle.ts';
import { stopProcessTree, type StopOutcome } from './stop-tree.ts';
import { TraceFeed } from './trace-feed.ts';

/**
 * One profiled program: the runner's recording session, its output on the way to an output
 * channel (throttled, see output-throttle.ts), the feed of its recording, its state, and stopping
 * it with everything it started. No vscode here: the command layer (profile-command.ts) shows it.
 */

export interface OutputSink {
  append(text: string): void;
}

/** How often program output is handed to the sink. */
const OUTPUT_TICK_MS = 100;
/** After the program ends, how long to wait for its output pipes to close (a survivor may hold them). */
const CLOSE_GRACE_MS = 1000;

export class ProfileSession extends Disposable {
  private programState: ProgramState = { state: 'running' };
  private readonly listeners = new Set<() => void>();
  private stopping: Promise<StopOutcome> | undefined;
  private readonly throttle: OutputThrottle;
  /** Resolves with the runner's result once the program ended, its output is out and its recording read. */
  readonly done: Promise<RecordResult>;

  private constructor(
    readonly file: string,
    readonly pid: number,
    readonly feed: TraceFeed,
    private readonly out: OutputSink,
    finished: Promise<RecordResult>,
    streams: { stdout: Readable | null; stderr: Readable | null; closed: Promise<void> },
  ) {
    super();
    this.throttle = new OutputThrottle();
    for (const stream of [streams.stdout, streams.stderr]) {
      if (!stream) continue;
      const decoder = new StringDecoder('utf8');
      stream.on('data', (chunk: Buffer) => this.throttle.push(decoder.write(chunk)));
      stream.on('end', () => this.throttle.push(decoder.end()));
      stream.on('error', () => undefined);
    }
    this.register(interval(() => this.flushOutput(), OUTPUT_TICK_MS));
    this.register(toDisposable(() => void this.feed.close()));
    this.done = finished.then(async (result) => {
      // Stopped whatever it then died of: the signal that ended it is one Stop sent.
      const stopped = this.stopping !== undefined;
      this.programState = { state: 'exited', code: result.code, signal: result.signal, stopped };
      this.changed();
      await Promise.race([streams.closed, delay(CLOSE_GRACE_MS)]);
      // The runner appended the `exit` event before `finished` resolved: read up to it, then stop following.
      await this.feed.close();
      this.out.append(this.throttle.drain());
      this.changed();
      return result;
    });
  }

  static async start(options: RecordOptions, out: OutputSink): Promise<ProfileSession> {
    const recording = await startRecording({ ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    const child = recording.child;
    const closed = new Promise<void>((done) => child.once('close', () => done()));
    return new ProfileSession(recording.file, recording.pid, new TraceFeed(recording.file), out, recording.finished, {
      stdout: child.stdout,
      stderr: child.stderr,
      closed,
    });
  }

  get state(): ProgramState {
    return this.programState;
  }

  get running(): boolean {
    return this.programState.state === 'running';
  }

  /** Bytes of output that were not shown (see OutputThrottle). */
  get cutBytes(): number {
    return this.throttle.cutBytes;
  }

  onDidChange(listener: () => void): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Ends the program and every process of its group: SIGINT, then SIGTERM, then SIGKILL, within
   * 2 s (stop-tree.ts). The recording so far stays; the runner adds its `exit` event.
   */
  stop(): Promise<StopOutcome> {
    if (!this.running) return Promise.resolve({ sent: [], survived: false });
    this.stopping ??= stopProcessTree(this.pid);
    return this.stopping;
  }

  private flushOutput(): void {
    const text = this.throttle.take();
    if (text) this.out.append(text);
  }

  private changed(): void {
    for (const listener of this.listeners) listener();
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms).unref());
}
