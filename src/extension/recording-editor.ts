import * as vscode from 'vscode';
import { ChartHost, type ChartHostOptions } from './chart-host.ts';
import { escapeHtml } from './csp.ts';
import { ANY_NDJSON_VIEW_TYPE, RECORDING_EDITOR_VIEW_TYPE } from './recording-names.ts';

/**
 * Recordings opened from the Explorer: a read-only custom editor (`poolscope.recording`) that shows
 * the chart. It is the default editor for the files Poolscope names itself (`poolscope-*.ndjson`,
 * `*.poolscope.ndjson`) and offered under "Open With…" for any other `.ndjson`/`.jsonl`, which may
 * be someone else's NDJSON. VS Code restores open custom editors after a reload on its own: the
 * editor is resolved again for the same file and the page restores its view from its saved state.
 */

type Extra = Omit<ChartHostOptions, 'sourceColumn'>;

export class RecordingEditorProvider implements vscode.CustomReadonlyEditorProvider {
  constructor(private readonly optionsFor: (file: string) => Extra) {}

  static register(optionsFor: (file: string) => Extra): vscode.Disposable {
    const provider = new RecordingEditorProvider(optionsFor);
    const options = {
      // Hidden charts are rebuilt from `ready`; keeping them alive would hold a model per tab.
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    };
    return vscode.Disposable.from(
      vscode.window.registerCustomEditorProvider(RECORDING_EDITOR_VIEW_TYPE, provider, options),
      vscode.window.registerCustomEditorProvider(ANY_NDJSON_VIEW_TYPE, provider, options),
    );
  }

  openCustomDocument(uri: vscode.Uri): vscode.CustomDocument {
    return { uri, dispose: () => undefined };
  }

  resolveCustomEditor(document: vscode.CustomDocument, panel: vscode.WebviewPanel): void {
    if (document.uri.scheme !== 'file') {
      // The follower reads with node:fs; a file of another file system is not reachable that way.
      panel.webview.options = { enableScripts: false };
      panel.webview.html = `<!DOCTYPE html><html><head><meta http-equiv="Content-Security-Policy" content="default-src 'none'"></head><body><p>Poolscope shows recordings on this machine's disk only, not ${escapeHtml(document.uri.toString())}.</p></body></html>`;
      return;
    }
    const host = new ChartHost(panel.webview, document.uri.fsPath, {
      ...this.optionsFor(document.uri.fsPath),
      sourceColumn: () => (panel.viewColumn === vscode.ViewColumn.One ? vscode.ViewColumn.Two : vscode.ViewColumn.One),
    });
    panel.onDidDispose(() => host.dispose());
  }
}
