import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { compileFunction } from 'node:vm';
import { nearest } from './nearest.ts';

/**
 * What the loader hooks (ES modules, hooks thread) and register (CommonJS, every JS thread) share
 * about TypeScript files: which files they are, which module format each has, and how a
 * TypeScript-style relative import is spelled on disk. Transpiling is in transpile.ts.
 */

export type ModuleFormat = 'module' | 'commonjs';

const TS_FILE = /\.[cm]?ts$/;

export function isTypeScriptFile(path: string): boolean {
  return TS_FILE.test(path);
}

const packageTypes = new Map<string, 'module' | 'commonjs' | undefined>();

/** The `type` of the nearest package.json, as Node looks it up; undefined when none says. */
export function packageTypeOf(filename: string): 'module' | 'commonjs' | undefined {
  return nearest(packageTypes, filename, (dir) => readPackageType(join(dir, 'package.json')));
}

/** null when there is no readable package.json here (keep looking up); undefined when it has no usable type. */
function readPackageType(path: string): 'module' | 'commonjs' | undefined | null {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return null;
  }
  try {
    const type = (JSON.parse(text) as { type?: unknown }).type;
    return type === 'module' || type === 'commonjs' ? type : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The module format of a TypeScript file: by extension, then the package `type`, and for a file no
 * package claims, by its syntax the way Node detects it for .js (an import, export, import.meta or
 * top-level await makes it an ES module) — so a lone script.ts works whether it is written with
 * `import` or with `require`.
 */
export function formatOf(filename: string, transpiled: () => string): ModuleFormat {
  if (filename.endsWith('.mts')) return 'module';
  if (filename.endsWith('.cts')) return 'commonjs';
  const type = packageTypeOf(filename);
  if (type) return type;
  return parsesAsCommonJs(transpiled()) ? 'commonjs' : 'module';
}

function parsesAsCommonJs(code: string): boolean {
  try {
    compileFunction(code, ['exports', 'require', 'module', '__filename', '__dirname']);
    return true;
  } catch {
    // Also a real syntax error ends here; as an ES module Node then reports it with its location.
    return false;
  }
}

/**
 * Files to try, in order, for a relative import from a TypeScript file that Node did not find:
 * `./util.js` written for tsc means `./util.ts`, and `./util` means `./util.ts` (or an index file).
 */
export function typeScriptCandidates(specifier: string): string[] {
  const js = /\.([cm]?)js$/.exec(specifier);
  if (js) return [`${specifier.slice(0, -js[0].length)}.${js[1]}ts`];
  if (/\.[cm]?ts$/.test(specifier) || /\.json$/.test(specifier)) return [];
  return ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs', '/index.ts', '/index.js'].map((ext) => specifier + ext);
}

export function isRelativeSpecifier(specifier: string): boolean {
  return specifier.startsWith('./') || specifier.startsWith('../') || specifier === '.' || specifier === '..';
}
