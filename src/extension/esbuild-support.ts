import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as vscode from 'vscode';
import { ENV_ESBUILD } from '../runner/hooks/find-esbuild.ts';

/**
 * TypeScript programs are transpiled by esbuild, which the extension does not ship: its native
 * binary is 10 MB, five times the rest of the extension. The runner's hooks find it in the
 * program's project, in Poolscope's own node_modules (a source checkout), or where
 * POOLSCOPE_ESBUILD points; this module installs a copy in the extension's global storage on first
 * use, when the user agrees, and points POOLSCOPE_ESBUILD at it.
 */

export type EsbuildLookup =
  | { found: true; /** Set POOLSCOPE_ESBUILD to it; undefined when the runner finds esbuild alone. */ dir?: string }
  | { found: false; installDir: string };

function resolvesFrom(file: string): boolean {
  try {
    createRequire(file).resolve('esbuild');
    return true;
  } catch {
    return false;
  }
}

/** The same places the runner's hooks look (find-esbuild.ts), plus the extension's installed copy. */
export function lookupEsbuild(script: string, extensionPath: string, globalStorage: string): EsbuildLookup {
  const configured = process.env[ENV_ESBUILD];
  if (configured && existsSync(join(configured, 'package.json'))) return { found: true };
  if (resolvesFrom(join(extensionPath, 'package.json')) || resolvesFrom(script)) return { found: true };
  const installDir = join(globalStorage, 'esbuild');
  const installed = join(installDir, 'node_modules', 'esbuild');
  if (existsSync(join(installed, 'package.json'))) return { found: true, dir: installed };
  return { found: false, installDir };
}

/** The esbuild version Poolscope is built and tested with, from its package.json. */
function esbuildRange(extensionPath: string): string {
  try {
    const pkg = JSON.parse(readFileSync(join(extensionPath, 'package.json'), 'utf8')) as {
      dependencies?: Record<string, string>;
    };
    return pkg.dependencies?.esbuild ?? 'latest';
  } catch {
    return 'latest';
  }
}

/**
 * For a TypeScript script: the esbuild folder to pass on (or undefined when the runner finds one
 * itself), or null when there is none and the user did not install it.
 */
export async function ensureEsbuild(
  script: string,
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<string | undefined | null> {
  const lookup = lookupEsbuild(script, context.extensionPath, context.globalStorageUri.fsPath);
  if (lookup.found) return lookup.dir;
  const install = 'Install esbuild';
  const answer = await vscode.window.showWarningMessage(
    'Profiling TypeScript needs esbuild, which is not in this project. Poolscope can install it once for all ' +
      'projects (about 10 MB, with npm), or add it to the project: npm install --save-dev esbuild.',
    { modal: false },
    install,
  );
  if (answer !== install) return null;
  return (await installEsbuild(context, log)) ?? null;
}

/** Installs esbuild into the global storage with npm; its package folder, or undefined when that failed. */
export async function installEsbuild(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<string | undefined> {
  const installDir = join(context.globalStorageUri.fsPath, 'esbuild');
  const spec = `esbuild@${esbuildRange(context.extensionPath)}`;
  mkdirSync(installDir, { recursive: true });
  const args = ['install', '--prefix', installDir, '--no-audit', '--no-fund', '--loglevel=error', spec];
  log.info(`npm ${args.join(' ')}`);
  const result = await vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: `Poolscope: installing ${spec}…`, cancellable: true },
    (_progress, token) =>
      new Promise<{ ok: boolean; output: string }>((done) => {
        const child = execFile(
          process.platform === 'win32' ? 'npm.cmd' : 'npm',
          args,
          { cwd: installDir, timeout: 5 * 60_000, shell: process.platform === 'win32', windowsHide: true },
          (error, stdout, stderr) =>
            done({ ok: !error, output: `${stdout}${stderr}${error ? `\n${error.message}` : ''}` }),
        );
        token.onCancellationRequested(() => child.kill());
      }),
  );
  if (result.output.trim()) log.info(result.output.trim());
  const dir = join(installDir, 'node_modules', 'esbuild');
  if (result.ok && existsSync(join(dir, 'package.json'))) {
    void vscode.window.showInformationMessage(`Poolscope installed ${spec} for TypeScript programs.`);
    return dir;
  }
  const showLog = 'Show Log';
  void vscode.window
    .showErrorMessage(
      `Poolscope could not install ${spec} with npm (is npm on PATH, and the npm registry reachable?). ` +
        'Add esbuild to your project instead: npm install --save-dev esbuild.',
      showLog,
    )
    .then((answer) => answer === showLog && log.show());
  return undefined;
}
