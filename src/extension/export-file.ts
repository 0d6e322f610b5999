import { closeSync, openSync, writeSync } from 'node:fs';
import { writeChromeTrace } from '../trace/export-chrome.ts';
import type { TraceIssue } from '../trace/issues.ts';
import { ModelBuilder } from '../trace/model-builder.ts';
import type { TraceModel } from '../trace/model.ts';
import { readFileChunks } from '../trace/node/read-file.ts';
import { TraceDecoder } from '../trace/reader.ts';

/**
 * A recording read whole, and written as Chrome Trace Event JSON (Perfetto, chrome://tracing) in
 * pieces by the trace module's streaming writer, so a large recording never becomes one giant
 * string in the extension host. Pure Node (no vscode): Export for Perfetto and the summary use it,
 * and the unit tests call it directly.
 */

/** Reads a recording into a model, or says in one line why it cannot be read. */
export function loadModel(file: string): { model: TraceModel; issues: TraceIssue[] } | { error: string } {
  const builder = new ModelBuilder();
  const decoder = new TraceDecoder(builder);
  try {
    readFileChunks(file, (bytes) => decoder.feed(bytes));
  } catch (error) {
    return { error: `cannot read ${file}: ${(error as Error).message}` };
  }
  decoder.end();
  const fatal = decoder.issues.find((issue) => issue.severity === 'fatal');
  if (fatal) return { error: `${file} cannot be read: ${fatal.message}` };
  if (!builder.model.header && builder.model.eventCount === 0) {
    return { error: `${file} is not a Poolscope recording: ${decoder.issues[0]?.message ?? 'it holds no events'}` };
  }
  return { model: builder.model, issues: decoder.issues };
}

/** Writes the Chrome trace of `model` to `out`; the number of trace events. */
export function writeChromeFile(model: TraceModel, out: string): number {
  const fd = openSync(out, 'w');
  try {
    return writeChromeTrace(model, (text) => {
      writeSync(fd, text);
    });
  } finally {
    closeSync(fd);
  }
}
