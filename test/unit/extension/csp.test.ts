import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { chartHtml, contentSecurityPolicy, escapeHtml, makeNonce } from '../../../src/extension/csp.ts';

const SOURCE = 'https://*.vscode-cdn.net';

describe('the chart page', () => {
  test('the policy allows nothing but the nonce script and the extension’s styles, images and fonts', () => {
    assert.equal(
      contentSecurityPolicy(SOURCE, 'abc123=='),
      `default-src 'none'; script-src 'nonce-abc123=='; style-src ${SOURCE}; img-src ${SOURCE} data:; font-src ${SOURCE}`,
    );
  });

  test('no unsafe sources, no inline script', () => {
    const html = chartHtml({
      cspSource: SOURCE,
      nonce: 'n0nce',
      scriptUri: 'https://x/main.js',
      styleUri: 'https://x/g.css',
      title: 't',
    });
    assert.doesNotMatch(html, /unsafe-inline|unsafe-eval/);
    const scripts = [...html.matchAll(/<script\b[^>]*>([\s\S]*?)<\/script>/g)];
    assert.equal(scripts.length, 1);
    assert.equal(scripts[0]![1], '', 'the script has no inline body');
    assert.match(scripts[0]![0], /nonce="n0nce"/);
    assert.match(scripts[0]![0], /src="https:\/\/x\/main.js"/);
    assert.doesNotMatch(html, /\sstyle=/, 'no inline styles');
    assert.match(html, /<link rel="stylesheet" href="https:\/\/x\/g.css">/);
  });

  test('the title and URIs cannot break out of their places', () => {
    const html = chartHtml({
      cspSource: SOURCE,
      nonce: 'abc',
      scriptUri: 'https://x/a"b.js',
      styleUri: 'https://x/s.css',
      title: '</title><script>alert(1)</script>',
    });
    assert.doesNotMatch(html, /<script>alert/);
    assert.match(html, /&#60;\/title&#62;/);
    assert.match(html, /src="https:\/\/x\/a&#34;b.js"/);
    assert.equal(escapeHtml(`<&>"'`), '&#60;&#38;&#62;&#34;&#39;');
  });

  test('a nonce or source that could smuggle in a directive is refused', () => {
    assert.throws(() => contentSecurityPolicy(SOURCE, "x' 'unsafe-inline"), /not a valid nonce/);
    assert.throws(() => contentSecurityPolicy(`${SOURCE}; script-src *`, 'abc'), /not a valid CSP source/);
  });

  test('a source list with a quoted keyword (code-server’s) is kept as it is', () => {
    assert.match(
      contentSecurityPolicy("'self' https://*.vscode-cdn.net", 'abc'),
      /; style-src 'self' https:\/\/\*\.vscode-cdn\.net; img-src 'self' https:\/\/\*\.vscode-cdn\.net data:;/,
    );
  });

  test('nonces are fresh and usable in the policy', () => {
    const a = makeNonce();
    const b = makeNonce();
    assert.notEqual(a, b);
    assert.ok(a.length >= 22);
    assert.doesNotThrow(() => contentSecurityPolicy(SOURCE, a));
  });
});
