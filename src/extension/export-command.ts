import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { loadModel, writeChromeFile } from './export-file.ts';
import { chromeExportName } from './pick-recording.ts';

/**
 * "Export for Perfetto…": asks where, then writes the recording as Chrome Trace Event JSON
 * (export-file.ts) and offers to reveal it.
 */

/** Asks where to save, then exports; resolves with the file written, or undefined. */
export async function exportChrome(recording: vscode.Uri, defaultFolder?: string): Promise<vscode.Uri | undefined> {
  const target = await vscode.window.showSaveDialog({
    title: 'Poolscope: Export for Perfetto',
    saveLabel: 'Export',
    defaultUri: vscode.Uri.file(join(defaultFolder ?? dirname(recording.fsPath), chromeExportName(recording.fsPath))),
    filters: { 'Chrome trace (JSON)': ['json'] },
  });
  if (!target) return undefined;
  return exportChromeTo(recording, target);
}

export async function exportChromeTo(recording: vscode.Uri, target: vscode.Uri): Promise<vscode.Uri | undefined> {
  const outcome = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Poolscope: exporting ${recording.fsPath}…` },
    async () => {
      const loaded = loadModel(recording.fsPath);
      if ('error' in loaded) return loaded;
      try {
        return { events: writeChromeFile(loaded.model, target.fsPath) };
      } catch (error) {
        return { error: `cannot write ${target.fsPath}: ${(error as Error).message}` };
      }
    },
  );
  if ('error' in outcome) {
    void vscode.window.showErrorMessage(`Poolscope: ${outcome.error}`);
    return undefined;
  }
  const reveal = 'Reveal in File Explorer';
  void vscode.window
    .showInformationMessage(
      `Poolscope exported ${outcome.events.toLocaleString('en-US')} trace events to ${target.fsPath}. Open it in Perfetto or chrome://tracing.`,
      reveal,
    )
    .then((answer) => answer === reveal && vscode.commands.executeCommand('revealFileInOS', target));
  return target;
}
