import { closeSync, openSync, readSync } from 'node:fs';

/** Bytes read at a time: large enough for speed, small enough that memory follows the model, not the file. */
export const READ_CHUNK_BYTES = 4 << 20;

const pause = new Int32Array(new SharedArrayBuffer(4));

/**
 * Reads an open file descriptor to its end, handing each chunk to `onChunk` (the buffer is reused:
 * `TraceDecoder.feed` copies what it keeps). Never holds the whole file, so recordings larger than
 * a JavaScript string (512 MB) or a Buffer (2 GiB) read like small ones. Errors of the file system
 * are thrown as they are (they carry `code` and `syscall`).
 */
export function readChunks(fd: number, onChunk: (bytes: Uint8Array) => void, chunkBytes = READ_CHUNK_BYTES): void {
  const buffer = new Uint8Array(Math.max(1, chunkBytes));
  for (;;) {
    let n: number;
    try {
      n = readSync(fd, buffer, 0, buffer.length, null);
    } catch (error) {
      // A non-blocking pipe (stdin from some shells and IDEs) has no data yet: wait for it.
      if ((error as NodeJS.ErrnoException).code !== 'EAGAIN') throw error;
      Atomics.wait(pause, 0, 0, 5);
      continue;
    }
    if (n === 0) return;
    onChunk(buffer.subarray(0, n));
  }
}

/** Opens `path` and reads it in chunks (see `readChunks`). */
export function readFileChunks(path: string, onChunk: (bytes: Uint8Array) => void, chunkBytes?: number): void {
  const fd = openSync(path, 'r');
  try {
    readChunks(fd, onChunk, chunkBytes);
  } finally {
    closeSync(fd);
  }
}
