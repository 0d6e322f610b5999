// Opens the recording in the chart once a browser has connected to the demo's code-server.
//
// Why not at startup (a `?payload=[["openFile",…]]` URL): a window opens its startup files before it
// has read the extensions' contributions, and in a fresh browser profile it does not wait for them,
// so the recording would open as text. Once a window is connected its extension host registers a
// session with code-server, and `code-server --reuse-window FILE` (code-server's own CLI, as a user
// would type it in a terminal) opens FILE in that window, where the Poolscope custom editor is known.
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * The extension-host socket of a connected window whose folder holds `file`, or undefined if none
 * is connected yet: the question `code-server --reuse-window` asks code-server's session socket.
 */
export function connectedSession(sessionSocket, file) {
  return new Promise((resolve) => {
    const req = request(
      { socketPath: sessionSocket, path: `/session?filePath=${encodeURIComponent(file)}`, method: 'GET' },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => {
          try {
            const socketPath = res.statusCode === 200 ? JSON.parse(body)?.socketPath : undefined;
            resolve(typeof socketPath === 'string' && socketPath ? socketPath : undefined);
          } catch {
            resolve(undefined);
          }
        });
      },
    );
    // Not listening yet, or going away: both mean "no window yet".
    req.on('error', () => resolve(undefined));
    req.end();
  });
}

/**
 * Opens `file` in the connected window with code-server's CLI. Runs asynchronously so that the
 * serving process keeps answering Ctrl-C meanwhile; `signal` (the serving lifetime) kills the CLI.
 * Resolves with { ok, output, aborted }: ok only when the CLI exited with status 0. Its output is
 * not searched for "error": a file or folder name may hold the word. (code-server's CLI also exits 0
 * when it could not reach the window's socket; the user then clicks the recording in the Explorer.)
 */
export function openWithCli({ entry, configFile, userDataDir, file, env, signal, timeoutMs = 30_000 }) {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [entry, '--config', configFile, '--user-data-dir', userDataDir, '--reuse-window', file],
      { env, encoding: 'utf8', timeout: timeoutMs, signal },
      (error, stdout, stderr) => resolve(cliOutcome(error, `${stdout ?? ''}${stderr ?? ''}`, timeoutMs)),
    );
  });
}

/** What an `execFile` callback's error says about the CLI run. */
export function cliOutcome(error, output, timeoutMs) {
  if (!error) return { ok: true, output, aborted: false };
  if (error.name === 'AbortError') return { ok: false, output, aborted: true };
  let why;
  if (error.killed) why = `did not finish within ${timeoutMs / 1000} s`;
  else if (typeof error.code === 'number') why = `exited with status ${error.code}`;
  else if (error.signal) why = `ended by ${error.signal}`;
  else why = `could not run: ${error.message}`;
  return { ok: false, output: output.trim() ? `${why}: ${output.trim()}` : why, aborted: false };
}

/**
 * Waits until a window is connected, then opens `file` in it once. Resolves with what `open`
 * returned, or undefined if `signal` aborted first.
 */
export async function openWhenConnected({ findSession, open, signal, intervalMs = 500 }) {
  while (!signal?.aborted) {
    if (await findSession()) return open();
    await sleep(intervalMs, undefined, { signal }).catch(() => {});
  }
  return undefined;
}
