import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type * as Esbuild from 'esbuild';
import { findEsbuild } from './find-esbuild.ts';
import { transpileSync } from './transpile.ts';
import { isRelativeSpecifier, isTypeScriptFile, typeScriptCandidates } from './typescript.ts';
import type { HooksData } from './layout.ts';

/** The parts of Node's CommonJS loader that tools patch (tsx, ts-node and Node's own docs do the same). */
interface CjsModule {
  filename?: string | null;
  _compile(code: string, filename: string): unknown;
}
interface CjsLoader {
  _extensions: Record<string, (module: CjsModule, filename: string) => void>;
  _resolveFilename(request: string, parent: CjsModule | undefined, isMain: boolean, options?: unknown): string;
}

const require = createRequire(import.meta.url);

let esbuild: typeof Esbuild | undefined;

function compileTypeScript(module: CjsModule, filename: string): void {
  // Loaded on first use: a program without TypeScript (or a worker thread that never requires
  // any) does not pay for esbuild's service.
  esbuild ??= findEsbuild(import.meta.url, filename);
  const source = readFileSync(filename, 'utf8');
  module._compile(transpileSync(esbuild, source, filename, 'cjs'), filename);
}

/**
 * Teaches `require` of this thread what the loader hooks teach `import`: TypeScript files compile
 * through esbuild, `poolscope` is this package's library even without a node_modules, and a
 * TypeScript file's `require('./util.js')` finds util.ts.
 */
export function patchCommonJs(layout: HooksData): void {
  const loader = require('node:module') as CjsLoader;
  for (const ext of ['.ts', '.cts', '.mts']) loader._extensions[ext] = compileTypeScript;
  const original = loader._resolveFilename;
  loader._resolveFilename = function resolveFilename(request, parent, isMain, options) {
    if (request === 'poolscope') return layout.libCjsPath;
    if (request === 'poolscope/package.json') return layout.packageJsonPath;
    try {
      return original.call(this, request, parent, isMain, options);
    } catch (error) {
      const fromTs = typeof parent?.filename === 'string' && isTypeScriptFile(parent.filename);
      if ((error as { code?: string }).code !== 'MODULE_NOT_FOUND' || !fromTs || !isRelativeSpecifier(request)) {
        throw error;
      }
      for (const candidate of typeScriptCandidates(request).filter(isTypeScriptFile)) {
        try {
          return original.call(this, candidate, parent, isMain, options);
        } catch {
          // Try the next spelling; the original error is the one the user should see.
        }
      }
      throw error;
    }
  };
}
