import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/**
 * Where the piscina worker file is, in both layouts the library runs in:
 * - from source through tsx: this file is `src/executor/paths.ts`, the entry `src/executor/worker-entry.ts`;
 * - bundled: this code lives in `dist/lib/index.cjs`, the entry is `dist/lib/worker-entry.cjs`.
 */
export function workerEntryPath(): string {
  const here = thisFile();
  const dir = dirname(here);
  return here.endsWith('.ts') ? join(dir, 'worker-entry.ts') : join(dir, 'worker-entry.cjs');
}

/**
 * The `execArgv` of pool workers. Worker threads inherit the parent's `execArgv`, which carries
 * `--import tsx` (or our runner's loader) when the program was started with it, so the user's
 * `.ts` modules load in workers as they do in the main thread. Only when our own entry is a `.ts`
 * file and nothing in `execArgv` would compile it (tsx registered programmatically, say) is tsx
 * added; `extra` is appended for the user's own flags.
 */
export function workerExecArgv(entry: string, extra: readonly string[] = []): string[] {
  const inherited = [...process.execArgv];
  if (entry.endsWith('.ts') && !inherited.some((arg) => /\btsx\b/.test(arg))) {
    inherited.push('--import', tsxLoaderUrl());
  }
  return [...inherited, ...extra];
}

function tsxLoaderUrl(): string {
  // Resolved from this file, not the working directory: `--import tsx` alone resolves from the cwd.
  return pathToFileURL(createRequire(thisFile()).resolve('tsx')).href;
}

/**
 * This module's own file. `__filename` exists in both supported layouts (tsx compiles the sources
 * as CommonJS, the bundle is CommonJS); the stack is the fallback should the sources ever be
 * loaded as ES modules, without `import.meta`, which the CommonJS bundle cannot contain.
 */
function thisFile(): string {
  if (typeof __filename === 'string') return __filename;
  const line = new Error().stack?.split('\n')[1] ?? '';
  const m = /\(?((?:file:\/\/)?\/[^():]+|[A-Za-z]:\\[^():]+):\d+:\d+\)?$/.exec(line.trim());
  if (!m) throw new Error('poolscope: cannot find its own file to locate the worker entry');
  return m[1]!.startsWith('file://') ? fileURLToPath(m[1]!) : m[1]!;
}
