/**
 * Every error the runner raises, and the one place their messages are written. A PoolscopeError
 * names the thing that failed (`what`) and why, so a command line tool can print it as one line:
 * `poolscope: <what>: <why>`.
 */
export class PoolscopeError extends Error {
  override name = 'PoolscopeError';

  constructor(
    readonly what: string,
    readonly why: string,
    /** Exit status for a command line tool: 2 for a usage mistake, 1 for anything else. */
    readonly exitCode: 1 | 2 = 1,
  ) {
    super(`${what}: ${why}`);
  }
}

/** The one-line reason of a system error (`ENOENT: no such file or directory, open 'x'` → `no such file or directory`). */
export function reasonOf(error: unknown): string {
  const e = error as { code?: string; message?: string };
  const known: Record<string, string> = {
    ENOENT: 'no such file or directory',
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    EISDIR: 'is a directory',
    ENOTDIR: 'a parent is not a directory',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on device',
  };
  if (e.code === 'ERR_FS_EISDIR') return known.EISDIR!;
  if (e.code && known[e.code]) return known[e.code]!;
  const message = String(e.message ?? error);
  return message.split('\n')[0]!;
}

export const runnerErrors = {
  emptyCommand: () => new PoolscopeError('record', 'nothing to run: name a script, e.g. poolscope record app.ts', 2),
  noRuntime: (program: string, known: string[]) =>
    new PoolscopeError(
      program,
      `not a program Poolscope can record (expected a ${known.join(' or ')} script, or a command starting with ${known.join(' or ')})`,
      2,
    ),
  missingScript: (script: string) => new PoolscopeError(script, 'no such file'),
  notAFile: (script: string) => new PoolscopeError(script, 'not a file'),
  noScriptInCommand: (command: string) =>
    new PoolscopeError(command, 'no script to run: Poolscope records a script file (node [options] SCRIPT [args])', 2),
  unsupportedNodeMode: (flag: string) =>
    new PoolscopeError(flag, 'cannot record this: Poolscope records a script file, not -e/-p/-i/--test/--run', 2),
  interpreterNotFound: (executable: string, reason: string) =>
    new PoolscopeError(executable, `cannot run it to learn its version (${reason})`),
  nodeTooOld: (executable: string, version: string) =>
    new PoolscopeError(executable, `Node ${version} is too old: recording needs Node 20.6 or newer (module.register)`),
  notBuilt: (file: string) =>
    new PoolscopeError(file, 'missing: the runner needs the built bundles; run `npm run build` first'),
  noFolder: (file: string, folder: string) =>
    new PoolscopeError(file, `cannot write the recording (the folder ${folder} does not exist)`),
  cannotWrite: (file: string, error: unknown) =>
    new PoolscopeError(file, `cannot write the recording (${reasonOf(error)})`),
  cannotStart: (executable: string, error: unknown) =>
    new PoolscopeError(executable, `cannot start it (${reasonOf(error)})`),
};
