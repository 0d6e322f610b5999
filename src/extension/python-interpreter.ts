import * as vscode from 'vscode';
import { PVSC_EXTENSION_ID, PythonExtension } from '@vscode/python-extension';
import { choosePythonInterpreter } from './python-choice.ts';

/**
 * The interpreter the Python extension has selected for a file, through @vscode/python-extension
 * (bundled into dist/extension), so Poolscope runs a script on the same Python the user runs it on.
 * Undefined when that extension is not installed or says nothing within 5 s: the runner then uses
 * python3 or python. The choice itself is python-choice.ts.
 */
export async function activePythonInterpreter(resource: vscode.Uri): Promise<string | undefined> {
  // Checked here rather than left to PythonExtension.api() throwing: most users of a Node-only
  // workspace have no Python extension, and that is not an error worth a stack.
  if (!vscode.extensions.getExtension(PVSC_EXTENSION_ID)) return undefined;
  return choosePythonInterpreter({ loadApi: () => PythonExtension.api(), resource });
}
