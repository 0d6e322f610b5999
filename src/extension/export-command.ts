import { closeSync, openSync, writeSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import { writeChromeTrace } from '../trace/export-chrome.ts';
import { ModelBuilder } from '../trace/model-builder.ts';
import type { TraceIssue } from '../trace/issues.ts';
import type { TraceModel } from '../trace/model.ts';
import { readFileChunks } from '../trace/node/read-file.ts';
import { TraceDecoder } from '../trace/reader.ts';
import { chromeExportName } from './pick-recording.ts';

/**
 * "Export for Perfetto…": the recording as Chrome Trace Event JSON (Perfetto, chrome://tracing),
 * written in pieces by the trace module's streaming writer, so a large recording never becomes one
 * giant string in the extension host.
 */

/** Reads a recording into a model, or says in one line why it cannot be read. */
export function loadModel(file: string): { model: TraceModel; issues: TraceIssue[] } | { error: string } {
  const builder = new ModelBuilder();
  const decoder = new TraceDecoder(builder);
  try {
    readFileChunks(file, (bytes) => decoder.feed(bytes));
  } catch (error) {
    return { error: `cannot read ${file}: ${(error as Error).message}` };
  }
  decoder.end();
  const fatal = decoder.issues.find((issue) => issue.severity === 'fatal');
  if (fatal) return { error: `${file} cannot be read: ${fatal.message}` };
  if (!builder.model.header && builder.model.eventCount === 0) {
    return { error: `${file} is not a Poolscope recording: ${decoder.issues[0]?.message ?? 'it holds no events'}` };
  }
  return { model: builder.model, issues: decoder.issues };
}

/** Writes the Chrome trace of `model` to `out`; the number of trace events. */
export function writeChromeFile(model: TraceModel, out: string): number {
  const fd = openSync(out, 'w');
  try {
    return writeChromeTrace(model, (text) => {
      writeSync(fd, text);
    });
  } finally {
    closeSync(fd);
  }
}

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
