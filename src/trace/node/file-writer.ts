import { closeSync, constants, openSync, writeSync } from 'node:fs';
import type { Record_ } from '../schema.ts';
import { toLine, toLines } from '../writer.ts';

/**
 * Appends whole lines to a recording that other threads and processes may be appending to at the
 * same time. O_APPEND makes each write land at the current end of the file, and writing a batch of
 * whole lines in one writeSync keeps lines from interleaving mid-line on local file systems.
 */
export class TraceFileWriter {
  private fd: number | undefined;

  constructor(readonly path: string) {
    this.fd = openSync(path, constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT, 0o644);
  }

  write(record: Record_): void {
    this.writeText(toLine(record));
  }

  writeAll(records: Iterable<Record_>): void {
    this.writeText(toLines(records));
  }

  /** Writes text that already consists of whole lines. */
  writeText(text: string): void {
    if (this.fd === undefined) throw new Error(`the recording ${this.path} is already closed`);
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    // A regular file takes the whole buffer at once; the loop only matters on odd file systems.
    while (offset < bytes.length) offset += writeSync(this.fd, bytes, offset, bytes.length - offset);
  }

  close(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
  }
}

/** Appends records to a recording in one write, opening and closing it. */
export function appendRecords(path: string, records: Iterable<Record_>): void {
  const writer = new TraceFileWriter(path);
  try {
    writer.writeAll(records);
  } finally {
    writer.close();
  }
}
