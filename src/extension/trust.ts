import * as vscode from 'vscode';

/**
 * Profiling runs the user's program (and the interpreter and environment the settings name), so
 * it only happens in a trusted workspace. Viewing recordings is always allowed.
 */
export async function requireTrust(what: string): Promise<boolean> {
  if (vscode.workspace.isTrusted) return true;
  const manage = 'Manage Workspace Trust';
  const answer = await vscode.window.showWarningMessage(
    `Poolscope did not run ${what}: this workspace is not trusted (Restricted Mode), and profiling runs ` +
      `its code. To profile, trust the workspace: ${manage}. Recordings can still be opened.`,
    manage,
  );
  if (answer === manage) await vscode.commands.executeCommand('workbench.trust.manage');
  return false;
}
