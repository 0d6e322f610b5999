/**
 * `npm run demo` opens the recording in code-server once a browser window is connected, by asking
 * code-server's session socket as `code-server --reuse-window` does (scripts/demo/open-when-connected.mjs).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { connectedSession, openWhenConnected } from '../../../scripts/demo/open-when-connected.mjs';

const dir = mkdtempSync(join(tmpdir(), 'poolscope-demo-session-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A stand-in for code-server's session socket answering GET /session?filePath=… */
async function sessionServer(name: string, answer: (filePath: string) => [number, string]): Promise<[string, Server]> {
  const socket = join(dir, name);
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const [status, body] = url.pathname === '/session' ? answer(url.searchParams.get('filePath') ?? '') : [404, ''];
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(socket, resolve));
  return [socket, server];
}

describe('opening the recording when a browser connects', () => {
  test('asks for the window of the recording, and returns its extension-host socket once there is one', async () => {
    const asked: string[] = [];
    let connected = false;
    const [socket, server] = await sessionServer('a.sock', (filePath) => {
      asked.push(filePath);
      return [200, JSON.stringify(connected ? { socketPath: '/tmp/vscode-ipc-1.sock' } : {})];
    });
    try {
      assert.equal(await connectedSession(socket, '/r/poolscope-x.ndjson'), undefined);
      connected = true;
      assert.equal(await connectedSession(socket, '/r/poolscope-x.ndjson'), '/tmp/vscode-ipc-1.sock');
      assert.deepEqual(asked, ['/r/poolscope-x.ndjson', '/r/poolscope-x.ndjson']);
    } finally {
      server.close();
    }
  });

  test('a missing socket, an error status or a body that is not JSON all mean "not connected yet"', async () => {
    assert.equal(await connectedSession(join(dir, 'nothing.sock'), '/f'), undefined);
    const [socket, server] = await sessionServer('b.sock', () => [500, 'oops']);
    try {
      assert.equal(await connectedSession(socket, '/f'), undefined);
    } finally {
      server.close();
    }
  });

  test('waits for a window, then opens the recording exactly once', async () => {
    const answers = [undefined, undefined, '/tmp/eh.sock'];
    let polls = 0;
    let opens = 0;
    const result = await openWhenConnected({
      findSession: async () => answers[polls++],
      open: () => ({ ok: true, opens: ++opens }),
      intervalMs: 1,
    });
    assert.deepEqual(result, { ok: true, opens: 1 });
    assert.equal(polls, 3);
  });

  test('stopping the demo before any browser connects ends the wait without opening', async () => {
    const stop = new AbortController();
    let opened = false;
    const waiting = openWhenConnected({
      findSession: async () => undefined,
      open: () => (opened = true),
      signal: stop.signal,
      intervalMs: 10_000,
    });
    setTimeout(() => stop.abort(), 20);
    assert.equal(await waiting, undefined);
    assert.equal(opened, false);
  });
});
