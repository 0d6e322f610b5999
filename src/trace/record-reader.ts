import { FORMAT_VERSION, type Header, type TraceEvent } from './schema.ts';
import { RECORD_TYPES, type RecordType } from './fields.ts';
import { BREAKS, CONFORMS, quickCheck } from './check-fast.ts';
import { describeValue, firstProblem, unknownFields } from './check-fields.ts';
import { issues, type TraceIssue } from './issues.ts';
import { describeShape, isBlank } from './line-text.ts';

/** A record of a type this reader does not know, kept as parsed for tools that want it. */
export interface UnknownRecord {
  e: string;
  [field: string]: unknown;
}

/** Where decoded records go. `byte` is the line's byte offset when `positions` is on, else -1. */
export interface RecordSink {
  header?(header: Header, line: number, byte: number): void;
  event(event: TraceEvent, line: number, byte: number): void;
  unknown?(record: UnknownRecord, line: number, byte: number): void;
  issue?(issue: TraceIssue): void;
}

/** What the record reader needs from the decoder that frames the lines (reader.ts). */
export interface RecordHost {
  /** Byte offset in the file of a character index of the text being read; computed only when asked. */
  byteAt(charIndex: number): number;
  report(issue: TraceIssue): void;
  /** The header was read and checked. */
  header(header: Header): void;
  /** A fatal problem (a header of another format version): the rest of the input must be ignored. */
  stop(): void;
}

const KNOWN_TYPES: ReadonlySet<string> = new Set(RECORD_TYPES);

/**
 * The meaning of one line: JSON, an object with a type, the header and its version first, known
 * record types, fields that conform. The bytes, the splitting into lines and the positions are
 * the decoder's (reader.ts); this sees one line's text at a time.
 */
export class RecordReader {
  /** A record (header or not) was seen. */
  sawRecord = false;
  /** Unknown record types and fields already reported: each is reported once. */
  private readonly warned = new Set<string>();

  constructor(
    private readonly sink: RecordSink,
    private readonly host: RecordHost,
    private readonly check: boolean,
    private readonly positions: boolean,
  ) {}

  /** Reads `text.slice(start, end)`, the `line`th line (1-based), and hands its record to the sink. */
  readLine(text: string, start: number, end: number, line: number): void {
    let rec: unknown;
    try {
      rec = JSON.parse(text.slice(start, end));
    } catch {
      if (isBlank(text, start, end)) return; // Spaces or tabs only: as blank as an empty line.
      // V8's parse message differs between Node versions; the line's start tells the user more.
      const preview = end - start > 60 ? text.slice(start, start + 60) + '…' : text.slice(start, end);
      this.host.report(issues.corruptLine(line, this.host.byteAt(start), preview));
      return;
    }
    if (typeof rec !== 'object' || rec === null || Array.isArray(rec) || typeof (rec as UnknownRecord).e !== 'string') {
      this.host.report(issues.notAnEvent(line, this.host.byteAt(start), describeShape(rec)));
      return;
    }
    const obj = rec as UnknownRecord;
    const first = !this.sawRecord;
    this.sawRecord = true;
    const byte = this.positions ? this.host.byteAt(start) : -1;
    if (obj.e === 'header') {
      this.readHeader(obj, first, line, start);
      return;
    }
    if (first) this.host.report(issues.headerMissing(line, this.host.byteAt(start), obj.e));
    if (!KNOWN_TYPES.has(obj.e)) {
      if (!this.warned.has(obj.e)) {
        this.warned.add(obj.e);
        this.host.report(issues.unknownType(line, this.host.byteAt(start), obj.e));
      }
      this.sink.unknown?.(obj, line, byte);
      return;
    }
    if (this.check && !this.conforms(obj, line, start)) return;
    this.sink.event(obj as unknown as TraceEvent, line, byte);
  }

  private readHeader(obj: UnknownRecord, first: boolean, line: number, start: number): void {
    if (!first) {
      this.host.report(issues.extraHeader(line, this.host.byteAt(start)));
      return;
    }
    if (obj.v !== FORMAT_VERSION) {
      // Only a whole number above ours means a newer writer; anything else is a damaged header.
      const newer = typeof obj.v === 'number' && Number.isSafeInteger(obj.v) && obj.v > FORMAT_VERSION;
      this.host.report(
        newer
          ? issues.unsupportedVersion(line, this.host.byteAt(start), obj.v as number, FORMAT_VERSION)
          : issues.badVersion(line, this.host.byteAt(start), describeValue(obj.v)),
      );
      this.host.stop();
      return;
    }
    if (this.check && !this.conforms(obj, line, start)) return;
    const header = obj as unknown as Header;
    this.host.header(header);
    this.sink.header?.(header, line, this.positions ? this.host.byteAt(start) : -1);
  }

  private conforms(obj: UnknownRecord, line: number, start: number): boolean {
    const type = obj.e as RecordType;
    const verdict = quickCheck(obj, type);
    if (verdict === CONFORMS) return true;
    if (verdict === BREAKS) {
      const problem = firstProblem(obj, type)!;
      this.host.report(
        issues.badField(line, this.host.byteAt(start), problem.path, `${problem.problem}; the event was skipped`),
      );
      return false;
    }
    for (const path of unknownFields(obj, type) ?? []) {
      if (this.warned.has(path)) continue;
      this.warned.add(path);
      this.host.report(issues.unknownField(line, this.host.byteAt(start), path));
    }
    return true;
  }
}
