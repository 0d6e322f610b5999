// Shows the chart in the bundled code-server: builds it on first use (scripts/e2e/setup.mjs), installs
// the .vsix into a throwaway profile, serves the recordings folder on 127.0.0.1 behind a random
// password, prints the URL and the password,
// opens the recording in the chart when a browser connects, and stops everything on Ctrl-C.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { ensureE2eEnvironment } from '../e2e/setup.mjs';
import { installExtension, startCodeServer } from '../e2e/processes.mjs';
import {
  CODE_SERVER_CONFIG,
  codeServerEnv,
  DEMO_USER_SETTINGS,
  newPassword,
  serverEnv,
  servingMessage,
  workbenchUrl,
} from './code-server-config.mjs';
import { demoErrors } from './errors.mjs';
import { connectedSession, openWhenConnected, openWithCli } from './open-when-connected.mjs';
import { assertPortFree } from './port.mjs';

const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Serves until a stop signal (resolves) or until code-server dies (rejects).
 * @param {{ repo: string, folder: string, recording: string, vsix: string, port: number, logFile: string,
 *           log?: (line: string) => void }} options
 */
export async function serveInCodeServer({ repo, folder, recording, vsix, port, logFile, log = console.log }) {
  await assertPortFree(port);
  let paths;
  try {
    paths = await ensureE2eEnvironment({ withBrowser: false });
  } catch (error) {
    throw demoErrors.codeServerUnavailable(error instanceof Error ? error.message : String(error));
  }
  // A fresh profile per run, in the temp folder: code-server puts its IPC socket in it, and a
  // socket path must stay short whatever the depth of the checkout.
  const scratch = mkdtempSync(join(tmpdir(), 'poolscope-demo-'));
  let server;
  // From here on Ctrl-C ends the wait below instead of this process, so the cleanup always runs.
  const stop = stopRequests(log);
  const killOnExit = () => server?.child.pid && tryKill(-server.child.pid);
  // Last resort if this process dies without the cleanup below: code-server runs detached.
  process.on('exit', killOnExit);
  try {
    const dirs = {
      entry: paths.codeServerEntry,
      userDataDir: join(scratch, 'user-data'),
      extensionsDir: join(scratch, 'extensions'),
      configFile: join(scratch, 'code-server.yaml'),
    };
    writeFileSync(dirs.configFile, CODE_SERVER_CONFIG, { mode: 0o600 });
    mkdirSync(join(dirs.userDataDir, 'User'), { recursive: true });
    writeFileSync(join(dirs.userDataDir, 'User/settings.json'), `${JSON.stringify(DEMO_USER_SETTINGS, null, 2)}\n`);
    const env = codeServerEnv(process.env, { scratch, esbuild: join(repo, 'node_modules/esbuild') });
    // Only the server gets the password: the install and the --reuse-window CLI talk to local sockets.
    const password = newPassword();
    writeFileSync(logFile, '');

    try {
      installExtension({ ...dirs, vsix, logFile, env });
      server = await startCodeServer({
        ...dirs,
        folder,
        logFile,
        env: serverEnv(env, password),
        port,
        auth: 'password',
      });
    } catch (error) {
      throw demoErrors.codeServerFailed(firstLine(error), logFile);
    }
    const url = workbenchUrl(server.url, folder);
    const [first, second] = servingMessage(url, password);
    log(`\n${first}`);
    log(`${second}\n`);

    const serving = new AbortController();
    void openWhenConnected({
      findSession: () => connectedSession(join(dirs.userDataDir, 'code-server-ipc.sock'), recording),
      open: () => openWithCli({ ...dirs, file: recording, env, signal: serving.signal }),
      signal: serving.signal,
    }).then((opened) => {
      if (opened?.ok) log(`A browser connected: opened ${basename(recording)} in the Poolscope chart.`);
      else if (opened && !opened.aborted)
        log(`Could not open the recording by itself (${opened.output.trim()}): click it in the Explorer.`);
    });
    try {
      await Promise.race([stop.requested, exitOf(server, logFile)]);
    } finally {
      serving.abort();
    }
  } finally {
    if (server) {
      await server.stop();
      log('code-server stopped.');
    }
    stop.dispose();
    process.off('exit', killOnExit);
    rmSync(scratch, { recursive: true, force: true });
  }
}

/**
 * `requested` resolves on Ctrl-C (or SIGTERM/SIGHUP). The handlers stay until `dispose()`, so a
 * second Ctrl-C during the cleanup cannot end this process before code-server is stopped.
 */
function stopRequests(log) {
  let resolveRequested;
  const requested = new Promise((resolve) => (resolveRequested = resolve));
  let asked = false;
  const onSignal = (signal) => {
    log(asked ? `${signal}: still stopping code-server…` : `\n${signal}: stopping code-server…`);
    asked = true;
    resolveRequested();
  };
  for (const s of STOP_SIGNALS) process.on(s, onSignal);
  return { requested, dispose: () => STOP_SIGNALS.forEach((s) => process.off(s, onSignal)) };
}

/** Rejects when code-server exits while it should be serving. */
function exitOf(server, logFile) {
  return new Promise((_, reject) => {
    server.child.once('exit', (code, signal) =>
      reject(demoErrors.codeServerFailed(`exited (${signal ?? `code ${code}`}) while serving`, logFile)),
    );
  });
}

function firstLine(error) {
  return String(error instanceof Error ? error.message : error).split('\n')[0];
}

function tryKill(pid) {
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    // already gone
  }
}
