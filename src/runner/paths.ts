import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { runnerErrors } from './errors.ts';

/**
 * Where the runner finds the built files it hands to programs. It runs in two layouts — from source
 * through tsx (src/runner/paths.ts) and bundled (dist/cli/poolscope.cjs, or the extension's bundle)
 * — and both sit under the package root, which is found by walking up to Poolscope's package.json.
 * Programs always get the bundles from dist/: plain Node cannot load the TypeScript sources.
 */

let root: string | undefined;

export function packageRoot(): string {
  if (root) return root;
  let dir = __dirname;
  for (;;) {
    if (isPoolscopePackage(join(dir, 'package.json'))) return (root = dir);
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`Poolscope's package.json was not found above ${__dirname}`);
    dir = parent;
  }
}

function isPoolscopePackage(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, 'utf8')) as { name?: unknown }).name === 'poolscope';
  } catch {
    return false;
  }
}

/** Poolscope's version, from its package.json. */
export function poolscopeVersion(): string {
  return (JSON.parse(readFileSync(join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

export interface BuiltFiles {
  /** The `node --import` target that installs the TypeScript and `poolscope` hooks. */
  register: string;
  libCjs: string;
  libEsm: string;
}

export function builtFiles(): BuiltFiles {
  const dist = join(packageRoot(), 'dist');
  return {
    register: join(dist, 'runner', 'register.mjs'),
    libCjs: join(dist, 'lib', 'index.cjs'),
    libEsm: join(dist, 'lib', 'index.mjs'),
  };
}

/** The built files, or an error saying to build when one is missing (only possible when running from source). */
export function requireBuiltFiles(): BuiltFiles {
  const files = builtFiles();
  for (const file of [files.register, files.libCjs, files.libEsm]) {
    if (!existsSync(file)) throw runnerErrors.notBuilt(file);
  }
  return files;
}
