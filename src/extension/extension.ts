import * as vscode from 'vscode';
import type { RecordResult } from '../runner/record.ts';
import { ChartPanels } from './chart-panels.ts';
import type { ChartHostOptions } from './chart-host.ts';
import { registerCommands } from './commands.ts';
import { MessageLog } from './message-log.ts';
import { RecordingEditorProvider } from './recording-editor.ts';
import { RECORDINGS_VIEW_ID, RecordingsView } from './recordings-view.ts';
import { Sessions } from './sessions.ts';
import { recordingsFolder } from './settings.ts';
import { SessionStatusBar } from './status-bar.ts';

/** What activate() returns when POOLSCOPE_TEST=1: a window into what the charts were sent, for the integration tests. */
export interface PoolscopeTestApi {
  /** Messages posted to the charts (of `file`, when given), oldest first. */
  lastMessages(file?: string): unknown[];
  /** Messages the charts posted to the extension, oldest first. */
  receivedMessages(file?: string): unknown[];
  /** How the profiling session that writes `file` ended; undefined when no session wrote it. */
  sessionResult(file: string): Promise<RecordResult> | undefined;
  /** Where recordings go. */
  recordingsFolder(): string;
}

let stopOnExit: (() => Promise<void>) | undefined;

/** Wires the extension together: each part registers its own disposables on creation. */
export function activate(context: vscode.ExtensionContext): PoolscopeTestApi | undefined {
  const log = vscode.window.createOutputChannel('Poolscope', { log: true });
  const programOutput = vscode.window.createOutputChannel('Poolscope: Program Output');
  const summaryOutput = vscode.window.createOutputChannel('Poolscope: Summary');
  const messageLog = process.env.POOLSCOPE_TEST === '1' ? new MessageLog() : undefined;
  context.subscriptions.push(log, programOutput, summaryOutput);

  const statusBar = new SessionStatusBar();
  context.subscriptions.push(statusBar);
  // Charts and sessions refer to each other (a chart shows its live program; a session opens its
  // chart): each reaches the other through a closure, called only after both exist.
  const sessions: Sessions = new Sessions({
    context,
    log,
    programOutput,
    charts: () => charts,
    statusBar,
    onDidChange: () => recordings.refresh(),
  });
  const chartOptions = (file: string): Omit<ChartHostOptions, 'sourceColumn'> => {
    const live = sessions.liveFor(file);
    return { extensionUri: context.extensionUri, log, messageLog, program: live, feed: live?.feed };
  };
  const charts = new ChartPanels(context, chartOptions);
  const recordings = new RecordingsView(
    () => recordingsFolder(context),
    (file) => sessions.liveFor(file) !== undefined,
  );
  context.subscriptions.push(
    charts,
    sessions,
    recordings,
    RecordingEditorProvider.register(chartOptions),
    vscode.window.createTreeView(RECORDINGS_VIEW_ID, { treeDataProvider: recordings }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('poolscope.recordingsFolder')) recordings.refresh();
    }),
  );
  registerCommands({ context, log, summaryOutput, sessions, charts, recordings });
  stopOnExit = () => sessions.stopForExit();
  void vscode.commands.executeCommand('setContext', 'poolscope.running', false);

  if (!messageLog) return undefined;
  return {
    lastMessages: (file) => messageLog.sent(file),
    receivedMessages: (file) => messageLog.received(file),
    sessionResult: (file) => sessions.result(file),
    recordingsFolder: () => recordingsFolder(context),
  };
}

/** A program still being profiled is ended with the window (VS Code waits for this promise a few seconds). */
export async function deactivate(): Promise<void> {
  await stopOnExit?.();
  stopOnExit = undefined;
}
