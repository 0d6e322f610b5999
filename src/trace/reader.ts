import type { Header, TraceEvent } from './schema.ts';
import { issues, type IssueSeverity, type TraceIssue } from './issues.ts';
import { concat, utf8Length } from './line-text.ts';
import { RecordReader, type RecordSink, type UnknownRecord } from './record-reader.ts';

export { utf8Length } from './line-text.ts';
export type { RecordSink, UnknownRecord } from './record-reader.ts';

export interface DecoderOptions {
  /** Compute the byte offset of every line, not just of lines with issues (the validator wants them). */
  positions?: boolean;
  /** Check every record against the field table and skip the ones that do not conform (default true). */
  check?: boolean;
  /** Issues kept in `issues` before the rest are only counted (default 200). */
  maxIssues?: number;
  /**
   * Complete lines are decoded to text this many bytes at a time (default 1 MiB; a longer line is
   * decoded whole), so no string grows past one batch or one line whatever the size of a chunk.
   */
  batchBytes?: number;
  /** A longer line is skipped with an error instead of being held (default 256 MiB; V8 strings stop at 512 MB). */
  maxLineBytes?: number;
}

const NEWLINE = 10;
const BATCH_BYTES = 1 << 20;
const MAX_LINE_BYTES = 256 << 20;

/**
 * Incremental NDJSON decoder. Feed it chunks split anywhere — inside a line or inside a multi-byte
 * UTF-8 character — and it hands each complete line's record to the sink. Only `end()` decides that a
 * trailing partial line is truncated, so a follower can wait for the writer to finish the line.
 * This is the framing (bytes, UTF-8, lines, offsets, issues kept); what a line means is
 * record-reader.ts's.
 */
export class TraceDecoder {
  readonly issues: TraceIssue[] = [];
  /** Every issue reported, listed in `issues` or not, by severity (the closing `tooMany` note is not one). */
  readonly counts: Record<IssueSeverity, number> = { fatal: 0, error: 0, warning: 0 };
  header: Header | undefined;
  /** Lines seen so far, blank ones included. */
  lines = 0;
  private consumed = 0;
  // Text fed as a string is measured in UTF-8 bytes only when an offset is needed: a whole file
  // read from a string usually never needs it.
  private unmeasured = '';
  /** True after a fatal issue: further input is ignored. */
  stopped = false;
  private readonly sink: RecordSink;
  private readonly records: RecordReader;
  private readonly maxIssues: number;
  private readonly batchBytes: number;
  private readonly maxLineBytes: number;
  // The strict decoder finds invalid UTF-8; only the lines it rejects are decoded again loosely (U+FFFD).
  private readonly strict = new TextDecoder('utf-8', { fatal: true });
  private readonly loose = new TextDecoder('utf-8');
  private pendingBytes: Uint8Array[] = [];
  private pendingByteLength = 0;
  /** Inside a line longer than `maxLineBytes`: bytes are dropped until its newline. */
  private skipping = false;
  private pendingText = '';
  private ended = false;
  /** Issues reported but not kept in `issues` (past `maxIssues`). */
  unlisted = 0;
  // Converts char offsets of the current text to byte offsets incrementally, so positions cost O(n) in total.
  private text = '';
  private textByteStart = 0;
  private cursorChar = 0;
  private cursorByte = 0;

  constructor(sink: RecordSink, options: DecoderOptions = {}) {
    this.sink = sink;
    const host = {
      byteAt: (charIndex: number) => this.byteAt(charIndex),
      report: (issue: TraceIssue) => this.report(issue),
      header: (header: Header) => (this.header = header),
      stop: () => (this.stopped = true),
    };
    this.records = new RecordReader(sink, host, options.check ?? true, options.positions ?? false);
    this.maxIssues = options.maxIssues ?? 200;
    this.maxLineBytes = Math.max(1, options.maxLineBytes ?? MAX_LINE_BYTES);
    // A line longer than a batch is measured before it is decoded: one longer than maxLineBytes never is.
    this.batchBytes = Math.min(this.maxLineBytes, Math.max(1, options.batchBytes ?? BATCH_BYTES));
  }

  /** Bytes of complete lines consumed so far. */
  get bytes(): number {
    if (this.unmeasured !== '') {
      this.consumed += utf8Length(this.unmeasured, 0, this.unmeasured.length);
      this.unmeasured = '';
    }
    return this.consumed;
  }

