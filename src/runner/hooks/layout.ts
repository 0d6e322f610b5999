import { fileURLToPath } from 'node:url';

/**
 * Where the hooks find the library they map `poolscope` to. The hooks only ever run bundled, from
 * dist/runner/, so the library is always at dist/lib/ next to them.
 */
export interface HooksData {
  /** dist/lib/index.mjs, for `import ... from 'poolscope'`. */
  libEsmUrl: string;
  /** dist/lib/index.cjs, for `require('poolscope')`. */
  libCjsPath: string;
  packageJsonUrl: string;
  packageJsonPath: string;
}

export function hooksLayout(hooksDir: URL): HooksData {
  const libEsm = new URL('../lib/index.mjs', hooksDir);
  const libCjs = new URL('../lib/index.cjs', hooksDir);
  const packageJson = new URL('../../package.json', hooksDir);
  return {
    libEsmUrl: libEsm.href,
    libCjsPath: fileURLToPath(libCjs),
    packageJsonUrl: packageJson.href,
    packageJsonPath: fileURLToPath(packageJson),
  };
}
