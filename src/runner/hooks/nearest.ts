import { dirname } from 'node:path';

/**
 * The nearest value `read` finds going up from the file's folder (null from `read`: nothing here,
 * keep going), cached per folder: a program of many files in one project reads each
 * package.json or tsconfig.json once.
 */
export function nearest<T>(
  cache: Map<string, T | undefined>,
  filename: string,
  read: (dir: string) => T | undefined | null,
): T | undefined {
  const seen: string[] = [];
  let dir = dirname(filename);
  let found: T | undefined;
  for (;;) {
    if (cache.has(dir)) {
      found = cache.get(dir);
      break;
    }
    seen.push(dir);
    const value = read(dir);
    if (value !== null) {
      found = value;
      break;
    }
    const parent = dirname(dir);
    if (parent === dir) break;
    dir = parent;
  }
  for (const d of seen) cache.set(d, found);
  return found;
}
