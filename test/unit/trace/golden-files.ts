// Where the golden recordings live, shared by the tests that read them.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export const GOLDEN_DIR = join(import.meta.dirname, '../../golden');
export const BROKEN_DIR = join(GOLDEN_DIR, 'broken');

function list(dir: string): string[] {
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ndjson'))
    .sort()
    .map((name) => join(dir, name));
}

/** Recordings that must validate cleanly and together cover the whole format. */
export function validGoldens(): string[] {
  return list(GOLDEN_DIR);
}

/** Recordings damaged on purpose (truncated, corrupt, from a newer writer…). */
export function brokenGoldens(): string[] {
  return list(BROKEN_DIR);
}

export function readGolden(name: string): Buffer {
  return readFileSync(join(GOLDEN_DIR, name));
}
