import { existsSync } from 'node:fs';
import { basename, extname, join } from 'node:path';

/**
 * Where a recording goes when the user does not say: `poolscope-<script>-<YYYYMMDD-HHMMSS>.ndjson`
 * in the working directory, next to what was run and sorted by time in a listing. A second
 * recording in the same second gets `-2`, `-3`… rather than overwriting the first.
 */
export function defaultRecordingPath(program: string, cwd: string, now = new Date()): string {
  const stem = basename(program, extname(program)).replace(/[^A-Za-z0-9._-]+/g, '_') || 'program';
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}` +
    `-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  const base = `poolscope-${stem}-${stamp}`;
  let path = join(cwd, `${base}.ndjson`);
  for (let n = 2; existsSync(path); n++) path = join(cwd, `${base}-${n}.ndjson`);
  return path;
}
