import type { HostMessage, WebviewMessage } from '../protocol/messages.ts';

/**
 * What the charts sent and received, kept only in test mode (POOLSCOPE_TEST=1) for the
 * integration tests, which cannot look inside a webview. Bounded: the oldest entries go first.
 */
export interface LoggedMessage {
  /** The recording the chart shows. */
  file: string;
  direction: 'toWebview' | 'fromWebview';
  message: HostMessage | WebviewMessage;
}

export class MessageLog {
  private readonly entries: LoggedMessage[] = [];

  constructor(private readonly limit = 5000) {}

  add(entry: LoggedMessage): void {
    this.entries.push(entry);
    if (this.entries.length > this.limit) this.entries.splice(0, this.entries.length - this.limit);
  }

  /** Messages posted to the charts (of `file`, when given), oldest first. */
  sent(file?: string): HostMessage[] {
    return this.entries
      .filter((e) => e.direction === 'toWebview' && (file === undefined || e.file === file))
      .map((e) => e.message as HostMessage);
  }

  /** Messages the charts posted (of `file`, when given), oldest first. */
  received(file?: string): WebviewMessage[] {
    return this.entries
      .filter((e) => e.direction === 'fromWebview' && (file === undefined || e.file === file))
      .map((e) => e.message as WebviewMessage);
  }

  clear(): void {
    this.entries.length = 0;
  }
}
