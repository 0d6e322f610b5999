// The end-to-end tests, whole: set up (cached), package the extension, install the .vsix into a
// fresh code-server, start code-server and headless Chromium on loopback, run test/e2e with node's
// test runner, and stop everything, whatever happened. Screenshots and logs go to test-results/e2e/.
//
// Usage: node scripts/e2e/run.mjs [--keep] [node --test flags, e.g. --test-reporter=tap] [test files]
//   --keep            leave the temporary workspace and profiles in place (their path is printed)
//   POOLSCOPE_E2E_VSIX=path   test that .vsix instead of running `npm run package`
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureE2eEnvironment } from './setup.mjs';
import { installExtension, startChromium, startCodeServer } from './processes.mjs';

const repo = resolve(fileURLToPath(import.meta.url), '../../..');
const results = join(repo, 'test-results/e2e');
const args = process.argv.slice(2);
const keep = args.includes('--keep');
const testFlags = args.filter((a) => a.startsWith('--') && a !== '--keep');
const testFiles = args.filter((a) => !a.startsWith('--'));
const timings = {};
const TESTS_DEADLINE_MS = 10 * 60_000;
const running = [];
let scratch;

const log = (message) => process.stdout.write(`[e2e] ${message}\n`);

async function timed(name, fn) {
  const started = Date.now();
  try {
    return await fn();
  } finally {
    timings[name] = Number(((Date.now() - started) / 1000).toFixed(1));
  }
}

/** The environment the nested processes get: no npm_* variables of a parent `npm test`. */
function baseEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

