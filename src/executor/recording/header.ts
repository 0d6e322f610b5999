import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { FORMAT_VERSION, type Header } from '../../trace/schema.ts';
import { toLine } from '../../trace/writer.ts';
import { nowMicros } from './clock.ts';

export interface HeaderOptions {
  /** The program as the user would name it; default the main script (`process.argv[1]`). */
  program?: string;
  /** Its arguments; default `process.argv.slice(2)`. */
  args?: string[];
}

/**
 * The header line the library writes when it finds the recording empty (startRecording, or the
 * environment variable set by hand). The CLI writes its own header before the program starts.
 */
export function headerLine(rootPid: number, options: HeaderOptions = {}): string {
  const header: Header = {
    e: 'header',
    v: FORMAT_VERSION,
    ts: nowMicros(),
    wallMs: Date.now(),
    clock: 'CLOCK_MONOTONIC',
    unit: 'us',
    runtime: 'node',
    runtimeVersion: process.versions.node,
    program: options.program ?? process.argv[1] ?? '',
    args: options.args ? options.args.map(String) : process.argv.slice(2),
    cwd: process.cwd(),
    pid: rootPid,
    writer: `poolscope-node/${libraryVersion()}`,
  };
  return toLine(header);
}

let version: string | undefined;

/** Poolscope's version from the package.json above this file (source or dist layout). */
function libraryVersion(): string {
  if (version !== undefined) return version;
  let dir = dirname(__filename);
  for (let depth = 0; depth < 6; depth++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: unknown; version?: unknown };
      if (pkg.name === 'poolscope' && typeof pkg.version === 'string') return (version = pkg.version);
    } catch {
      // Not here: keep walking up.
    }
    dir = dirname(dir);
  }
  return (version = 'unknown');
}
