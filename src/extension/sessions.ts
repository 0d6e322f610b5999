import { basename } from 'node:path';
import * as vscode from 'vscode';
import { PoolscopeError } from '../runner/errors.ts';
import type { RecordResult } from '../runner/record.ts';
import type { ChartPanels } from './chart-panels.ts';
import { Disposable } from './dispose.ts';
import { ensureEsbuild } from './esbuild-support.ts';
import { isProfilable, isTypeScript, recordOptions } from './launch-options.ts';
import { ProfileSession } from './session.ts';
import { profileSettings } from './settings.ts';
import type { SessionStatusBar } from './status-bar.ts';
import { programEndLine } from './status-text.ts';
import { requireTrust } from './trust.ts';

/**
 * "Profile Current File" and "Stop Profiling": one program at a time, its output in the program
 * output channel, its chart in a panel beside the editor, its counts in the status bar. The context
 * key `poolscope.running` drives the editor-title buttons.
 */

export interface SessionsDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  programOutput: vscode.OutputChannel;
  charts: () => ChartPanels;
  statusBar: SessionStatusBar;
  /** Called when a session starts or ends (the recordings list changes). */
  onDidChange: () => void;
}

export class Sessions extends Disposable {
  private current: ProfileSession | undefined;
  private readonly results = new Map<string, Promise<RecordResult>>();

  constructor(private readonly deps: SessionsDeps) {
    super();
  }

  /** The session writing `file`, while it runs. */
  liveFor(file: string): ProfileSession | undefined {
    return this.current && this.current.file === file && this.current.running ? this.current : undefined;
  }

  /** The latest session (running or ended). */
  get latest(): ProfileSession | undefined {
    return this.current;
  }

  /** How the session that wrote `file` ended (tests wait on it). */
  result(file: string): Promise<RecordResult> | undefined {
    return this.results.get(file);
  }

  /** Profiles `target` (default: the active editor's file). Resolves with the recording's path once it started. */
  async profile(target?: vscode.Uri): Promise<string | undefined> {
    const uri = target ?? vscode.window.activeTextEditor?.document.uri;
    // Checked before anything else: in an untrusted workspace nothing is started, not even esbuild's install.
    if (!(await requireTrust(uri ? basename(uri.fsPath) : 'anything'))) return undefined;
    if (!uri || uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Poolscope: open a Python, JavaScript or TypeScript file to profile it.');
      return undefined;
    }
    if (!isProfilable(uri.fsPath)) {
      void vscode.window.showErrorMessage(
        `Poolscope profiles Python (.py), JavaScript (.js .mjs .cjs) and TypeScript (.ts .mts .cts) files, not ${uri.fsPath}.`,
      );
      return undefined;
    }
    if (this.current?.running && !(await this.replaceRunning())) return undefined;
    // The last run's final output must land before the channel is cleared for this one.
    await this.current?.done.catch(() => undefined);
    const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
    if (document?.isDirty) await document.save();
    let esbuildDir: string | undefined;
    if (isTypeScript(uri.fsPath)) {
      const found = await ensureEsbuild(uri.fsPath, this.deps.context, this.deps.log);
      if (found === null) return undefined;
      esbuildDir = found;
    }
    const settings = await profileSettings(this.deps.context, uri);
    const options = recordOptions({
      file: uri.fsPath,
      workspaceFolder: vscode.workspace.getWorkspaceFolder(uri)?.uri.fsPath,
      settings,
      baseEnv: process.env,
      esbuildDir,
    });
    await vscode.workspace.fs.createDirectory(vscode.Uri.file(options.output));
    const out = this.deps.programOutput;
    out.clear();
    out.show(true);
    out.appendLine(`▶ ${options.command.join(' ')}   (in ${options.cwd})`);
    let session: ProfileSession;
    try {
      session = await ProfileSession.start(options, out);
    } catch (error) {
      this.reportStartFailure(error);
      return undefined;
    }
    this.adopt(session);
    return session.file;
  }

  /** Stops the running program; resolves once it has ended. */
  async stop(): Promise<void> {
    const session = this.current;
    if (!session?.running) {
      void vscode.window.showInformationMessage('Poolscope: no program is being profiled.');
      return;
    }
    const outcome = await session.stop();
    if (outcome.survived) {
      this.deps.log.warn(`processes of group ${session.pid} survived SIGKILL (stopped or traced by another process?)`);
    }
    await session.done;
  }

  /** Leaving VS Code (or reloading) ends the program too: a profiled program is not left running unseen. */
  async stopForExit(): Promise<void> {
    if (this.current?.running) await this.current.stop();
  }

  override dispose(): void {
    if (this.current?.running) void this.current.stop();
    this.current?.dispose();
    super.dispose();
  }

  private adopt(session: ProfileSession): void {
    this.current?.dispose();
    this.current = session;
    this.results.set(session.file, session.done);
    void vscode.commands.executeCommand('setContext', 'poolscope.running', true);
    this.deps.statusBar.track(session);
    try {
      this.deps.charts().show(session.file, { preserveFocus: true });
    } catch (error) {
      // The program runs and records either way; the chart can be opened from the recording later.
      this.deps.log.error(`cannot show the chart of ${session.file}: ${String(error)}`);
      void vscode.window.showErrorMessage(`Poolscope cannot show the chart: ${String(error)}`);
    }
    this.deps.onDidChange();
    void session.done.then(
      (result) => {
        const out = this.deps.programOutput;
        if (session.cutBytes > 0)
          out.appendLine(`(${session.cutBytes.toLocaleString('en-US')} bytes of output were not shown)`);
        out.appendLine(programEndLine(result));
        if (result.problem) out.appendLine(`Poolscope: ${result.problem.message}`);
        if (this.current === session) void vscode.commands.executeCommand('setContext', 'poolscope.running', false);
        this.deps.onDidChange();
      },
      (error: unknown) => this.deps.log.error(`session of ${session.file} failed: ${String(error)}`),
    );
  }

  private async replaceRunning(): Promise<boolean> {
    const stop = 'Stop It and Profile';
    const answer = await vscode.window.showWarningMessage(
      'Poolscope is already profiling a program. Stop it and profile this file instead?',
      { modal: true },
      stop,
    );
    if (answer !== stop) return false;
    await this.stop();
    return true;
  }

  private reportStartFailure(error: unknown): void {
    const message =
      error instanceof PoolscopeError
        ? `Poolscope: ${error.message}`
        : `Poolscope could not start the program: ${String(error)}`;
    this.deps.programOutput.appendLine(message);
    this.deps.log.error(message);
    void vscode.window.showErrorMessage(message);
  }
}