  /** Feeds raw bytes of the file, in order. */
  feed(chunk: Uint8Array): void {
    if (this.stopped || chunk.length === 0) return;
    if (this.pendingText !== '') throw new Error('TraceDecoder: do not mix feed() (bytes) and feedText() (text)');
    let pos = 0;
    if (this.skipping) {
      const newline = chunk.indexOf(NEWLINE);
      if (newline === -1) {
        this.consumed += chunk.length;
        return;
      }
      this.consumed += newline + 1;
      this.lines++;
      this.skipping = false;
      pos = newline + 1;
    } else if (this.pendingByteLength > 0) {
      // Only the line that was waiting for its end is joined, never the rest of the chunk.
      const firstNewline = chunk.indexOf(NEWLINE);
      const length = this.pendingByteLength + (firstNewline === -1 ? chunk.length : firstNewline + 1);
      if (length > this.maxLineBytes) {
        this.skipLongLine(firstNewline === -1 ? chunk.length : firstNewline + 1, firstNewline !== -1);
        if (firstNewline === -1) return;
        pos = firstNewline + 1;
      } else if (firstNewline === -1) {
        this.pendingBytes.push(chunk.slice()); // The caller may reuse its buffer for the next read.
        this.pendingByteLength += chunk.length;
        return;
      } else {
        const head = chunk.subarray(0, firstNewline + 1);
        const line = concat([...this.pendingBytes, head], length);
        this.pendingBytes = [];
        this.pendingByteLength = 0;
        this.decodeLines(line);
        if (this.stopped) return;
        pos = firstNewline + 1;
      }
    }
    const lastNewline = chunk.lastIndexOf(NEWLINE);
    while (pos <= lastNewline) {
      // Cuts are at newline bytes, which never occur inside a multi-byte character, so batches decode whole characters.
      let cut =
        lastNewline - pos < this.batchBytes ? lastNewline : chunk.lastIndexOf(NEWLINE, pos + this.batchBytes - 1);
      if (cut < pos) {
        cut = chunk.indexOf(NEWLINE, pos + this.batchBytes); // A line longer than a batch goes whole…
        if (cut - pos + 1 > this.maxLineBytes) {
          this.skipLongLine(cut - pos + 1, true); // …unless no string could hold it.
          pos = cut + 1;
          continue;
        }
      }
      this.decodeLines(chunk.subarray(pos, cut + 1));
      if (this.stopped) return;
      pos = cut + 1;
    }
    if (pos === chunk.length) return;
    if (chunk.length - pos > this.maxLineBytes) this.skipLongLine(chunk.length - pos, false);
    else {
      this.pendingBytes.push(chunk.slice(pos));
      this.pendingByteLength += chunk.length - pos;
    }
  }

  /**
   * Drops a line too long to ever be parsed (a string that large does not fit in V8), reporting it
   * once: the waiting bytes and `taken` bytes of the chunk, and the rest up to the next newline when
   * `ended` is false. Memory stays bounded by `maxLineBytes` whatever the file holds.
   */
  private skipLongLine(taken: number, ended: boolean): void {
    this.report(issues.lineTooLong(this.lines + 1, this.bytes, this.maxLineBytes));
    this.consumed += this.pendingByteLength + taken;
    this.pendingBytes = [];
    this.pendingByteLength = 0;
    if (ended) this.lines++;
    else this.skipping = true;
  }

  /** Decodes whole lines; invalid UTF-8 is read as U+FFFD and reported once per line that holds it. */
  private decodeLines(bytes: Uint8Array): void {
    let text: string;
    try {
      text = this.strict.decode(bytes);
    } catch {
      this.decodeLinesLoosely(bytes);
      return;
    }
    this.processText(text, bytes.length);
  }

  private decodeLinesLoosely(bytes: Uint8Array): void {
    for (let start = 0; start < bytes.length && !this.stopped;) {
      const newline = bytes.indexOf(NEWLINE, start);
      const end = newline === -1 ? bytes.length : newline + 1;
      const line = bytes.subarray(start, end);
      let text: string;
      try {
        text = this.strict.decode(line);
      } catch {
        this.report(issues.invalidUtf8(this.lines + 1, this.bytes));
        text = this.loose.decode(line);
      }
      this.processText(text, line.length);
      start = end;
    }
  }

