// Types of bundle.mjs (plain JavaScript, so run.mjs runs with node alone).
import type { BuildResult } from 'esbuild';

export declare const integrationDir: string;
export declare function suiteEntries(): string[];
export declare function bundleSuite(options: {
  outdir: string;
  write?: boolean;
}): Promise<BuildResult<{ write: boolean }>>;
