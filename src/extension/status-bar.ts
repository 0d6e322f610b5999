import * as vscode from 'vscode';
import { Disposable, interval } from './dispose.ts';
import type { ProfileSession } from './session.ts';
import { statusText } from './status-text.ts';

/**
 * The status-bar item of the profiled program: its futures running, queued, done and failed, live;
 * a click shows the chart. It stays a while after the program ended with how it ended.
 */

const UPDATE_MS = 250;
const LINGER_MS = 15_000;

export class SessionStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  private session: ProfileSession | undefined;
  private hideTimer: NodeJS.Timeout | undefined;

  constructor() {
    super();
    this.item = this.register(
      vscode.window.createStatusBarItem('poolscope.status', vscode.StatusBarAlignment.Left, 10),
    );
    this.item.name = 'Poolscope';
    this.item.command = { command: 'poolscope.showChart', title: 'Show the chart' };
    this.register(interval(() => this.update(), UPDATE_MS));
    this.register({ dispose: () => clearTimeout(this.hideTimer) });
  }

  /** Follows this session from now on. */
  track(session: ProfileSession): void {
    clearTimeout(this.hideTimer);
    this.session = session;
    this.update();
    this.item.show();
    void session.done.then(() => {
      if (this.session !== session) return;
      this.update();
      this.hideTimer = setTimeout(() => {
        if (this.session === session) this.item.hide();
      }, LINGER_MS);
    });
  }

  private update(): void {
    const session = this.session;
    if (!session) return;
    const status = session.feed.sync.status(session.state);
    this.item.text = statusText(status);
    const unfinished = status.unfinished > 0 ? `, ${status.unfinished} unfinished` : '';
    this.item.tooltip = `${session.file}\n${status.futures} futures, ${status.cancelled} cancelled${unfinished} — click to show the chart`;
  }
}
