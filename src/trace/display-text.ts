/**
 * Text from a recording (names, previews, paths, corrupt lines) is untrusted: printed raw, an escape
 * sequence can clear a terminal or set its title, a bidi override can reverse what follows, and a
 * newline or tab breaks a table. Everything a tool shows a person goes through `printable` first.
 */

// C0 controls (tab and newline included), DEL, C1 controls, the line and paragraph separators, and
// the bidi marks, embeddings, overrides and isolates (U+061C, U+200E/F, U+202A–U+202E, U+2066–U+2069).
const UNSAFE_CHARS = '\\u0000-\\u001f\\u007f-\\u009f\\u061c\\u200e\\u200f\\u2028\\u2029\\u202a-\\u202e\\u2066-\\u2069';
const HAS_UNSAFE = new RegExp(`[${UNSAFE_CHARS}]`);
const UNSAFE = new RegExp(`[${UNSAFE_CHARS}]`, 'g');

function escape(ch: string): string {
  const code = ch.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** `text` with every character that could steer a terminal shown as a visible escape (`\x1b`, `\u202e`). */
export function printable(text: string): string {
  return HAS_UNSAFE.test(text) ? text.replace(UNSAFE, escape) : text;
}

/** `printable(text)` cut to at most `max` characters (code points), ending in `…` when cut: for table cells. */
export function printableCell(text: string, max: number): string {
  const safe = printable(text);
  if (safe.length <= max) return safe;
  const chars = [...safe];
  return chars.length <= max ? safe : chars.slice(0, Math.max(0, max - 1)).join('') + '…';
}
