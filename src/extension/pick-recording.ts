import { basename } from 'node:path';
import * as vscode from 'vscode';
import { formatSize, listRecordings } from './recordings-list.ts';
import { recordingLabel } from './recordings-view.ts';

/**
 * Which recording a command is about: the one it was given (a URI from the Explorer or the editor,
 * a tree entry, a path), else one picked from the recordings folder, newest first, or browsed to.
 */

export function asRecordingUri(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string' && arg) return vscode.Uri.file(arg);
  // A Recordings tree entry (RecordingEntry) passed by a context-menu command.
  const path = (arg as { path?: unknown } | undefined)?.path;
  return typeof path === 'string' && path ? vscode.Uri.file(path) : undefined;
}

export async function pickRecording(folder: string, action: string): Promise<vscode.Uri | undefined> {
  const browse: vscode.QuickPickItem = { label: '$(folder-opened) Browse…', alwaysShow: true };
  const items = listRecordings(folder).map((entry) => ({
    label: recordingLabel(entry),
    description: `${new Date(entry.wallMs ?? entry.mtimeMs).toLocaleString()} · ${formatSize(entry.size)}`,
    detail: entry.path,
    uri: vscode.Uri.file(entry.path),
  }));
  const picked = await vscode.window.showQuickPick<vscode.QuickPickItem & { uri?: vscode.Uri }>([...items, browse], {
    title: `Poolscope: ${action}`,
    placeHolder: items.length ? 'Recent recordings, newest first' : `No recordings in ${folder} yet`,
    matchOnDetail: true,
  });
  if (!picked) return undefined;
  if (picked.uri) return picked.uri;
  const chosen = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: action,
    defaultUri: vscode.Uri.file(folder),
    filters: { 'Poolscope recordings': ['ndjson', 'jsonl'], 'All files': ['*'] },
  });
  return chosen?.[0];
}

/** `x.ndjson` → `x.chrome.json`, beside it. */
export function chromeExportName(file: string): string {
  return basename(file).replace(/(\.ndjson|\.jsonl|\.json)?$/i, '.chrome.json');
}
