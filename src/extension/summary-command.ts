import * as vscode from 'vscode';
import { formatSummary } from '../trace/format-summary.ts';
import { computeStats } from '../trace/stats.ts';
import { loadModel } from './export-file.ts';

/**
 * "Poolscope: Show Recording Summary…": the `poolscope summary` text of a recording, in its own
 * output channel. The live Gantt chart is the main view; the summary stays useful beside it.
 */
export async function showSummary(target: vscode.Uri, output: vscode.OutputChannel): Promise<void> {
  const loaded = loadModel(target.fsPath);
  if ('error' in loaded) {
    void vscode.window.showErrorMessage(`Poolscope: ${loaded.error}`);
    return;
  }
  output.clear();
  output.append(formatSummary(computeStats(loaded.model), loaded.issues));
  output.show(true);
}
