import { readFileSync } from 'node:fs';
import { reasonOf } from '../runner/errors.ts';
import { buildModel } from '../trace/model-builder.ts';
import type { TraceModel } from '../trace/model.ts';
import type { TraceIssue } from '../trace/issues.ts';
import { cliErrors } from './errors.ts';

/** The bytes of a recording, or a one-line error saying why they cannot be had. */
export function readRecordingFile(file: string): Uint8Array {
  try {
    return readFileSync(file);
  } catch (error) {
    throw cliErrors.cannotRead(file, reasonOf(error));
  }
}

/**
 * A recording as a model, read as far as it goes: a truncated or partly corrupt recording still
 * gives a model (its issues say what is missing), but a file with nothing Poolscope can read, or of
 * a format version this reader does not know, is an error.
 */
export function loadRecording(file: string): { model: TraceModel; issues: TraceIssue[] } {
  const bytes = readRecordingFile(file);
  if (bytes.length === 0) throw cliErrors.emptyRecording(file);
  const { model, issues } = buildModel(bytes);
  const fatal = issues.find((issue) => issue.severity === 'fatal');
  if (fatal) throw cliErrors.unreadableRecording(file, fatal.message);
  if (!model.header && model.eventCount === 0) {
    throw cliErrors.notARecording(file, issues[0]?.message ?? 'it holds no events');
  }
  return { model, issues };
}
