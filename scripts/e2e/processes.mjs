// The two long-lived processes of an end-to-end run, code-server and headless Chromium. Each starts
// detached, so it leads a process group of its own, and `stop()` ends that whole group: the
// extension host, the programs it profiles and Chromium's renderers go with their parent even when
// a test fails half-way or the run is interrupted.
import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  // This machine's network reaches no one: without these Chromium keeps dialing Google's hosts.
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--password-store=basic',
  '--use-mock-keychain',
  '--hide-scrollbars',
  '--mute-audio',
  '--window-size=1600,1000',
  '--remote-debugging-address=127.0.0.1',
  '--remote-debugging-port=0',
];

/**
 * Starts a detached process whose output goes to `logFile`, and resolves once a line of it matches
 * `ready` (with the match), or rejects with the log's tail when it exits or `timeoutMs` passes.
 */
async function startLogged({ name, cmd, args, env, cwd, logFile, ready, timeoutMs }) {
  const log = createWriteStream(logFile, { flags: 'a' });
  log.write(`\n$ ${cmd} ${args.join(' ')}\n`);
  const child = spawn(cmd, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const handle = { name, child, logFile, stop: () => stopGroup(child, name) };
  let seen = '';
  const match = await new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(`did not start within ${timeoutMs / 1000} s`), timeoutMs);
    const fail = (why) => {
      clearTimeout(timer);
      void handle.stop();
      reject(new Error(`${name} ${why}; its log is ${logFile}:\n${seen.slice(-3000)}`));
    };
    const onData = (chunk) => {
      log.write(chunk);
      if (seen === null) return;
      seen += chunk;
      const m = ready.exec(seen);
      if (m) {
        clearTimeout(timer);
        seen = null;
        resolve(m);
      }
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('error', (error) => fail(`could not be started: ${error.message}`));
    child.on('exit', (code, signal) => {
      log.write(`\n[${name} exited: ${signal ?? code}]\n`);
      if (seen !== null) fail(`exited (${signal ?? `code ${code}`}) before it was ready`);
    });
  });
  child.on('close', () => log.end());
  return { ...handle, match };
}

/** SIGTERM to the whole group, SIGKILL to what is left after a grace period; resolves when all is gone. */
export async function stopGroup(child, name, graceMs = 3000) {
  const pgid = child.pid;
  if (!pgid || !groupAlive(pgid)) return;
  signalGroup(pgid, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && groupAlive(pgid)) await sleep(100);
  if (groupAlive(pgid)) {
    process.stderr.write(`[e2e] ${name} ignored SIGTERM for ${graceMs / 1000} s: killing its process group\n`);
    signalGroup(pgid, 'SIGKILL');
    while (groupAlive(pgid)) await sleep(50);
  }
}

function signalGroup(pgid, signal) {
  try {
    process.kill(-pgid, signal);
  } catch (error) {
    if (error.code !== 'ESRCH') throw error;
  }
}

function groupAlive(pgid) {
  // Signal 0 to the group succeeds while any member lives; zombies count, so ask ps for live ones.
  try {
    process.kill(-pgid, 0);
  } catch {
    return false;
  }
  const ps = spawnSync('ps', ['-o', 'stat=', '-g', String(pgid)], { encoding: 'utf8' });
  return ps.stdout.split('\n').some((stat) => stat.trim() && !stat.trim().startsWith('Z'));
}

/**
 * code-server on loopback only (on `port`, or one the OS picks), with no phoning home, and by
 * default no auth (`auth: 'password'` takes the password from $PASSWORD in `env`).
 */
export async function startCodeServer({
  entry,
  userDataDir,
  extensionsDir,
  configFile,
  folder,
  logFile,
  env,
  port = 0,
  auth = 'none',
}) {
  const handle = await startLogged({
    name: 'code-server',
    cmd: process.execPath,
    args: [
      entry,
      '--auth',
      auth,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--config',
      configFile,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      folder,
    ],
    env,
    logFile,
    ready: /HTTP server listening on (http:\/\/127\.0\.0\.1:\d+)\//,
    timeoutMs: 60_000,
  });
  return { ...handle, url: handle.match[1] };
}

/** Installs a .vsix with code-server's own CLI (the same code path as a user's install). */
export function installExtension({ entry, vsix, userDataDir, extensionsDir, configFile, logFile, env }) {
  const result = spawnSync(
    process.execPath,
    [
      entry,
      '--config',
      configFile,
      '--user-data-dir',
      userDataDir,
      '--extensions-dir',
      extensionsDir,
      '--force',
      '--install-extension',
      vsix,
    ],
    { env, encoding: 'utf8', timeout: 120_000 },
  );
  const output = `${result.stdout ?? ''}${result.stderr ?? ''}`;
  createWriteStream(logFile, { flags: 'a' }).end(`\n$ code-server --install-extension ${vsix}\n${output}`);
  if (result.status !== 0 || !/successfully installed/i.test(output)) {
    throw new Error(`code-server could not install ${vsix} (exit ${result.status ?? result.signal}):\n${output}`);
  }
}

/** Headless Chromium with the DevTools protocol on a loopback port; tests attach with connectOverCDP. */
export async function startChromium({ executable, userDataDir, logFile }) {
  mkdirSync(userDataDir, { recursive: true });
  const handle = await startLogged({
    name: 'chromium',
    cmd: executable,
    args: [...CHROMIUM_FLAGS, `--user-data-dir=${userDataDir}`, 'about:blank'],
    env: process.env,
    logFile,
    ready: /DevTools listening on (ws:\/\/\S+)/,
    timeoutMs: 30_000,
  });
  return { ...handle, wsEndpoint: handle.match[1] };
}
