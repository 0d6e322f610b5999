// Installs what the end-to-end tests need, once per machine: Debian's Chromium and ripgrep (and the
// Kerberos headers code-server's native modules build against), and code-server built from the npm
// registry into a cache folder outside the repo, so a fresh clone on the same machine reuses it and
// a fresh machine rebuilds it. Nothing here downloads a prebuilt binary: this network reaches only
// the npm registry and Debian's packages, so every native module is compiled here.
//
// Usage: node scripts/e2e/setup.mjs   (prints where things are; `--force` rebuilds the cache)
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';

export const CODE_SERVER_VERSION = '4.100.3';
// Bump when the build recipe below changes, so every machine's cache is rebuilt once.
const RECIPE_REVISION = 1;
const APT_PACKAGES = [
  { name: 'chromium', file: '/usr/bin/chromium' },
  { name: 'ripgrep', file: '/usr/bin/rg' },
  { name: 'libkrb5-dev', file: '/usr/include/krb5.h' },
];
export const CHROMIUM = '/usr/bin/chromium';
const LOCK_STALE_MS = 30 * 60_000;

export function cacheRoot() {
  if (process.env.POOLSCOPE_E2E_CACHE) return resolve(process.env.POOLSCOPE_E2E_CACHE);
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'poolscope-e2e');
}

export function codeServerDir() {
  return join(cacheRoot(), `code-server-${CODE_SERVER_VERSION}`);
}

/** The paths the harness runs; valid once `ensureE2eEnvironment` has returned. */
export function e2ePaths() {
  const dir = codeServerDir();
  return {
    cacheDir: dir,
    codeServerEntry: join(dir, 'node_modules/code-server/out/node/entry.js'),
    chromium: CHROMIUM,
  };
}

/** What the cache was built for: native modules are tied to the Node ABI, so a new Node rebuilds. */
function wantedStamp() {
  return {
    codeServer: CODE_SERVER_VERSION,
    recipe: RECIPE_REVISION,
    nodeModules: process.versions.modules,
    platform: `${process.platform}-${process.arch}`,
  };
}

const stampFile = () => join(codeServerDir(), '.poolscope-e2e-stamp.json');

function cacheIsReady() {
  try {
    const stamp = JSON.parse(readFileSync(stampFile(), 'utf8'));
    const wanted = wantedStamp();
    return Object.keys(wanted).every((k) => stamp[k] === wanted[k]) && existsSync(e2ePaths().codeServerEntry);
  } catch {
    return false;
  }
}

function log(message) {
  process.stdout.write(`[e2e setup] ${message}\n`);
}

