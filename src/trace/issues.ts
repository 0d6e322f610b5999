/**
 * What readers and the validator report about a recording, and the one place their messages are
 * written. A `fatal` issue stops reading (an unknown format version); an `error` skips one line or
 * breaks one cross-record rule; a `warning` loses nothing a viewer needs.
 */

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
  | 'empty'
  | 'tooMany'
  | 'laneUndescribed'
  | 'crossRecord';

export const issues = {
  corruptLine: (line: number, byte: number, preview: string) =>
    at('corruptLine', line, byte, `not valid JSON, line skipped (the rest is still read): ${preview}`, 'error'),
  notAnEvent: (line: number, byte: number, got: string) =>
    at('notAnEvent', line, byte, `expected an event object with a string "e" field, got ${got}; line skipped`, 'error'),
  badField: (line: number, byte: number, path: string, problem: string) =>
    at('badField', line, byte, `${path}: ${problem}`, 'error'),
  headerMissing: (line: number, byte: number, type: string) =>
    at(
      'headerMissing',
      line,
      byte,
      `the first line must be a header, got a "${type}" event; reading on without one`,
      'error',
    ),
  extraHeader: (line: number, byte: number) =>
    at('extraHeader', line, byte, 'a second header was ignored (only the first line may be a header)', 'error'),
  unsupportedVersion: (line: number, byte: number, v: unknown, known: number) =>
    at(
      'unsupportedVersion',
      line,
      byte,
      `recording format version ${String(v)} is not supported: this reader knows version ${known}; update Poolscope to read it`,
      'fatal',
    ),
  unknownType: (line: number, byte: number, type: string) =>
    at(
      'unknownType',
      line,
      byte,
      `unknown event type "${type}" (written by a newer Poolscope?) kept and ignored`,
      'warning',
    ),
  unknownField: (line: number, byte: number, path: string) =>
    at('unknownField', line, byte, `unknown field ${path} (written by a newer Poolscope?) kept and ignored`, 'warning'),
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
    message: `could not read ${path} (${reason}); will try again`,
  }),
  empty: (): TraceIssue => ({ severity: 'warning', code: 'empty', message: 'the recording is empty' }),
  tooMany: (count: number): TraceIssue => ({
    severity: 'warning',
    code: 'tooMany',
    message: `${count} more problem(s) were found but not listed`,
  }),
  laneUndescribed: (line: number, byte: number, lane: string) =>
    at(
      'laneUndescribed',
      line,
      byte,
      `lane ${lane} is used but no lane event describes it; viewers will name it by its id`,
      'warning',
    ),
  crossRecord: (line: number, byte: number, path: string, problem: string, soft: boolean) =>
    at(
      'crossRecord',
      line,
      byte,
      `${path}: ${problem}${soft ? ' (the recording dropped events, so this may be one of them)' : ''}`,
      soft ? 'warning' : 'error',
    ),
};
