import { basename } from 'node:path';
import * as vscode from 'vscode';
import { formatSize, listRecordings, type RecordingEntry } from './recordings-list.ts';

/**
 * The Recordings view of the Poolscope container: the recordings folder, newest first, each opening
 * its chart. It is read again when a profiling session starts or ends, and on Refresh.
 */

export const RECORDINGS_VIEW_ID = 'poolscope.recordings';

export class RecordingsView implements vscode.TreeDataProvider<RecordingEntry> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(
    private readonly folder: () => string,
    private readonly isRunning: (file: string) => boolean,
  ) {}

  refresh(): void {
    this.changed.fire();
  }

  dispose(): void {
    this.changed.dispose();
  }

  getChildren(element?: RecordingEntry): RecordingEntry[] {
    return element ? [] : listRecordings(this.folder());
  }

  getTreeItem(entry: RecordingEntry): vscode.TreeItem {
    const item = new vscode.TreeItem(recordingLabel(entry), vscode.TreeItemCollapsibleState.None);
    const running = this.isRunning(entry.path);
    item.id = entry.path;
    item.resourceUri = vscode.Uri.file(entry.path);
    item.description = `${running ? 'running · ' : ''}${whenOf(entry)} · ${formatSize(entry.size)}`;
    item.tooltip = new vscode.MarkdownString(undefined, false);
    item.tooltip.appendText(
      `${entry.program ?? entry.name}${entry.args?.length ? ' ' + entry.args.join(' ') : ''}\n\n`,
    );
    item.tooltip.appendText(`${entry.runtime ? entry.runtime + ' · ' : ''}${entry.path}`);
    item.iconPath = new vscode.ThemeIcon(running ? 'record' : entry.runtime === 'python' ? 'symbol-method' : 'pulse');
    item.contextValue = running ? 'recording.running' : 'recording';
    item.command = { command: 'poolscope.openRecording', title: 'Open Recording', arguments: [item.resourceUri] };
    return item;
  }
}

/** The program's file name when the header says, else the recording's. */
export function recordingLabel(entry: RecordingEntry): string {
  return entry.program ? basename(entry.program) : entry.name;
}

function whenOf(entry: RecordingEntry): string {
  const at = new Date(entry.wallMs ?? entry.mtimeMs);
  const today = new Date().toDateString() === at.toDateString();
  return today ? at.toLocaleTimeString() : at.toLocaleString();
}
