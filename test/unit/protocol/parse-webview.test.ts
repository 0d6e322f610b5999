import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseWebviewMessage } from '../../../src/protocol/parse-webview.ts';
import type { WebviewMessage } from '../../../src/protocol/messages.ts';

test('every webview message parses back to itself', () => {
  const messages: WebviewMessage[] = [
    { type: 'ready', v: 1 },
    { type: 'openSource', file: '/home/dev/app/main.py', line: 12, col: 4 },
    { type: 'openSource', file: 'node:internal/timers', line: 0, col: null },
    { type: 'select', fid: 7 },
    { type: 'select', fid: null },
    { type: 'requestDetails', fid: 16777217 },
    { type: 'stop' },
    { type: 'error', message: 'draw failed' },
  ];
  for (const message of messages)
    assert.deepEqual(parseWebviewMessage(JSON.parse(JSON.stringify(message))), { ok: true, message });
});

test('bad messages are refused with the path of the problem', () => {
  const cases: [unknown, RegExp][] = [
    [null, /message\.type/],
    [{ type: 'openSource', file: '', line: 1, col: null }, /openSource\.file: expected a file path/],
    [{ type: 'openSource', file: '/a', line: -1, col: null }, /openSource\.line/],
    [{ type: 'openSource', file: '/a', line: 1 }, /missing field "col"/],
    [{ type: 'openSource', file: 'x'.repeat(5000), line: 1, col: null }, /at most 4096 characters/],
    [{ type: 'requestDetails', fid: '7' }, /requestDetails\.fid/],
    [{ type: 'requestDetails', fid: 2 ** 53 }, /requestDetails\.fid/],
    [{ type: 'select', fid: 0 }, /select\.fid/],
    [{ type: 'stop', now: true }, /stop: unexpected field "now"/],
    [JSON.parse('{"type":"stop","__proto__":{"isAdmin":true}}'), /unexpected field "__proto__"/],
    [{ type: 'ready', v: 1.5 }, /ready\.v/],
    [{ type: 'error', message: 'x'.repeat(5000) }, /error\.message/],
  ];
  for (const [data, pattern] of cases) {
    const parsed = parseWebviewMessage(data);
    assert.equal(parsed.ok, false, JSON.stringify(data).slice(0, 100));
    if (!parsed.ok) assert.match(parsed.error, pattern);
  }
});
