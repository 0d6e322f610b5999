import { basename } from 'node:path';
import type { ResetMessage } from '../protocol/messages.ts';
import { ModelSync } from '../protocol/model-sync.ts';
import { followTrace, type Follower } from '../trace/node/follow.ts';

/**
 * One recording being read: a ModelSync fed by a follower that tails the file. A profiling session
 * keeps one for its status-bar counts and lends it to the chart it opens (a ModelSync tracks what
 * one webview has been sent, so it serves one chart at a time); any other chart of the same file
 * reads its own.
 */
export class TraceFeed {
  readonly sync: ModelSync;
  private readonly follower: Follower;
  private readonly restartListeners = new Set<(reset: ResetMessage) => void>();
  private closed: Promise<void> | undefined;
  private lent = false;

  constructor(
    readonly file: string,
    options: { pollMs?: number } = {},
  ) {
    this.sync = new ModelSync({ title: basename(file) });
    this.follower = followTrace(file, this.sync, {
      pollMs: options.pollMs ?? 100,
      onRestart: () => {
        const reset = this.sync.reset('The recording was replaced.');
        for (const listener of this.restartListeners) listener(reset);
      },
    });
  }

  /** Called after the file was truncated or replaced and the model started over. */
  onRestart(listener: (reset: ResetMessage) => void): { dispose(): void } {
    this.restartListeners.add(listener);
    return { dispose: () => this.restartListeners.delete(listener) };
  }

  /** True once the recording's `exit` event has been read: nothing more will come. */
  get complete(): boolean {
    return this.sync.model.exit !== undefined;
  }

  get isClosed(): boolean {
    return this.closed !== undefined;
  }

  /** Reads whatever was appended since the last read. */
  poll(): Promise<void> {
    return this.closed ? Promise.resolve() : this.follower.poll();
  }

  /** Stops following after reading what is left (idempotent). */
  close(): Promise<void> {
    this.closed ??= this.follower.close();
    return this.closed;
  }

  /** Lends this feed to one chart; false when a chart has it already. */
  borrow(): boolean {
    if (this.lent || this.closed) return false;
    this.lent = true;
    return true;
  }

  giveBack(): void {
    this.lent = false;
  }
}
