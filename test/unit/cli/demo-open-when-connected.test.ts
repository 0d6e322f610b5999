/**
 * `npm run demo` opens the recording in code-server once a browser window is connected, by asking
 * code-server's session socket as `code-server --reuse-window` does (scripts/demo/open-when-connected.mjs).
 */
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { connectedSession, openWhenConnected, openWithCli } from '../../../scripts/demo/open-when-connected.mjs';

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

/** A stand-in for code-server's entry script: `body` runs with the CLI's arguments in process.argv. */
function fakeCli(name: string, body: string): string {
  const entry = join(dir, `${name}.mjs`);
  writeFileSync(entry, body);
  return entry;
}

function runCli(entry: string, extra: { signal?: AbortSignal; timeoutMs?: number } = {}) {
  return openWithCli({
    entry,
    configFile: '/c.yaml',
    userDataDir: '/u',
    file: '/r/poolscope-error-handling.ndjson',
    env: process.env,
    ...extra,
  });
}

describe("opening with code-server's CLI (review s2 finding 5: it blocked Ctrl-C, and judged by /error/i)", () => {
  test('passes --reuse-window and the recording, and a zero exit status is success whatever the output says', async () => {
    const entry = fakeCli('ok', "console.log(JSON.stringify(process.argv.slice(2))); console.error('no error here');");
    const result = await runCli(entry);
    assert.equal(result.ok, true);
    assert.equal(result.aborted, false);
    const [argsLine] = result.output.split('\n');
    assert.deepEqual(JSON.parse(argsLine), [
      '--config',
      '/c.yaml',
      '--user-data-dir',
      '/u',
      '--reuse-window',
      '/r/poolscope-error-handling.ndjson',
    ]);
  });

  test('a non-zero exit status is a failure, with the status and the output', async () => {
    const result = await runCli(
      fakeCli('fails', "console.error('Please specify at least one file'); process.exit(3);"),
    );
    assert.equal(result.ok, false);
    assert.equal(result.aborted, false);
    assert.match(result.output, /status 3.*Please specify at least one file/);
  });

  test('does not block the event loop, and stopping the demo kills a CLI that hangs', async () => {
    const stop = new AbortController();
    const running = runCli(fakeCli('hangs', 'setInterval(() => {}, 1000);'), { signal: stop.signal });
    // The loop still turns while the CLI runs: this timer fires and aborts it.
    setTimeout(() => stop.abort(), 50);
    const result = await running;
    assert.deepEqual({ ok: result.ok, aborted: result.aborted }, { ok: false, aborted: true });
  });

  test('a CLI that hangs past the timeout is a failure that says so', async () => {
    const result = await runCli(fakeCli('slow', 'setInterval(() => {}, 1000);'), { timeoutMs: 300 });
    assert.equal(result.ok, false);
    assert.equal(result.aborted, false);
    assert.match(result.output, /did not finish within 0\.3 s/);
  });
});
