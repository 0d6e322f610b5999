import * as vscode from 'vscode';
import { defaultRecordingsFolder, resolveRecordingsFolder, type ProfileSettings } from './launch-options.ts';
import { activePythonInterpreter } from './python-interpreter.ts';

/** Every setting, under `poolscope.` (package.json contributes.configuration describes each). */
export const SETTING = {
  pythonPath: 'pythonPath',
  nodePath: 'nodePath',
  recordingsFolder: 'recordingsFolder',
  extraArgs: 'extraArgs',
  env: 'env',
  stuckThresholdMs: 'stuckThresholdMs',
} as const;

/**
 * Where recordings go when no setting says: the extension's storage for this workspace, else
 * (no folder open) its global storage.
 */
export function storageFolder(context: vscode.ExtensionContext): string {
  return (context.storageUri ?? context.globalStorageUri).fsPath;
}

export function recordingsFolder(context: vscode.ExtensionContext, scope?: vscode.Uri): string {
  const config = vscode.workspace.getConfiguration('poolscope', scope);
  const folder = scope ? vscode.workspace.getWorkspaceFolder(scope) : vscode.workspace.workspaceFolders?.[0];
  return resolveRecordingsFolder(
    config.get<string>(SETTING.recordingsFolder, ''),
    folder?.uri.fsPath,
    defaultRecordingsFolder(storageFolder(context)),
  );
}

/** The settings for profiling `file`, the Python interpreter asked of the Python extension when none is set. */
export async function profileSettings(context: vscode.ExtensionContext, file: vscode.Uri): Promise<ProfileSettings> {
  const config = vscode.workspace.getConfiguration('poolscope', file);
  let pythonPath = config.get<string>(SETTING.pythonPath, '').trim();
  if (!pythonPath && /\.pyw?$/i.test(file.fsPath)) pythonPath = (await activePythonInterpreter(file)) ?? '';
  const stuck = config.get<number | null>(SETTING.stuckThresholdMs, null);
  return {
    pythonPath,
    nodePath: config.get<string>(SETTING.nodePath, 'node').trim(),
    recordingsFolder: recordingsFolder(context, file),
    extraArgs: stringArray(config.get<unknown>(SETTING.extraArgs, [])),
    env: stringRecord(config.get<unknown>(SETTING.env, {})),
    stuckThresholdMs: typeof stuck === 'number' && Number.isFinite(stuck) && stuck > 0 ? stuck : undefined,
  };
}

function stringArray(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

function stringRecord(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return out;
  for (const [key, v] of Object.entries(value)) {
    if (typeof v === 'string') out[key] = v;
    else if (typeof v === 'number' || typeof v === 'boolean') out[key] = String(v);
  }
  return out;
}
