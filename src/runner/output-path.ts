import { basename, extname } from 'node:path';

/**
 * The name of a recording when the user does not give one: `poolscope-<script>-<YYYYMMDD-HHMMSS>`
 * (`.ndjson` is added), sorted by time in a listing. output-file.ts adds `-2`, `-3`… when runs
 * started in the same second would otherwise share it, and reserves the name atomically.
 */
export function defaultRecordingStem(program: string, now = new Date()): string {
  const stem = basename(program, extname(program)).replace(/[^A-Za-z0-9._-]+/g, '_') || 'program';
  const pad = (n: number) => String(n).padStart(2, '0');
  const stamp =
    `${now.getFullYear()}${pad(now.getMonth() + 1)}${pad(now.getDate())}` +
    `-${pad(now.getHours())}${pad(now.getMinutes())}${pad(now.getSeconds())}`;
  return `poolscope-${stem}-${stamp}`;
}
