import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/**
 * Where the flusher thread's file is, in both layouts the library runs in: from source through
 * tsx (this file is src/executor/recording/flusher-entry.ts, the flusher flusher-thread.ts beside
 * it) and bundled (this code is inside dist/lib/index.cjs or worker-entry.cjs, the flusher is
 * dist/lib/flusher-thread.cjs). A bundle elsewhere in dist/ finds it in ../lib/.
 *
 * The flusher gets an empty execArgv when bundled: it must not run the program's `--import`
 * hooks (the runner's loader, say), which could load the library again inside it. From source
 * it needs tsx, required by absolute path (`--import tsx` does not reach workers on Node 20).
 */
export function flusherEntry(): { file: string; execArgv: string[] } {
  const here = __filename;
  const dir = dirname(here);
  if (here.endsWith('.ts')) {
    return { file: join(dir, 'flusher-thread.ts'), execArgv: ['--require', createRequire(here).resolve('tsx/cjs')] };
  }
  const candidates = [join(dir, 'flusher-thread.cjs'), join(dir, '..', 'lib', 'flusher-thread.cjs')];
  return { file: candidates.find((file) => existsSync(file)) ?? candidates[0]!, execArgv: [] };
}
