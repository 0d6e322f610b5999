import { stat } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { HostMessage, ProgramState, ThemeKind } from '../protocol/messages.ts';
import { parseWebviewMessage } from '../protocol/parse-webview.ts';
import { nowMicros } from '../runner/record.ts';
import { chartHtml, makeNonce } from './csp.ts';
import { Disposable, interval, toDisposable } from './dispose.ts';
import type { MessageLog } from './message-log.ts';
import { TraceFeed } from './trace-feed.ts';

/**
 * Puts the Gantt chart of one recording in a webview (a panel or a custom editor) and keeps it
 * current: `init` and everything so far on each `ready` (a page loaded or reloaded), then every
 * FLUSH_MS what changed, and `status` while the program runs. Messages from the page are checked
 * (parseWebviewMessage) before anything is done with them.
 */

const FLUSH_MS = 100;

/** A program being profiled, as far as its chart is concerned. */
export interface LiveProgram {
  readonly state: ProgramState;
  readonly running: boolean;
  onDidChange(listener: () => void): { dispose(): void };
  stop(): Promise<unknown>;
}

export interface ChartHostOptions {
  extensionUri: vscode.Uri;
  log: vscode.LogOutputChannel;
  /** The program writing this recording, while it is being profiled. */
  program?: LiveProgram;
  /** A feed to use instead of reading the file anew (a session's); it is given back on dispose. */
  feed?: TraceFeed;
  /** Where source files open: a column the chart is not in. */
  sourceColumn?: () => vscode.ViewColumn;
  messageLog?: MessageLog;
}

/** The folders the page may load from, and nothing else. */
export function chartResourceRoots(extensionUri: vscode.Uri): vscode.Uri[] {
  return [vscode.Uri.joinPath(extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(extensionUri, 'media', 'webview')];
}

export function chartWebviewOptions(extensionUri: vscode.Uri): vscode.WebviewOptions {
  return { enableScripts: true, localResourceRoots: chartResourceRoots(extensionUri) };
}

export class ChartHost extends Disposable {
  private readonly feed: TraceFeed;
  private readonly ownFeed: boolean;
  private ready = false;
  private lastStatus = '';

  constructor(
    private readonly webview: vscode.Webview,
    readonly file: string,
    private readonly options: ChartHostOptions,
  ) {
    super();
    webview.options = chartWebviewOptions(options.extensionUri);
    webview.html = pageOf(webview, options.extensionUri, file);
    const borrowed = options.feed?.borrow() ? options.feed : undefined;
    this.feed = borrowed ?? new TraceFeed(file);
    this.ownFeed = !borrowed;
    this.register(toDisposable(() => (borrowed ? borrowed.giveBack() : void this.feed.close())));
    this.register(
      this.feed.onRestart((reset) => {
        if (this.ready) [reset, ...this.feed.sync.snapshot(themeKind())].forEach((m) => this.post(m));
      }),
    );
    this.register(webview.onDidReceiveMessage((data: unknown) => void this.receive(data)));
    this.register(interval(() => this.tick(), FLUSH_MS));
    if (options.program) this.register(options.program.onDidChange(() => this.postStatus(true)));
  }

  private get program(): LiveProgram | undefined {
    return this.options.program;
  }

  private tick(): void {
    if (!this.ready) return;
    const appends = this.feed.sync.flush();
    appends.forEach((m) => this.post(m));
    this.postStatus(this.program?.running === true);
    // A finished recording that is not being written: nothing more will come. (A borrowed feed is
    // closed by the session that owns it.)
    if (this.ownFeed && !this.program?.running && this.feed.complete && !this.feed.isClosed) {
      void this.feed.close();
    }
  }

  /** Posts `status` when something in it changed, or always while a program runs (its clock moves). */
  private postStatus(always: boolean): void {
    if (!this.ready) return;
    const live = this.program;
    const message = live?.running
      ? this.feed.sync.status(live.state, { now: nowMicros() })
      : this.feed.sync.status(live ? live.state : undefined);
    const key = JSON.stringify({ ...message, now: null });
    if (!always && key === this.lastStatus) return;
    this.lastStatus = key;
    this.post(message);
  }

  private post(message: HostMessage): void {
    this.options.messageLog?.add({ file: this.file, direction: 'toWebview', message });
    void this.webview.postMessage(message);
  }

  private async receive(data: unknown): Promise<void> {
    const parsed = parseWebviewMessage(data);
    if (!parsed.ok) {
      this.options.log.warn(`chart of ${this.file}: refused a message: ${parsed.error}`);
      return;
    }
    const m = parsed.message;
    this.options.messageLog?.add({ file: this.file, direction: 'fromWebview', message: m });
    switch (m.type) {
      case 'ready':
        // Also after the page was reloaded (hidden and shown again): it holds nothing, send everything.
        this.ready = true;
        await this.feed.poll();
        if (this.isDisposed) return;
        this.feed.sync.snapshot(themeKind()).forEach((msg) => this.post(msg));
        this.lastStatus = '';
        this.postStatus(true);
        break;
      case 'requestDetails':
        this.post(this.feed.sync.details(m.fid));
        break;
      case 'openSource':
        await this.openSource(m.file, m.line, m.col);
        break;
      case 'stop':
        if (this.program?.running) await this.program.stop();
        else this.post(this.feed.sync.status(this.program?.state, { message: 'Nothing is running.' }));
        break;
      case 'select':
        break;
      case 'error':
        this.options.log.warn(`chart of ${this.file}: ${m.message}`);
        break;
    }
  }

  /** Opens a file the recording names, at its line: only a file that exists, and always as a path, never a URI. */
  private async openSource(file: string, line: number, col: number | null): Promise<void> {
    const cwd = this.feed.sync.model.header?.cwd;
    const path = isAbsolute(file) ? file : cwd ? resolve(cwd, file) : undefined;
    const isFile = path
      ? await stat(path).then(
          (s) => s.isFile(),
          () => false,
        )
      : false;
    if (!path || !isFile) {
      void vscode.window.showWarningMessage(`Poolscope cannot open ${file}: there is no such file on this machine.`);
      return;
    }
    const position = new vscode.Position(Math.max(0, line - 1), Math.max(0, (col ?? 1) - 1));
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(path), {
        selection: new vscode.Range(position, position),
        viewColumn: this.options.sourceColumn?.() ?? vscode.ViewColumn.One,
        preserveFocus: false,
      });
    } catch (error) {
      void vscode.window.showWarningMessage(`Poolscope cannot open ${path}: ${String(error)}`);
    }
  }
}

function pageOf(webview: vscode.Webview, extensionUri: vscode.Uri, file: string): string {
  const asUri = (...parts: string[]) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, ...parts)).toString();
  return chartHtml({
    cspSource: webview.cspSource,
    nonce: makeNonce(),
    scriptUri: asUri('dist', 'webview', 'main.js'),
    styleUri: asUri('media', 'webview', 'gantt.css'),
    title: `Poolscope: ${file}`,
  });
}

function themeKind(): ThemeKind {
  switch (vscode.window.activeColorTheme.kind) {
    case vscode.ColorThemeKind.Light:
      return 'light';
    case vscode.ColorThemeKind.HighContrast:
      return 'high-contrast';
    case vscode.ColorThemeKind.HighContrastLight:
      return 'high-contrast-light';
    default:
      return 'dark';
  }
}
