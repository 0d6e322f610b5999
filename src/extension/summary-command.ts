import * as vscode from 'vscode';
import { formatSummary } from '../trace/format-summary.ts';
import { buildModel } from '../trace/model-builder.ts';
import { computeStats } from '../trace/stats.ts';

/**
 * "Poolscope: Show Recording Summary…": the `poolscope summary` text of a recording, in an output
 * channel. The live Gantt chart replaces this as the main view; the summary stays useful beside it.
 */
export function registerSummaryCommand(context: vscode.ExtensionContext, output: vscode.OutputChannel): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('poolscope.showSummary', async (uri?: vscode.Uri) => {
      const target = uri ?? (await pickRecording());
      if (!target) return;
      let bytes: Uint8Array;
      try {
        bytes = await vscode.workspace.fs.readFile(target);
      } catch (error) {
        void vscode.window.showErrorMessage(`Poolscope cannot read ${target.fsPath}: ${String(error)}`);
        return;
      }
      const { model, issues } = buildModel(bytes);
      const fatal = issues.find((issue) => issue.severity === 'fatal');
      if (fatal || (!model.header && model.eventCount === 0)) {
        void vscode.window.showErrorMessage(
          `${target.fsPath} is not a Poolscope recording Poolscope can read: ${fatal?.message ?? 'it holds no events'}`,
        );
        return;
      }
      output.clear();
      output.append(formatSummary(computeStats(model), issues));
      output.show(true);
    }),
  );
}

async function pickRecording(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Summarize',
    filters: { 'Poolscope recordings': ['ndjson', 'jsonl'] },
  });
  return picked?.[0];
}
