// Where the demo writes a recording: one file per example in a folder of recordings, named so that
// VS Code opens it in the Poolscope chart (package.json `customEditors`: `poolscope-*.ndjson`).
import { basename, extname, join } from 'node:path';

export function recordingPathFor(recordingsDir, example) {
  const stem = basename(example, extname(example)).replace(/[^\w.-]+/g, '-');
  return join(recordingsDir, `poolscope-${stem}.ndjson`);
}
