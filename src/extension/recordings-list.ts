import { closeSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';

/**
 * The recordings in the recordings folder, newest first, with what their header says. Plain Node
 * (no vscode), for tests; the tree view and the quick pick show the same list.
 */

export interface RecordingEntry {
  path: string;
  name: string;
  mtimeMs: number;
  size: number;
  /** From the header line, when it could be read. */
  program?: string;
  runtime?: string;
  args?: string[];
  wallMs?: number;
}

/** Enough for any header line; a recording whose first line is longer is listed without its header. */
const HEADER_BYTES = 16 * 1024;
/** How many recordings are listed; older ones stay on disk and can be opened by browsing. */
export const MAX_LISTED = 200;

export const RECORDING_FILE = /\.(ndjson|jsonl)$/i;

/** Newest first; equal times by name, also newest first (default names end in their start time). */
export function sortRecordings<T extends Pick<RecordingEntry, 'mtimeMs' | 'name'>>(entries: T[]): T[] {
  return [...entries].sort((a, b) => b.mtimeMs - a.mtimeMs || (a.name < b.name ? 1 : a.name > b.name ? -1 : 0));
}

/** The recordings in `folder`, newest first; an empty list when the folder does not exist yet. */
export function listRecordings(folder: string, limit = MAX_LISTED): RecordingEntry[] {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return [];
  }
  const entries: RecordingEntry[] = [];
  for (const name of names) {
    if (!RECORDING_FILE.test(name)) continue;
    const path = join(folder, name);
    try {
      const stats = statSync(path);
      if (stats.isFile()) entries.push({ path, name, mtimeMs: stats.mtimeMs, size: stats.size });
    } catch {
      // Deleted while listing.
    }
  }
  return sortRecordings(entries)
    .slice(0, limit)
    .map((entry) => ({ ...entry, ...headerSummary(readFirstLine(entry.path)) }));
}

/** The first line of a file, if it ends within HEADER_BYTES. */
export function readFirstLine(path: string): string | undefined {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return undefined;
  }
  try {
    const buffer = Buffer.alloc(HEADER_BYTES);
    const n = readSync(fd, buffer, 0, HEADER_BYTES, 0);
    const end = buffer.subarray(0, n).indexOf(10);
    return end === -1 ? undefined : buffer.toString('utf8', 0, end);
  } finally {
    closeSync(fd);
  }
}

/** What the list shows of a header line; nothing when it is not a Poolscope header. */
export function headerSummary(
  line: string | undefined,
): Pick<RecordingEntry, 'program' | 'runtime' | 'args' | 'wallMs'> {
  if (!line) return {};
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return {};
  }
  if (typeof header !== 'object' || header === null || header.e !== 'header') return {};
  const out: Pick<RecordingEntry, 'program' | 'runtime' | 'args' | 'wallMs'> = {};
  if (typeof header.program === 'string') out.program = header.program;
  if (typeof header.runtime === 'string') out.runtime = header.runtime;
  if (Array.isArray(header.args) && header.args.every((a) => typeof a === 'string')) out.args = header.args;
  if (typeof header.wallMs === 'number' && Number.isFinite(header.wallMs)) out.wallMs = header.wallMs;
  return out;
}

/** A size as people read it: 512 B, 3.4 KB, 12 MB. */
export function formatSize(bytes: number): string {
  if (bytes < 1000) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = -1;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1)} ${units[unit]}`;
}
