import * as vscode from 'vscode';

/**
 * Profiling runs the user's program (and the interpreter and environment the settings name), so
 * it only happens in a trusted workspace. Viewing recordings is always allowed.
 */
export async function requireTrust(action: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const answer = await vscode.window.showWarningMessage(
    `Poolscope cannot ${action}: this workspace is not trusted, and profiling runs its code. ` +
      'Recordings can still be opened.',
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
