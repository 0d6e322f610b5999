import {
  closeSync,
  fstatSync,
  openSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
  type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { reasonOf } from '../runner/errors.ts';
import { cliErrors } from './errors.ts';
import { STDIN } from './load-recording.ts';

/** The name that means "write to stdout". */
export const STDOUT = '-';

/** Thrown when the reader of stdout has gone (`poolscope … | head`): main() ends quietly, status 0. */
export class OutputClosed extends Error {
  override name = 'OutputClosed';
}

const pause = new Int32Array(new SharedArrayBuffer(4));

/** Writes all of `text` to a file descriptor, synchronously, waiting out a full non-blocking pipe. */
function writeAll(fd: number, text: string): void {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length;) {
    try {
      offset += writeSync(fd, bytes, offset, bytes.length - offset);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
    }
  }
}

/** Writes to stdout synchronously, so a large export never queues up in memory behind a slow reader. */
export function writeStdout(text: string): void {
  try {
    writeAll(1, text);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EPIPE') throw new OutputClosed('stdout was closed');
    throw error;
  }
}

function statOrUndefined(read: () => Stats): Stats | undefined {
  try {
    return read();
  } catch {
    return undefined;
  }
}

function sameFile(a: Stats | undefined, b: Stats | undefined): boolean {
  return a !== undefined && b !== undefined && a.dev === b.dev && a.ino === b.ino;
}

/**
 * Writes an output file in pieces from `produce`. A regular file, or a new one, is written to a
 * temporary file beside it and renamed into place, so a failed export leaves the old file as it
 * was and never half a new one; a device or FIFO (`-o /dev/null`) is written to, never replaced.
 * Refuses an output that is the recording being read (the same file under any name).
 */
export function writeOutputFile<T>(out: string, input: string, produce: (write: (text: string) => void) => T): T {
  const existing = statOrUndefined(() => statSync(out));
  const source = statOrUndefined(() => (input === STDIN ? fstatSync(0) : statSync(input)));
  if (sameFile(existing, source)) throw cliErrors.outputIsInput(out);
  if (existing?.isDirectory()) throw cliErrors.outputIsFolder(out);
  const fail = (error: unknown) => cliErrors.cannotWrite(out, reasonOf(error));
  if (existing && !existing.isFile()) {
    let fd: number;
    try {
      fd = openSync(out, 'w');
    } catch (error) {
      throw fail(error);
    }
    try {
      return produce((text) => writeAll(fd, text));
    } catch (error) {
      throw (error as NodeJS.ErrnoException).syscall ? fail(error) : error;
    } finally {
      closeSync(fd);
    }
  }
  // Through a symbolic link to a file, the file is replaced, not the link.
  const target = existing ? realpathSync(out) : out;
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  let fd: number;
  try {
    fd = openSync(temp, 'wx');
  } catch (error) {
    throw fail(error);
  }
  let result: T;
  try {
    try {
      result = produce((text) => writeAll(fd, text));
    } finally {
      closeSync(fd);
    }
    renameSync(temp, target);
  } catch (error) {
    rmSync(temp, { force: true });
    throw (error as NodeJS.ErrnoException).syscall ? fail(error) : error;
  }
  return result;
}
