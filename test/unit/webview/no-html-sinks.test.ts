/**
 * Strings from the profiled program (function names, arguments, lanes, exception messages) reach
 * the page only as text: the page builds its DOM with ui/dom.ts (`textContent`), and no source of
 * the webview uses an API that parses HTML or runs code from a string. The end-to-end test
 * "hostile names" shows such strings on the real page.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const webview = new URL('../../../src/webview/', import.meta.url).pathname;

const SINKS: [RegExp, string][] = [
  [/\.innerHTML\b/, 'innerHTML'],
  [/\.outerHTML\b/, 'outerHTML'],
  [/\binsertAdjacentHTML\b/, 'insertAdjacentHTML'],
  [/\bdocument\.write(ln)?\b/, 'document.write'],
  [/\bDOMParser\b/, 'DOMParser'],
  [/\bcreateContextualFragment\b/, 'createContextualFragment'],
  [/\bsrcdoc\b/, 'srcdoc'],
  [/\beval\s*\(/, 'eval'],
  [/\bnew\s+Function\s*\(/, 'new Function'],
  [/setAttribute\(\s*['"`]on/i, 'an event-handler attribute'],
];

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? sources(join(dir, d.name)) : d.name.endsWith('.ts') ? [join(dir, d.name)] : [],
  );
}

test('no webview source parses HTML or runs code from a string (program strings stay text)', () => {
  const files = sources(webview);
  assert.ok(files.length > 20, `the webview sources were found (${files.length})`);
  const found: string[] = [];
  for (const file of files) {
    const text = readFileSync(file, 'utf8');
    for (const [pattern, name] of SINKS) if (pattern.test(text)) found.push(`${file}: ${name}`);
  }
  assert.deepEqual(found, []);
});

test('the one element builder sets text with textContent', () => {
  const dom = readFileSync(join(webview, 'ui', 'dom.ts'), 'utf8');
  assert.match(dom, /node\.textContent = props\.text/);
});
