/**
 * Module customization hooks (node:module `register`), run on Node's hooks thread for ES module
 * loading: TypeScript is transpiled by esbuild on load, `poolscope` resolves to the library this
 * runner belongs to, and TypeScript-style relative imports (`./util`, `./util.js`) find `util.ts`.
 * CommonJS loading is handled by register.ts on the program's own threads.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type * as Esbuild from 'esbuild';
import { findEsbuild } from './find-esbuild.ts';
import { transpile } from './transpile.ts';
import { formatOf, isRelativeSpecifier, isTypeScriptFile, typeScriptCandidates } from './typescript.ts';
import type { HooksData } from './layout.ts';

interface ResolveContext {
  parentURL?: string;
  conditions: string[];
  importAttributes?: Record<string, string>;
}
interface ResolveResult {
  url: string;
  format?: string | null;
  shortCircuit?: boolean;
}
interface LoadContext {
  format?: string | null;
  conditions: string[];
  importAttributes?: Record<string, string>;
}
interface LoadResult {
  format: string;
  source?: string | ArrayBuffer | Uint8Array | null;
  shortCircuit?: boolean;
}
type NextResolve = (specifier: string, context?: ResolveContext) => Promise<ResolveResult>;
type NextLoad = (url: string, context?: LoadContext) => Promise<LoadResult>;

let layout: HooksData | undefined;
// Loaded on the first TypeScript file: a JavaScript program (or a worker thread loading .js task
// modules) never pays for esbuild on its hooks thread.
let esbuild: typeof Esbuild | undefined;

export function initialize(data: HooksData): void {
  layout = data;
}

export async function resolve(specifier: string, context: ResolveContext, next: NextResolve): Promise<ResolveResult> {
  if (layout && specifier === 'poolscope') return { url: layout.libEsmUrl, format: 'module', shortCircuit: true };
  if (layout && specifier === 'poolscope/package.json') return { url: layout.packageJsonUrl, shortCircuit: true };
  try {
    return await next(specifier, context);
  } catch (error) {
    const parent = context.parentURL;
    const code = (error as { code?: string }).code;
    const notFound = code === 'ERR_MODULE_NOT_FOUND' || code === 'ERR_UNSUPPORTED_DIR_IMPORT';
    if (!notFound || !parent?.startsWith('file:') || !isRelativeSpecifier(specifier) || !isTypeScriptFile(parent)) {
      throw error;
    }
    for (const candidate of typeScriptCandidates(specifier)) {
      try {
        return await next(candidate, context);
      } catch {
        // Try the next spelling; the original error is the one the user should see.
      }
    }
    throw error;
  }
}

export async function load(url: string, context: LoadContext, next: NextLoad): Promise<LoadResult> {
  if (!url.startsWith('file:')) return next(url, context);
  const filename = fileURLToPath(url);
  if (!isTypeScriptFile(filename)) return next(url, context);
  const source = await readFile(filename, 'utf8');
  // No output format: the file keeps its own import/export syntax, which is what decides its format.
  esbuild ??= findEsbuild(import.meta.url, filename);
  const code = await transpile(esbuild, source, filename);
  const format = formatOf(filename, () => code);
  // CommonJS is left to Node's CommonJS loader (source null), where register.ts compiles it: that
  // keeps require, require.cache and module patching working as in a plain .js program.
  if (format === 'commonjs') return { format, source: null, shortCircuit: true };
  return { format, source: code, shortCircuit: true };
}
