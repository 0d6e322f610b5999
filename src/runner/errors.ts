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
  noRuntime: (program: string, scripts: string[], interpreters: string[]) =>
    new PoolscopeError(
      program,
      `not a program Poolscope can record (expected a ${scripts.join(' or ')} script, or a command starting with ${interpreters.join(' or ')})`,
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
  // The output is created before the program starts, so a path that cannot hold a recording stops
  // the run before anything ran: the user asked for a recording and can fix the path at once.
  noFolder: (file: string, folder: string) =>
    new PoolscopeError(
      file,
      `cannot write the recording (the folder ${folder} does not exist), so the program was not started: create the folder or choose another path with -o`,
    ),
  cannotCreate: (file: string, error: unknown) =>
    new PoolscopeError(
      file,
      `cannot write the recording (${reasonOf(error)}), so the program was not started: ${
        (error as { code?: string }).code === 'ENOSPC'
          ? 'free some space or choose another path'
          : 'choose a path where you can write'
      } with -o`,
    ),
  cannotWrite: (file: string, error: unknown) =>
    new PoolscopeError(file, `cannot write the recording (${reasonOf(error)})`),
  outputNotAFile: (file: string, kind: string) =>
    new PoolscopeError(
      file,
      `is ${kind}, not a regular file: Poolscope writes recordings to files only and does not replace it (to keep no recording, run the program without poolscope record)`,
    ),
  recordingDeleted: (file: string) =>
    new PoolscopeError(file, 'the recording was deleted while the program ran: nothing of it is left'),
  recordingMoved: (file: string) =>
    new PoolscopeError(
      file,
      'the recording was moved away or replaced while the program ran: its exit event was not added, and nothing was written to what is there now',
    ),
  outputIsLink: (file: string) =>
    new PoolscopeError(file, 'is a symbolic link: name the file it points to, or another file, with -o'),
  outputIsInput: (file: string) =>
    new PoolscopeError(file, 'is an input of the program (its script or an argument): choose another name with -o'),
  outputNotARecording: (file: string) =>
    new PoolscopeError(
      file,
      'exists and is not a Poolscope recording: Poolscope replaces only old recordings; delete it or choose another name with -o',
    ),
  outputTaken: (file: string) =>
    new PoolscopeError(
      file,
      'another recording to the same file started at the same time; this run was stopped so the two do not mix',
    ),
  noFreeName: (file: string) =>
    new PoolscopeError(file, 'cannot find a free name for the recording (too many alike); name one with -o'),
  cannotStart: (executable: string, error: unknown) =>
    new PoolscopeError(executable, `cannot start it (${reasonOf(error)})`),
};
