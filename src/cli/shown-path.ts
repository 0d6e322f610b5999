import { isAbsolute, relative } from 'node:path';

/** A path the user can paste: relative when it is under the working directory, else absolute. */
export function shown(file: string): string {
  const rel = relative(process.cwd(), file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel : file;
}
