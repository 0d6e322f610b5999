// Bundles the integration suite the way VS Code's extension host loads it: one CommonJS file per
// test file plus the mocha entry (index.cjs), `vscode` and mocha left to the host. run.mjs writes
// them to out/integration; a unit test (test/unit/extension/integration-suite.test.ts) bundles them
// in memory on every `npm test`, so the suite keeps compiling on machines that cannot run it.
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const integrationDir = dirname(fileURLToPath(import.meta.url));

/** The suite's entry points: the mocha entry and every *.test.ts. */
export function suiteEntries() {
  return readdirSync(integrationDir)
    .filter((name) => name === 'index.ts' || name.endsWith('.test.ts'))
    .sort()
    .map((name) => join(integrationDir, name));
}

/** esbuild's result for the suite; `write: false` keeps the files in memory (result.outputFiles). */
export function bundleSuite({ outdir, write = true }) {
  return esbuild.build({
    entryPoints: suiteEntries(),
    outdir,
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: write ? 'inline' : false,
    external: ['vscode', 'mocha', 'esbuild', 'piscina'],
    logLevel: write ? 'warning' : 'silent',
    write,
  });
}