  /** Feeds already-decoded text, in order. */
  feedText(text: string): void {
    if (this.stopped || text.length === 0) return;
    if (this.pendingByteLength > 0) throw new Error('TraceDecoder: do not mix feed() (bytes) and feedText() (text)');
    const all = this.pendingText + text;
    const lastNewline = all.lastIndexOf('\n');
    if (lastNewline === -1) {
      this.pendingText = all;
      return;
    }
    this.pendingText = all.slice(lastNewline + 1);
    const complete = lastNewline + 1 === all.length ? all : all.slice(0, lastNewline + 1);
    this.processText(complete, -1);
  }

  /** The input is over: a trailing line without newline is read if complete, reported either way. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (!this.stopped) {
      let tail = this.pendingText;
      let tailBytes = utf8Length(tail, 0, tail.length);
      if (this.pendingByteLength > 0) {
        const bytes = concat(this.pendingBytes, this.pendingByteLength);
        try {
          tail = this.strict.decode(bytes);
        } catch {
          this.report(issues.invalidUtf8(this.lines + 1, this.bytes));
          tail = this.loose.decode(bytes);
        }
        tailBytes = bytes.length;
      }
      if (tail.trim() !== '') this.readTail(tail, tailBytes);
      if (!this.records.sawRecord && this.lines === 0 && tail === '' && this.bytes === 0) this.report(issues.empty());
    }
    this.pendingBytes = [];
    this.pendingByteLength = 0;
    this.pendingText = '';
    if (this.unlisted > 0) {
      const note = issues.tooMany(this.unlisted);
      this.issues.push(note);
      this.sink.issue?.(note);
    }
  }

  private readTail(tail: string, tailBytes: number): void {
    const line = this.lines + 1;
    const byte = this.bytes;
    let complete = false;
    try {
      JSON.parse(tail);
      complete = true;
    } catch {
      complete = false;
    }
    if (!complete) {
      this.report(issues.truncated(line, byte, tailBytes));
      return;
    }
    this.report(issues.noTrailingNewline(line, byte));
    this.processText(tail + '\n', tailBytes); // The newline is ours, not the file's.
  }

  private processText(text: string, byteLength: number): void {
    this.text = text;
    this.textByteStart = this.bytes;
    this.cursorChar = 0;
    this.cursorByte = 0;
    let pos = 0;
    for (;;) {
      const newline = text.indexOf('\n', pos);
      if (newline === -1) break;
      this.lines++;
      let end = newline;
      if (end > pos && text.charCodeAt(end - 1) === 13) end--; // Tolerate CRLF from editors.
      if (end > pos) this.records.readLine(text, pos, end, this.lines);
      if (this.stopped) return;
      pos = newline + 1;
    }
    if (byteLength >= 0) this.consumed += byteLength;
    else this.unmeasured = text;
    this.text = '';
  }

  private byteAt(charIndex: number): number {
    if (charIndex < this.cursorChar) {
      this.cursorChar = 0;
      this.cursorByte = 0;
    }
    this.cursorByte += utf8Length(this.text, this.cursorChar, charIndex);
    this.cursorChar = charIndex;
    return this.textByteStart + this.cursorByte;
  }

  private report(issue: TraceIssue): void {
    this.counts[issue.severity]++;
    if (this.issues.length >= this.maxIssues && issue.severity !== 'fatal') {
      this.unlisted++;
      return;
    }
    this.issues.push(issue);
    this.sink.issue?.(issue);
  }
}

export interface ParsedTrace {
  header: Header | undefined;
  events: TraceEvent[];
  unknown: UnknownRecord[];
  issues: TraceIssue[];
  lines: number;
}

/** Reads a whole recording into memory. For very large recordings prefer `readTraceInto` with a model builder. */
export function parseTrace(input: string | Uint8Array, options?: DecoderOptions): ParsedTrace {
  const events: TraceEvent[] = [];
  const unknown: UnknownRecord[] = [];
  const decoder = readTraceInto(input, { event: (e) => events.push(e), unknown: (r) => unknown.push(r) }, options);
  return { header: decoder.header, events, unknown, issues: decoder.issues, lines: decoder.lines };
}

/** Streams a whole recording into a sink without keeping the records; returns the finished decoder. */
export function readTraceInto(input: string | Uint8Array, sink: RecordSink, options?: DecoderOptions): TraceDecoder {
  const decoder = new TraceDecoder(sink, options);
  if (typeof input === 'string') decoder.feedText(input);
  else decoder.feed(input);
  decoder.end();
  return decoder;
}
