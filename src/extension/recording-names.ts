import { basename } from 'node:path';

/**
 * Which recording editor opens a file, by its name. Pure (no vscode) so it is tested against the
 * `customEditors` selectors of package.json, which must say the same.
 */

/** The default editor of Poolscope's own file names. */
export const RECORDING_EDITOR_VIEW_TYPE = 'poolscope.recording';
/** The same editor, offered under "Open With…" for any .ndjson/.jsonl (a contribution has one priority). */
export const ANY_NDJSON_VIEW_TYPE = 'poolscope.recordingAny';

const OWN_NAME = /^poolscope-.*\.ndjson$|\.poolscope\.ndjson$/i;
const ANY_NAME = /\.(ndjson|jsonl)$/i;

/** Which editor opens `file`, matching the selectors of package.json; undefined for other names. */
export function recordingViewTypeFor(file: string): string | undefined {
  const name = basename(file);
  return OWN_NAME.test(name) ? RECORDING_EDITOR_VIEW_TYPE : ANY_NAME.test(name) ? ANY_NDJSON_VIEW_TYPE : undefined;
}
