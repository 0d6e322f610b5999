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
 * The `execArgv` of pool workers, or undefined to let Node hand them the parent's. Worker threads
 * inherit `execArgv` (with `--import tsx` or our runner's loader), so the user's `.ts` modules load
 * in workers as in the main thread — but only when no list is passed: Node refuses an explicit list
 * that holds process-wide or V8 flags (`--max-old-space-size`, `--expose-gc`, `--title`…) with
 * ERR_WORKER_INVALID_EXEC_ARGV, which would break every pool of a program started with them. So a
 * list is built only when something must be added (tsx for our own `.ts` entry, the user's
 * `execArgv` option), and then holds only the inherited flags a worker accepts.
 */
export function workerExecArgv(entry: string, extra: readonly string[] = []): string[] | undefined {
  const needsTsx = entry.endsWith('.ts') && !process.execArgv.some((arg) => /\btsx\b/.test(arg));
  if (!needsTsx && extra.length === 0) return undefined;
  const inherited = workerSafeFlags(process.execArgv);
  if (needsTsx) inherited.push('--import', tsxLoaderUrl());
  return [...inherited, ...extra];
}

/** Flags that shape how modules load, which workers accept; the value of each is kept with it. */
const WORKER_FLAG = /^(--import|--require|-r|--loader|--experimental-loader|--conditions|-C|--input-type)(=|$)/;
const WORKER_SWITCH =
  /^(--enable-source-maps|--no-warnings|--no-deprecation|--experimental-[\w-]+|--no-experimental-[\w-]+)$/;

export function workerSafeFlags(argv: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const flag = WORKER_FLAG.exec(arg);
    if (flag) {
      kept.push(arg);
      if (flag[2] === '' && i + 1 < argv.length) kept.push(argv[++i]!);
    } else if (WORKER_SWITCH.test(arg)) kept.push(arg);
  }
  return kept;
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
