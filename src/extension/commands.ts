import * as vscode from 'vscode';
import type { ChartPanels } from './chart-panels.ts';
import { installEsbuild } from './esbuild-support.ts';
import { exportChrome, exportChromeTo } from './export-command.ts';
import { asRecordingUri, pickRecording } from './pick-recording.ts';
import { ANY_NDJSON_VIEW_TYPE, RECORDING_EDITOR_VIEW_TYPE, recordingViewTypeFor } from './recording-names.ts';
import type { RecordingsView } from './recordings-view.ts';
import type { Sessions } from './sessions.ts';
import { recordingsFolder } from './settings.ts';
import { showSummary } from './summary-command.ts';

/** Every command of package.json `contributes.commands`, registered on `context`. */
export interface CommandDeps {
  context: vscode.ExtensionContext;
  log: vscode.LogOutputChannel;
  summaryOutput: vscode.OutputChannel;
  sessions: Sessions;
  charts: ChartPanels;
  recordings: RecordingsView;
}

export function registerCommands(deps: CommandDeps): void {
  const { context, sessions, charts } = deps;
  const folder = () => recordingsFolder(context);
  const register = (id: string, run: (...args: unknown[]) => unknown) =>
    context.subscriptions.push(vscode.commands.registerCommand(id, run));

  register('poolscope.profileFile', (arg) => sessions.profile(arg instanceof vscode.Uri ? arg : undefined));
  register('poolscope.stop', () => sessions.stop());
  register('poolscope.openRecording', async (arg) => {
    const uri = asRecordingUri(arg) ?? (await pickRecording(folder(), 'Open Recording'));
    if (!uri) return undefined;
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(
        `Poolscope opens recordings on this machine's disk only, not ${uri.toString()}.`,
      );
      return undefined;
    }
    // A recording file opens in the recording editor (restored after a reload with the editor);
    // a file of another name in a chart panel.
    const viewType = recordingViewTypeFor(uri.fsPath);
    if (viewType) await vscode.commands.executeCommand('vscode.openWith', uri, viewType);
    else charts.show(uri.fsPath);
    return uri;
  });
  // A second argument (a URI) exports there without asking: for keybindings, tasks and tests.
  register('poolscope.exportChrome', async (arg, target) => {
    const uri =
      asRecordingUri(arg) ?? activeRecording(charts) ?? (await pickRecording(folder(), 'Export for Perfetto'));
    if (!uri) return undefined;
    return target instanceof vscode.Uri ? exportChromeTo(uri, target) : exportChrome(uri);
  });
  register('poolscope.showSummary', async (arg) => {
    const uri = asRecordingUri(arg) ?? activeRecording(charts) ?? (await pickRecording(folder(), 'Show Summary'));
    if (uri) await showSummary(uri, deps.summaryOutput);
  });
  register('poolscope.showChart', () => {
    const latest = sessions.latest;
    if (latest) charts.show(latest.file);
    else void vscode.commands.executeCommand('poolscope.openRecording');
  });
  register('poolscope.refreshRecordings', () => deps.recordings.refresh());
  register('poolscope.installTypeScriptSupport', async () => {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Poolscope installs esbuild only in a trusted workspace.');
      return undefined;
    }
    return installEsbuild(context, deps.log);
  });
}

/** The recording of the chart in front: a chart panel or a recording editor. */
function activeRecording(charts: ChartPanels): vscode.Uri | undefined {
  const panelFile = charts.activeFile;
  if (panelFile) return vscode.Uri.file(panelFile);
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const ours = [RECORDING_EDITOR_VIEW_TYPE, ANY_NDJSON_VIEW_TYPE];
  if (input instanceof vscode.TabInputCustom && ours.includes(input.viewType)) return input.uri;
  return undefined;
}
