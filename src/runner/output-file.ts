import {
  closeSync,
  existsSync,
  fstatSync,
  linkSync,
  lstatSync,
  openSync,
  readSync,
  renameSync,
  rmSync,
  statSync,
  unlinkSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { runnerErrors } from './errors.ts';
import { defaultRecordingStem } from './output-path.ts';

/**
 * The recording's file, chosen and reserved before the program starts. The program is told the
 * final path and waits until it exists (hooks/recording-root.ts), so the header must appear there
 * in one step: it is written to `side` and hard-linked (or renamed) into place by `placeHeader`.
 */
export interface ReservedOutput {
  readonly file: string;
  readonly side: string;
  fd: number | undefined;
}

export interface OutputRequest {
  /** `-o` as the user wrote it, or undefined for the default name. */
  output: string | undefined;
  cwd: string;
  /** The script, as the plan names it: the default name is made from it. */
  program: string;
  /** Paths the program reads (its script, its arguments): never overwritten, whatever they hold. */
  inputs: readonly string[];
  now?: Date;
}

/** Default names tried before giving up: `-2`, `-3`… only matter for runs started in the same second. */
const MAX_ATTEMPTS = 1000;

function lstatOrUndefined(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * Picks the recording's path and reserves it. `-o DIR` or `-o DIR/` puts a default-named recording
 * in that folder. An explicit file may replace an old recording or an empty file, nothing else: not
 * a device or FIFO (as root, replacing /dev/null would delete it), not a symbolic link, not one of
 * the program's inputs, not a file whose first line is not a recording header.
 */
export function reserveOutput(request: OutputRequest): ReservedOutput {
  const { output, cwd } = request;
  if (output === undefined) return reserveDefault(cwd, request);
  const path = resolve(cwd, output);
  if (isFolder(path)) return reserveDefault(path, request);
  if (/[\\/]$/.test(output)) throw runnerErrors.noFolder(path, path);
  return reserveExplicit(
    path,
    request.inputs.map((input) => resolve(cwd, input)),
  );
}

function openSide(file: string, side: string): number {
  try {
    return openSync(side, 'wx');
  } catch (error) {
    if (!existsSync(dirname(file))) throw runnerErrors.noFolder(file, dirname(file));
    throw runnerErrors.cannotCreate(file, error);
  }
}

/**
 * A default name is reserved by creating its side file exclusively: two runs started in the same
 * second (a shell loop, `make -j`) cannot both get it, and the one that does not moves on to `-2`.
 * The final file's absence is checked again once the side file is ours, since a run that held the
 * name before us links the final file before it lets go of the side file.
 */
function reserveDefault(folder: string, request: OutputRequest): ReservedOutput {
  const stem = defaultRecordingStem(request.program, request.now);
  for (let n = 1; n <= MAX_ATTEMPTS; n++) {
    const file = join(folder, n === 1 ? `${stem}.ndjson` : `${stem}-${n}.ndjson`);
    const side = `${file}.tmp`;
    if (lstatOrUndefined(file)) continue;
    let fd: number;
    try {
      fd = openSync(side, 'wx');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') continue;
      if (!existsSync(folder)) throw runnerErrors.noFolder(file, folder);
      throw runnerErrors.cannotCreate(file, error);
    }
    if (!lstatOrUndefined(file)) return { file, side, fd };
    closeSync(fd);
    rmSync(side, { force: true });
  }
  throw runnerErrors.noFreeName(join(folder, `${stem}.ndjson`));
}

function reserveExplicit(file: string, inputs: readonly string[]): ReservedOutput {
  const existing = lstatOrUndefined(file);
  if (existing) {
    if (existing.isSymbolicLink()) throw runnerErrors.outputIsLink(file);
    if (!existing.isFile()) throw runnerErrors.outputNotAFile(file, kindOf(existing));
    for (const input of inputs) {
      const other = lstatOrUndefined(input);
      if (other && other.dev === existing.dev && other.ino === existing.ino) throw runnerErrors.outputIsInput(file);
    }
    if (existing.size > 0 && !startsWithHeader(file)) throw runnerErrors.outputNotARecording(file);
  }
  const side = `${file}.${process.pid}.tmp`;
  try {
    rmSync(side, { force: true }); // Left by a killed run whose pid was ours.
  } catch {
    // The folder is not one (ENOTDIR) or not ours: openSide says so in the user's terms.
  }
  const fd = openSide(file, side);
  if (existing) {
    try {
      // The old recording must be gone before the program starts, or the program would append to it.
      unlinkSync(file);
    } catch (error) {
      closeSync(fd);
      rmSync(side, { force: true });
      throw runnerErrors.cannotCreate(file, error);
    }
  }
  return { file, side, fd };
}

function kindOf(stats: Stats): string {
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isDirectory()) return 'a folder';
  return 'not a regular file';
}

/** True when the file's first line is a recording header (an old recording may be replaced). */
function startsWithHeader(file: string): boolean {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return false;
  }
  const buffer = Buffer.alloc(1 << 16);
  let n: number;
  try {
    n = readSync(fd, buffer, 0, buffer.length, 0);
  } catch {
    return false;
  } finally {
    closeSync(fd);
  }
  const newline = buffer.subarray(0, n).indexOf(10);
  try {
    const first: unknown = JSON.parse(buffer.toString('utf8', 0, newline === -1 ? n : newline));
    return typeof first === 'object' && first !== null && (first as { e?: unknown }).e === 'header';
  } catch {
    return false;
  }
}

/**
 * Writes the header into the side file and puts it in place in one step. A hard link fails when
 * the final name exists (another run took it meanwhile) where a rename would silently replace it;
 * file systems without hard links fall back to the rename. Returns the placed file's descriptor,
 * still open (the caller closes it): it stays the recording whatever happens to its name, so the
 * runner can tell at the end whether the file was deleted or moved meanwhile (`fateOf`).
 */
export function placeHeader(reserved: ReservedOutput, header: string): number {
  const fd = reserved.fd!;
  reserved.fd = undefined;
  try {
    const bytes = Buffer.from(header, 'utf8');
    for (let offset = 0; offset < bytes.length;) offset += writeSync(fd, bytes, offset, bytes.length - offset);
    putInPlace(reserved);
  } catch (error) {
    closeSync(fd);
    throw error;
  }
  return fd;
}

function putInPlace(reserved: ReservedOutput): void {
  try {
    linkSync(reserved.side, reserved.file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') throw runnerErrors.outputTaken(reserved.file);
    if (lstatOrUndefined(reserved.file)) throw runnerErrors.outputTaken(reserved.file);
    renameSync(reserved.side, reserved.file);
    return;
  }
  rmSync(reserved.side, { force: true });
}

/**
 * What became of a placed recording, given its open descriptor: still at `file`, deleted (no name
 * left), or moved away or replaced by something else (`file` is not it any more).
 */
export function fateOf(fd: number, file: string): 'in place' | 'deleted' | 'moved' {
  let own: Stats;
  try {
    own = fstatSync(fd);
  } catch {
    return 'moved';
  }
  if (own.nlink === 0) return 'deleted';
  const named = lstatOrUndefined(file);
  return named && named.isFile() && named.dev === own.dev && named.ino === own.ino ? 'in place' : 'moved';
}

/** Gives the reservation up: the side file goes, the final file was never created. */
export function releaseOutput(reserved: ReservedOutput): void {
  if (reserved.fd !== undefined) closeSync(reserved.fd);
  reserved.fd = undefined;
  rmSync(reserved.side, { force: true });
}
