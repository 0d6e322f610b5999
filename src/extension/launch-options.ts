import { basename, dirname, extname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { ENV_ESBUILD } from '../runner/hooks/find-esbuild.ts';
import type { RecordOptions } from '../runner/record.ts';

/**
 * From "profile this file" and the settings to the runner's options. Pure, for tests: the settings
 * are read in settings.ts, the Python interpreter is asked of the Python extension in
 * python-interpreter.ts.
 */

/** The files Profile Current File accepts (the menus' `when` clauses list the same). */
export const PROFILABLE = /\.(py|js|mjs|cjs|ts|mts|cts)$/i;
const TYPESCRIPT = /\.(ts|mts|cts)$/i;

export function isProfilable(file: string): boolean {
  return PROFILABLE.test(file);
}

export function isTypeScript(file: string): boolean {
  return TYPESCRIPT.test(file);
}

export interface ProfileSettings {
  /** Empty: the runner's default (python3, else python). */
  pythonPath: string;
  /** Empty: `node` on PATH. */
  nodePath: string;
  /** Absolute folder the recordings go to. */
  recordingsFolder: string;
  extraArgs: string[];
  env: Record<string, string>;
  /** POOLSCOPE_STUCK_MS; undefined leaves the tracer's default. */
  stuckThresholdMs: number | undefined;
}

export interface ProfileRequest {
  /** Absolute path of the script. */
  file: string;
  /** The workspace folder holding it, if any: the program's working directory. */
  workspaceFolder: string | undefined;
  settings: ProfileSettings;
  /** The extension host's environment. */
  baseEnv: NodeJS.ProcessEnv;
  /** An esbuild package folder for TypeScript, when the program's own project has none. */
  esbuildDir?: string;
}

export const ENV_STUCK_MS = 'POOLSCOPE_STUCK_MS';

export function recordOptions(request: ProfileRequest): RecordOptions & { cwd: string; output: string } {
  const { file, settings } = request;
  const cwd =
    request.workspaceFolder && isInside(file, request.workspaceFolder) ? request.workspaceFolder : dirname(file);
  const env: NodeJS.ProcessEnv = { ...request.baseEnv, ...settings.env };
  if (settings.stuckThresholdMs !== undefined) env[ENV_STUCK_MS] = String(Math.round(settings.stuckThresholdMs));
  if (request.esbuildDir) env[ENV_ESBUILD] = request.esbuildDir;
  // Python prints in blocks into a pipe; unbuffered, its output reaches the channel as it happens.
  env.PYTHONUNBUFFERED ??= '1';
  const interpreters: Partial<Record<string, string>> = { node: settings.nodePath || 'node' };
  if (settings.pythonPath) interpreters.python = settings.pythonPath;
  return {
    command: [scriptArg(file, cwd), ...settings.extraArgs],
    cwd,
    env,
    interpreters,
    // A trailing separator: a folder to put a default-named recording in.
    output: settings.recordingsFolder.endsWith(sep) ? settings.recordingsFolder : settings.recordingsFolder + sep,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: process.platform !== 'win32',
  };
}

/** The script as the header names it: relative to the working directory when inside it. */
function scriptArg(file: string, cwd: string): string {
  const rel = relative(cwd, file);
  // `-x.py` would read as an option; `./-x.py` is the same file.
  if (!rel || rel.startsWith('..') || isAbsolute(rel)) return file;
  return rel.startsWith('-') ? `.${sep}${rel}` : rel;
}

function isInside(file: string, folder: string): boolean {
  const rel = relative(folder, file);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}

/**
 * The recordings folder a setting names: `${workspaceFolder}` expanded, relative paths taken from
 * the workspace folder (else the storage folder), empty meaning the extension's own storage.
 */
export function resolveRecordingsFolder(setting: string, workspaceFolder: string | undefined, storage: string): string {
  const trimmed = setting.trim();
  if (!trimmed) return storage;
  const expanded = trimmed.replace(/\$\{workspaceFolder\}/g, workspaceFolder ?? storage);
  return isAbsolute(expanded) ? expanded : resolve(workspaceFolder ?? storage, expanded);
}

/** The storage folder's recordings: `<storage>/recordings`. */
export function defaultRecordingsFolder(storageDir: string): string {
  return join(storageDir, 'recordings');
}

/** `name.py` → `name`; for titles. */
export function scriptName(file: string): string {
  return basename(file, extname(file));
}
