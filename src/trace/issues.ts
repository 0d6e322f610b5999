/**
 * What readers and the validator report about a recording, and the one place their messages are
 * written. A `fatal` issue stops reading (an unknown format version); an `error` skips one line or
 * breaks one cross-record rule; a `warning` loses nothing a viewer needs. Text taken from the
 * recording (previews, type and field names, paths) goes through `printable`, so a message is always
 * safe to show on a terminal and always one line.
 */

import { printable } from './display-text.ts';

export type IssueSeverity = 'fatal' | 'error' | 'warning';

export interface TraceIssue {
  severity: IssueSeverity;
  /** Which kind of issue: the name of its factory in `issues`, e.g. `corruptLine`, `unknownField`. */
  code: IssueCode;
  /** 1-based line number, when the issue belongs to a line. */
  line?: number;
  /** Byte offset of the start of that line in the file. */
  byte?: number;
  /** Full sentence, location first, e.g. `line 12 (byte 804): submit.site.line: expected integer, got "x"`. */
  message: string;
  /** For a `tooMany` note: how many problems it stands for. */
  count?: number;
}

function at(code: IssueCode, line: number, byte: number, text: string, severity: IssueSeverity): TraceIssue {
  return { severity, code, line, byte, message: `line ${line} (byte ${byte}): ${text}` };
}

export type IssueCode =
  | 'corruptLine'
  | 'notAnEvent'
  | 'badField'
  | 'headerMissing'
  | 'extraHeader'
  | 'unsupportedVersion'
  | 'unknownType'
  | 'unknownField'
  | 'truncated'
  | 'noTrailingNewline'
  | 'readFailed'
  | 'notAFile'
  | 'invalidUtf8'
  | 'lineTooLong'
  | 'noHeader'
  | 'empty'
  | 'tooMany'
  | 'laneUndescribed'
  | 'crossRecord';

export const issues = {
  corruptLine: (line: number, byte: number, preview: string) =>
    at(
      'corruptLine',
      line,
      byte,
      `not valid JSON, line skipped (the rest is still read): ${printable(preview)}`,
      'error',
    ),
  notAnEvent: (line: number, byte: number, got: string) =>
    at('notAnEvent', line, byte, `expected an event object with a string "e" field, got ${got}; line skipped`, 'error'),
  badField: (line: number, byte: number, path: string, problem: string) =>
    at('badField', line, byte, `${printable(path)}: ${printable(problem)}`, 'error'),
  headerMissing: (line: number, byte: number, type: string) =>
    at(
      'headerMissing',
      line,
      byte,
      `the first line must be a header, got a "${printable(type)}" event; reading on without one`,
      'error',
    ),
  extraHeader: (line: number, byte: number) =>
    at('extraHeader', line, byte, 'a second header was ignored (only the first line may be a header)', 'error'),
  unsupportedVersion: (line: number, byte: number, v: number, known: number) =>
    at(
      'unsupportedVersion',
      line,
      byte,
      `recording format version ${v} is not supported: this reader knows version ${known}; update Poolscope to read it`,
      'fatal',
    ),
  badVersion: (line: number, byte: number, got: string) =>
    at(
      'unsupportedVersion',
      line,
      byte,
      `the header's v is not a format version (expected a whole number such as 1, got ${printable(got)})`,
      'fatal',
    ),
  unknownType: (line: number, byte: number, type: string) =>
    at(
      'unknownType',
      line,
      byte,
      `unknown event type "${printable(type)}" (written by a newer Poolscope?) kept and ignored`,
      'warning',
    ),
  unknownField: (line: number, byte: number, path: string) =>
    at(
      'unknownField',
      line,
      byte,
      `unknown field ${printable(path)} (written by a newer Poolscope?) kept and ignored`,
      'warning',
    ),
  lineTooLong: (line: number, byte: number, max: number) =>
    at(
      'lineTooLong',
      line,
      byte,
      `line longer than ${max >= 2 ** 20 ? `${Math.round(max / 2 ** 20)} MiB` : `${max} bytes`}: skipped without being read (the rest is still read)`,
      'error',
    ),
  invalidUtf8: (line: number, byte: number) =>
    at(
      'invalidUtf8',
      line,
      byte,
      'not valid UTF-8: the bad bytes were read as U+FFFD; the writer must encode text as UTF-8',
      'warning',
    ),
  truncated: (line: number, byte: number, length: number) =>
    at(
      'truncated',
      line,
      byte,
      `recording ends mid-record at byte ${byte}: the last partial line was ignored (${length} bytes without a newline)`,
      'warning',
    ),
  noTrailingNewline: (line: number, byte: number) =>
    at(
      'noTrailingNewline',
      line,
      byte,
      'the last line has no trailing newline; it was complete and was read',
      'warning',
    ),
  readFailed: (path: string, reason: string): TraceIssue => ({
    severity: 'warning',
    code: 'readFailed',
    message: `could not read ${printable(path)} (${printable(reason)}); will try again`,
  }),
  notAFile: (path: string, what: string): TraceIssue => ({
    severity: 'error',
    code: 'notAFile',
    message: `${printable(path)} is ${what}, not a recording file; stopped following it`,
  }),
  empty: (): TraceIssue => ({ severity: 'warning', code: 'empty', message: 'the recording is empty' }),
  noHeader: (why: string): TraceIssue => ({
    severity: 'error',
    code: 'noHeader',
    message: `${why}: a recording starts with a complete header line`,
  }),
  tooMany: (count: number): TraceIssue => ({
    severity: 'warning',
    code: 'tooMany',
    count,
    message: `${count} more problem${count === 1 ? ' was' : 's were'} found but not listed`,
  }),
  laneUndescribed: (line: number, byte: number, lane: string) =>
    at(
      'laneUndescribed',
      line,
      byte,
      `lane ${printable(lane)} is used but no lane event describes it; viewers will name it by its id`,
      'warning',
    ),
  crossRecord: (line: number, byte: number, path: string, problem: string, soft: boolean) =>
    at(
      'crossRecord',
      line,
      byte,
      `${path}: ${printable(problem)}${soft ? ' (the recording dropped events, so this may be one of them)' : ''}`,
      soft ? 'warning' : 'error',
    ),
};
