// The packaged extension the demo installs: poolscope.vsix, rebuilt with `npm run package` unless
// it is newer than everything that goes into it.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { demoErrors } from './errors.mjs';

/** What the .vsix is made of (see .vscodeignore), and what builds it. */
export const VSIX_INPUTS = [
  'src',
  'media/webview',
  'media/icons',
  'package.json',
  'README.md',
  'CHANGELOG.md',
  'LICENSE',
  '.vscodeignore',
  'scripts/build.mjs',
  'tsconfig.webview.json',
];

/** Newest modification time (ms) of the files under `paths` (relative to `root`); missing paths count as 0. */
export function newestMtime(root, paths = VSIX_INPUTS) {
  let newest = 0;
  const visit = (path) => {
    let stat;
    try {
      stat = statSync(path);
    } catch {
      return;
    }
    if (stat.isDirectory()) {
      for (const entry of readdirSync(path)) {
        if (entry !== '__pycache__' && entry !== 'node_modules') visit(join(path, entry));
      }
    } else newest = Math.max(newest, stat.mtimeMs);
  };
  for (const path of paths) visit(join(root, path));
  return newest;
}

/** True when `vsix` exists and no input changed after it was written. */
export function vsixIsFresh(root, vsix = join(root, 'poolscope.vsix'), paths = VSIX_INPUTS) {
  let built;
  try {
    built = statSync(vsix).mtimeMs;
  } catch {
    return false;
  }
  return built >= newestMtime(root, paths);
}

/** Returns the path of an up-to-date poolscope.vsix, packaging it first when needed. */
export function ensureVsix({ root, env, log = console.log }) {
  const vsix = join(root, 'poolscope.vsix');
  if (vsixIsFresh(root, vsix)) {
    log(`Using ${vsix} (newer than its sources).`);
    return vsix;
  }
  log('Packaging the extension (npm run package)…');
  const r = spawnSync('npm', ['run', '--silent', 'package'], {
    cwd: root,
    env,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    shell: process.platform === 'win32',
  });
  if (r.status !== 0) throw demoErrors.packageFailed(r.status ?? r.signal, `${r.stdout ?? ''}${r.stderr ?? ''}`);
  return vsix;
}
