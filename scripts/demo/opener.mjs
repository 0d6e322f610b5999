// Where the demo opens the chart: VS Code through its `code` command when there is one on PATH,
// else the bundled code-server. Pure decisions, so the tests can hand in any PATH.
import { accessSync, constants, statSync } from 'node:fs';
import { delimiter, join } from 'node:path';

/** True for a regular file this process may execute. */
export function isExecutableFile(path) {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/**
 * The first `name` on `PATH` that is an executable file, as a shell would find it; on Windows with
 * the extensions of PATHEXT (`code` is `code.cmd` there). Undefined when there is none.
 */
export function findOnPath(name, { env, platform = process.platform, isExecutable = isExecutableFile }) {
  const path = env.PATH ?? env.Path ?? '';
  const suffixes =
    platform === 'win32' ? (env.PATHEXT ?? '.COM;.EXE;.BAT;.CMD').split(';').map((s) => s.toLowerCase()) : [''];
  for (const dir of path.split(platform === 'win32' ? ';' : delimiter)) {
    // An empty PATH entry means the current directory to a shell; a demo should not run a `code` found there.
    if (!dir) continue;
    for (const suffix of suffixes) {
      const candidate = join(dir, name + suffix);
      if (isExecutable(candidate)) return candidate;
    }
  }
  return undefined;
}

/**
 * @returns {{ mode: 'vscode', code: string } | { mode: 'code-server', why: string }}
 */
export function chooseOpener({ env, platform = process.platform, isExecutable = isExecutableFile, forceCodeServer }) {
  if (forceCodeServer) return { mode: 'code-server', why: 'asked with --code-server' };
  const code = findOnPath('code', { env, platform, isExecutable });
  return code ? { mode: 'vscode', code } : { mode: 'code-server', why: 'no `code` command on PATH' };
}

/**
 * The commands that show the chart in VS Code: install (or replace) the packaged extension, then open
 * the folder of the recording with the recording in it. Its name matches the custom editor's
 * `poolscope-*.ndjson` selector, so VS Code opens it in the chart rather than as text.
 */
export function vscodeCommands({ code, vsix, folder, recording }) {
  return [
    { cmd: code, args: ['--install-extension', vsix, '--force'] },
    { cmd: code, args: [folder, recording] },
  ];
}
