import type { Record_ } from './schema.ts';

// JSON.stringify leaves U+0085 (NEL), U+2028 and U+2029 raw; some line splitters (Python's
// str.splitlines, old JS engines) treat them as line breaks, so they are escaped to keep one record
// on one line everywhere.
const SEPARATORS = /[\u0085\u2028\u2029]/g;
const HAS_SEPARATOR = /[\u0085\u2028\u2029]/;

function escapeSeparator(ch: string): string {
  return `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * One record as one NDJSON line, newline included. JSON.stringify escapes control characters
 * (so a newline inside a string never splits the line) and lone surrogates (ES2019 well-formed
 * stringify), so every string round-trips exactly.
 */
export function toLine(record: Record_): string {
  const json = JSON.stringify(record);
  return (HAS_SEPARATOR.test(json) ? json.replace(SEPARATORS, escapeSeparator) : json) + '\n';
}

/** Several records as consecutive lines. */
export function toLines(records: Iterable<Record_>): string {
  let text = '';
  for (const record of records) text += toLine(record);
  return text;
}
