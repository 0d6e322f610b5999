import * as vscode from 'vscode';
import { registerSummaryCommand } from './summary-command.ts';

/** Wires the extension together; each feature registers its own disposables. */
export function activate(context: vscode.ExtensionContext): void {
  const output = vscode.window.createOutputChannel('Poolscope');
  context.subscriptions.push(output);
  registerSummaryCommand(context, output);
}

export function deactivate(): void {}
