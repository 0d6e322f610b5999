import { reasonOf } from '../runner/errors.ts';
import { ModelBuilder } from '../trace/model-builder.ts';
import type { TraceModel } from '../trace/model.ts';
import type { TraceIssue } from '../trace/issues.ts';
import { TraceDecoder } from '../trace/reader.ts';
import { readChunks, readFileChunks } from '../trace/node/read-file.ts';
import { cliErrors } from './errors.ts';

/** The name that means "read the recording from stdin". */
export const STDIN = '-';

/**
 * Streams a recording (a file, or stdin for `-`) into a decoder in chunks, so its size is limited by
 * what the decoder keeps, not by the largest string or buffer. A file that cannot be read is a
 * one-line error; the caller calls `decoder.end()`.
 */
export function streamRecording(file: string, decoder: TraceDecoder, chunkBytes?: number): void {
  const feed = (bytes: Uint8Array) => decoder.feed(bytes);
  try {
    if (file === STDIN) readChunks(0, feed, chunkBytes);
    else readFileChunks(file, feed, chunkBytes);
  } catch (error) {
    // Only the file system's errors are the user's to fix; anything else is a bug and stays one.
    if (typeof (error as NodeJS.ErrnoException).syscall !== 'string') throw error;
    throw cliErrors.cannotRead(file, reasonOf(error));
  }
}

export interface LoadedRecording {
  model: TraceModel;
  /** The first issues found; a `tooMany` note at the end counts the rest. */
  issues: TraceIssue[];
}

/**
 * A recording as a model, read as far as it goes: a truncated or partly corrupt recording still
 * gives a model (its issues say what is missing), but a file with nothing Poolscope can read, or of
 * a format version this reader does not know, is an error.
 */
export function loadRecording(file: string, chunkBytes?: number): LoadedRecording {
  const builder = new ModelBuilder();
  const decoder = new TraceDecoder(builder);
  streamRecording(file, decoder, chunkBytes);
  decoder.end();
  const issues = decoder.issues;
  if (issues.some((issue) => issue.code === 'empty')) throw cliErrors.emptyRecording(file);
  const fatal = issues.find((issue) => issue.severity === 'fatal');
  if (fatal) throw cliErrors.unreadableRecording(file, fatal.message);
  const model = builder.model;
  if (!model.header && model.eventCount === 0) {
    throw cliErrors.notARecording(file, issues[0]?.message ?? 'it holds no events');
  }
  return { model, issues };
}
