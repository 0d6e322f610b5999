// What a terminal would act on if printed raw: controls, line separators, bidi controls (see display-text.ts).

/** The first character of `text` a terminal would act on, as `U+001B`, or undefined when there is none. */
export function unsafeCharacter(text: string): string | undefined {
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    const unsafe =
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x2028 ||
      c === 0x2029 ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069);
    if (unsafe) return `U+${c.toString(16).toUpperCase().padStart(4, '0')}`;
  }
  return undefined;
}

/** Fails unless every line of `text` is safe to print. */
export function assertPrintable(text: string, what = text): void {
  for (const line of text.split('\n')) {
    const found = unsafeCharacter(line);
    if (found) throw new Error(`${found} in ${JSON.stringify(line)} (${what})`);
  }
}