function packageExtension() {
  if (process.env.POOLSCOPE_E2E_VSIX) return resolve(process.env.POOLSCOPE_E2E_VSIX);
  log('npm run package…');
  const result = spawnSync('npm', ['run', '--silent', 'package'], {
    cwd: repo,
    env: baseEnv(),
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  writeFileSync(join(results, 'package.log'), `${result.stdout ?? ''}${result.stderr ?? ''}`);
  if (result.status !== 0) {
    process.stderr.write(`${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-10_000));
    throw new Error(`npm run package failed (exit ${result.status}); its log is ${join(results, 'package.log')}`);
  }
  return join(repo, 'poolscope.vsix');
}

/** Settings a fresh user gets, less what would make screenshots noisy or reach for the network. */
function writeUserSettings(userDataDir) {
  mkdirSync(join(userDataDir, 'User'), { recursive: true });
  const settings = {
    'workbench.startupEditor': 'none',
    'workbench.colorTheme': 'Default Dark Modern',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'telemetry.telemetryLevel': 'off',
    'update.mode': 'none',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'git.enabled': false,
    // tsserver would fetch @types packages for the TypeScript fixture: noise, and network.
    'typescript.disableAutomaticTypeAcquisition': true,
    // Trust stays on: the tests answer the trust prompt the way a user does.
    'security.workspace.trust.enabled': true,
    'security.workspace.trust.startupPrompt': 'always',
  };
  writeFileSync(join(userDataDir, 'User/settings.json'), `${JSON.stringify(settings, null, 2)}\n`);
}

/**
 * Profiled programs the extension failed to stop would outlive code-server: end those of this run,
 * known by their working directory inside this run's scratch folder.
 */
function killStrays(dir) {
  const pids = [];
  for (const entry of readdirSync('/proc')) {
    const pid = Number(entry);
    if (!pid || pid === process.pid) continue;
    try {
      if (!readlinkSync(`/proc/${pid}/cwd`).startsWith(dir)) continue;
      process.kill(pid, 'SIGKILL');
      pids.push(pid);
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  if (pids.length) log(`killed ${pids.length} leftover process(es) of this run: ${pids.join(' ')}`);
}

// One cleanup, awaited by whoever gets there first and by the rest: a signal during the tests and
// the main flow's `finally` must not exit while the other is still stopping code-server.
let cleaning;
function cleanup() {
  cleaning ??= stopAll();
  return cleaning;
}

async function stopAll() {
  for (const handle of running.splice(0).reverse()) await handle.stop().catch(() => {});
  if (scratch) {
    killStrays(scratch);
    // VS Code's own logs: the extension host's, and every output channel (Poolscope's included).
    const logs = join(scratch, 'user-data/logs');
    if (existsSync(logs)) cpSync(logs, join(results, 'vscode-logs'), { recursive: true });
    if (keep) log(`kept ${scratch}`);
    else rmSync(scratch, { recursive: true, force: true });
    scratch = undefined;
  }
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    log(`${signal}: stopping code-server and Chromium`);
    void cleanup().finally(() => process.exit(130));
  });
}

function runTests(env) {
  const files = testFiles.length
    ? testFiles
    : readdirSync(join(repo, 'test/e2e'))
        .filter((f) => f.endsWith('.test.ts'))
        .sort()
        .map((f) => join('test/e2e', f));
  // One file at a time: they share one code-server and one browser.
  const argv = ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-timeout=180000', ...testFlags, ...files];
  return new Promise((done) => {
    const child = spawn(process.execPath, argv, { cwd: repo, env, stdio: ['ignore', 'inherit', 'inherit'] });
    const handle = { stop: async () => child.exitCode === null && child.kill('SIGKILL') };
    running.push(handle);
    // Every wait in the tests has its own deadline; this one catches a test runner stuck anyway.
    const watchdog = setTimeout(() => {
      log(`the tests ran past ${TESTS_DEADLINE_MS / 60_000} min: stopping them`);
      child.kill('SIGKILL');
    }, TESTS_DEADLINE_MS);
    child.on('close', (code, signal) => {
      clearTimeout(watchdog);
      running.splice(running.indexOf(handle), 1);
      done(code ?? (signal ? 1 : 0));
    });
  });
}

let exitCode = 1;
try {
  rmSync(results, { recursive: true, force: true });
  mkdirSync(results, { recursive: true });
  const paths = await timed('setup', () => ensureE2eEnvironment());
  const vsix = await timed('package', () => packageExtension());

  scratch = mkdtempSync(join(tmpdir(), 'poolscope-e2e-'));
  // Outside the repo, as a user's project is: `import 'poolscope'` must come from the installed
  // extension, not from this checkout's package.json.
  const workspace = join(scratch, 'workspace');
  cpSync(join(repo, 'test/fixtures/workspace'), workspace, { recursive: true });
  // A second copy that the trust test opens and does not trust (trust is per folder).
  const untrusted = join(scratch, 'untrusted-workspace');
  cpSync(join(repo, 'test/fixtures/workspace'), untrusted, { recursive: true });
  const dirs = {
    entry: paths.codeServerEntry,
    userDataDir: join(scratch, 'user-data'),
    extensionsDir: join(scratch, 'extensions'),
    configFile: join(scratch, 'code-server.yaml'),
  };
  writeFileSync(dirs.configFile, 'auth: none\ncert: false\n');
  writeUserSettings(dirs.userDataDir);
  const serverEnv = {
    ...baseEnv(),
    XDG_DATA_HOME: join(scratch, 'xdg-data'),
    XDG_CONFIG_HOME: join(scratch, 'xdg-config'),
    // The .vsix leaves esbuild out (see src/extension/README.md); point at this checkout's copy
    // rather than have every run download one through "Install TypeScript Support".
    POOLSCOPE_ESBUILD: process.env.POOLSCOPE_ESBUILD ?? join(repo, 'node_modules/esbuild'),
  };
  const codeServerLog = join(results, 'code-server.log');
  await timed('install', () => installExtension({ ...dirs, vsix, logFile: codeServerLog, env: serverEnv }));

  const [server, browser] = await timed('start', async () => {
    const server = await startCodeServer({ ...dirs, folder: workspace, logFile: codeServerLog, env: serverEnv });
    running.push(server);
    const browser = await startChromium({
      executable: paths.chromium,
      userDataDir: join(scratch, 'chromium'),
      logFile: join(results, 'chromium.log'),
    });
    running.push(browser);
    return [server, browser];
  });
  log(`code-server at ${server.url} (pid ${server.child.pid}), Chromium pid ${browser.child.pid}`);

  exitCode = await timed('tests', () =>
    runTests({
      ...baseEnv(),
      POOLSCOPE_E2E_URL: server.url,
      POOLSCOPE_E2E_CDP: browser.wsEndpoint,
      POOLSCOPE_E2E_WORKSPACE: workspace,
      POOLSCOPE_E2E_UNTRUSTED: untrusted,
      POOLSCOPE_E2E_USER_DATA: dirs.userDataDir,
      POOLSCOPE_E2E_RESULTS: results,
      POOLSCOPE_E2E_CODE_SERVER_PID: String(server.child.pid),
    }),
  );
} catch (error) {
  process.stderr.write(`[e2e] ${error instanceof Error ? error.message : String(error)}\n`);
  exitCode = 1;
} finally {
  await timed('stop', () => cleanup());
  log(`timings (s): ${JSON.stringify(timings)}`);
  log(`screenshots and logs: ${results}`);
}
process.exit(exitCode);