/** Runs a command, its output to a log file (shown in full if it fails), and returns the seconds it took. */
function step(label, cmd, args, { cwd, env, logFile }) {
  const started = Date.now();
  log(`${label}…`);
  const result = spawnSync(cmd, args, {
    cwd,
    env: { ...cleanEnv(), ...env },
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output = `$ ${cmd} ${args.join(' ')}  (in ${cwd})\n${result.stdout ?? ''}${result.stderr ?? ''}\n`;
  writeFileSync(logFile, output, { flag: 'a' });
  const seconds = (Date.now() - started) / 1000;
  if (result.status !== 0) {
    process.stderr.write(output.slice(-20_000));
    throw new Error(
      `e2e setup: "${label}" failed (exit ${result.status ?? result.signal}); full log in ${logFile}. ` +
        'Fix the cause and rerun `node scripts/e2e/setup.mjs` (it resumes from scratch for code-server).',
    );
  }
  log(`${label}: done in ${seconds.toFixed(1)} s`);
  return seconds;
}

// A parent `npm test` exports npm_* variables (prefixes, the lifecycle event, the user agent) that
// would make the nested npm commands act on this repo instead of the cache folder.
function cleanEnv() {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
}

function missingAptPackages(packages = APT_PACKAGES) {
  return packages
    .filter(({ name, file }) => {
      if (!existsSync(file)) return true;
      const q = spawnSync('dpkg-query', ['-W', '-f=${Status}', name], { encoding: 'utf8' });
      return q.status !== 0 || !q.stdout.includes('install ok installed');
    })
    .map((p) => p.name);
}

function ensureAptPackages(logFile, packages = APT_PACKAGES) {
  const missing = missingAptPackages(packages);
  if (missing.length === 0) {
    log(`Debian packages present: ${packages.map((p) => p.name).join(', ')}`);
    return 0;
  }
  const isRoot = process.getuid?.() === 0;
  const sudo = isRoot ? [] : ['sudo', '-n'];
  if (!isRoot && spawnSync('sudo', ['-n', 'true']).status !== 0) {
    throw new Error(
      `e2e setup: missing Debian packages ${missing.join(', ')}; install them with ` +
        `\`sudo apt-get install -y ${missing.join(' ')}\` and rerun.`,
    );
  }
  const [cmd, ...pre] = sudo.length ? sudo : ['env'];
  const env = { DEBIAN_FRONTEND: 'noninteractive' };
  let seconds = step('apt-get update', cmd, [...pre, 'apt-get', 'update', '-q'], { cwd: '/', env, logFile });
  seconds += step(`apt-get install ${missing.join(' ')}`, cmd, [...pre, 'apt-get', 'install', '-y', '-q', ...missing], {
    cwd: '/',
    env,
    logFile,
  });
  const still = missingAptPackages(packages);
  if (still.length) throw new Error(`e2e setup: apt-get ran but ${still.join(', ')} is still missing; see ${logFile}`);
  return seconds;
}

/** A lock folder, so two runs on one machine don't build the same cache at once. */
async function withLock(fn) {
  const lock = join(cacheRoot(), `.lock-code-server-${CODE_SERVER_VERSION}`);
  mkdirSync(cacheRoot(), { recursive: true });
  const deadline = Date.now() + LOCK_STALE_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      writeFileSync(join(lock, 'pid'), String(process.pid));
      break;
    } catch (error) {
      if (error.code !== 'EEXIST') throw error;
      const owner = Number(readFileSyncOr(join(lock, 'pid'), '0'));
      if (!isAlive(owner) || Date.now() > deadline) {
        log(`removing a stale lock left by process ${owner}`);
        rmSync(lock, { recursive: true, force: true });
        continue;
      }
      log(`waiting for process ${owner}, which is building the cache…`);
      await sleep(5000);
    }
  }
  try {
    return await fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

function readFileSyncOr(path, fallback) {
  try {
    return readFileSync(path, 'utf8');
  } catch {
    return fallback;
  }
}

function isAlive(pid) {
  if (!pid) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return error.code === 'EPERM';
  }
}

function buildCodeServer(logFile) {
  const dir = codeServerDir();
  // Starting over beats resuming: a half-finished npm tree is hard to tell from a finished one.
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{ "private": true, "description": "poolscope e2e cache" }\n');
  const vscode = join(dir, 'node_modules/code-server/lib/vscode');
  const times = {};
  const npmFlags = ['--no-audit', '--no-fund', '--loglevel=error'];
  // code-server's own postinstall would do the next steps, but @vscode/ripgrep's install script
  // downloads rg from GitHub, so the steps run by hand with Debian's rg put in its place.
  times.codeServer = step(
    `npm install code-server@${CODE_SERVER_VERSION}`,
    'npm',
    ['install', '--ignore-scripts', ...npmFlags, `code-server@${CODE_SERVER_VERSION}`],
    { cwd: dir, logFile },
  );
  times.vscodeDeps = step(
    'npm install (code-server/lib/vscode, no scripts)',
    'npm',
    ['install', '--omit=dev', '--ignore-scripts', ...npmFlags],
    {
      cwd: vscode,
      logFile,
    },
  );
  mkdirSync(join(vscode, 'node_modules/@vscode/ripgrep/bin'), { recursive: true });
  copyFileSync('/usr/bin/rg', join(vscode, 'node_modules/@vscode/ripgrep/bin/rg'));
  times.vscodeRebuild = step('npm rebuild (native modules of lib/vscode)', 'npm', ['rebuild', ...npmFlags], {
    cwd: vscode,
    env: { npm_config_yes: 'true' },
    logFile,
  });
  symlinkForce('node_modules', join(vscode, 'node_modules.asar'));
  symlinkForce('code-linux.sh', join(vscode, 'bin/remote-cli/code-server'));
  symlinkForce('browser-linux.sh', join(vscode, 'bin/helpers/browser.sh'));
  times.extensions = step('npm install (built-in extensions)', 'npm', ['install', '--omit=dev', ...npmFlags], {
    cwd: join(vscode, 'extensions'),
    logFile,
  });
  // argon2's install script would fetch a prebuilt binary; node-pre-gyp compiles it instead when told so.
  times.argon2 = step('npm rebuild argon2 (from source)', 'npm', ['rebuild', 'argon2', ...npmFlags], {
    cwd: dir,
    env: { npm_config_build_from_source: 'true' },
    logFile,
  });
  writeFileSync(stampFile(), `${JSON.stringify({ ...wantedStamp(), builtAt: new Date().toISOString(), times })}\n`);
  return times;
}

function symlinkForce(target, path) {
  rmSync(path, { force: true });
  symlinkSync(target, path);
}

function sizeOf(dir) {
  const du = spawnSync('du', ['-sh', dir], { encoding: 'utf8' });
  return du.status === 0 ? du.stdout.split('\t')[0] : '?';
}

/**
 * Makes sure everything is in place; returns the paths and what each part cost, in seconds.
 * `withBrowser: false` (the demo, whose user brings a browser) leaves Chromium out.
 */
export async function ensureE2eEnvironment({ force = false, withBrowser = true } = {}) {
  const started = Date.now();
  mkdirSync(cacheRoot(), { recursive: true });
  const logFile = join(cacheRoot(), 'setup.log');
  const packages = withBrowser ? APT_PACKAGES : APT_PACKAGES.filter((p) => p.file !== CHROMIUM);
  const timings = { apt: ensureAptPackages(logFile, packages) };
  if (!require_('playwright-core')) {
    throw new Error('e2e setup: playwright-core is not installed; run `npm ci` in the repo first.');
  }
  if (force || !cacheIsReady()) {
    await withLock(() => {
      if (!force && cacheIsReady()) return; // another run built it while this one waited
      log(`building code-server ${CODE_SERVER_VERSION} in ${codeServerDir()} (several minutes, once per machine)`);
      Object.assign(timings, buildCodeServer(logFile));
      log(`code-server cache: ${sizeOf(codeServerDir())} in ${codeServerDir()}`);
    });
  } else {
    log(`code-server ${CODE_SERVER_VERSION} cached in ${codeServerDir()}`);
  }
  timings.total = (Date.now() - started) / 1000;
  return { ...e2ePaths(), timings };
}

function require_(name) {
  try {
    return import.meta.resolve(name);
  } catch {
    return undefined;
  }
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const result = await ensureE2eEnvironment({ force: process.argv.includes('--force') });
  log(`ready in ${result.timings.total.toFixed(1)} s: ${JSON.stringify(result)}`);
}
