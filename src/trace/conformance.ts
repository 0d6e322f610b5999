import type { TraceIssue } from './issues.ts';
import { allFieldPaths, validateRecording } from './validate.ts';

export interface ConformanceReport {
  /** True when the recording breaks no rule of this format version. */
  ok: boolean;
  /** Errors, and warnings that mean a writer and this reader disagree (unknown event types or fields). */
  problems: TraceIssue[];
  /** Warnings that do not mean drift (a truncated last line, an undescribed lane…). */
  notes: TraceIssue[];
  /** Record types and field paths the recording uses. */
  seen: Set<string>;
}

/**
 * Holds a recording written by any of our writers (the Node library, the Python tracer) to the
 * contract: it must validate, and it must not use an event type or field this version does not
 * define, since for our own writers that means the writer and the schema drifted apart.
 */
export function checkRecordingAgainstSchema(input: string | Uint8Array): ConformanceReport {
  const result = validateRecording(input);
  const drift = (i: TraceIssue) =>
    i.severity !== 'warning' || i.code === 'unknownType' || i.code === 'unknownField' || i.code === 'invalidUtf8';
  const problems = result.issues.filter(drift);
  const notes = result.issues.filter((i) => !drift(i));
  return { ok: problems.length === 0, problems, notes, seen: result.seen };
}

/** Field paths (and record types) of the format that none of the recordings use. */
export function uncoveredFieldPaths(reports: Iterable<ConformanceReport>): string[] {
  const seen = new Set<string>();
  for (const report of reports) for (const path of report.seen) seen.add(path);
  return allFieldPaths().filter((path) => !seen.has(path));
}
