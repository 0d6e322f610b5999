import { createRequire } from 'node:module';
import { isAbsolute } from 'node:path';
import type * as Esbuild from 'esbuild';

/** The folder of an esbuild package to use (the VS Code extension's own copy, installed on first use). */
export const ENV_ESBUILD = 'POOLSCOPE_ESBUILD';

/**
 * esbuild, for TypeScript. The VS Code extension does not ship it (its native binary alone is
 * 10 MB, five times the whole extension), so it is looked for, in this order:
 * 1. `POOLSCOPE_ESBUILD`, the folder of an esbuild package (set by the extension for its copy);
 * 2. Poolscope's own dependency, next to these hooks (an npm install of poolscope, the source tree);
 * 3. the program's project, resolved from the TypeScript file as its own tools would find it.
 * Loaded once per thread, on the first TypeScript file.
 */
export function findEsbuild(hooksUrl: string, filename: string, env: NodeJS.ProcessEnv = process.env): typeof Esbuild {
  const tried: string[] = [];
  const configured = env[ENV_ESBUILD];
  if (configured) {
    if (!isAbsolute(configured)) throw esbuildErrors.notAbsolute(configured);
    // The folder itself is the package: require() of a folder loads its `main`.
    const found = attempt(() => createRequire(hooksUrl)(configured) as typeof Esbuild);
    if (found) return found;
    tried.push(`${ENV_ESBUILD}=${configured}`);
  }
  const own = attempt(() => createRequire(hooksUrl)('esbuild') as typeof Esbuild);
  if (own) return own;
  const project = attempt(() => createRequire(filename)('esbuild') as typeof Esbuild);
  if (project) return project;
  throw esbuildErrors.notFound(filename, tried);
}

function attempt(load: () => typeof Esbuild): typeof Esbuild | undefined {
  try {
    const esbuild = load();
    return typeof esbuild?.transform === 'function' ? esbuild : undefined;
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'MODULE_NOT_FOUND' || code === 'ERR_MODULE_NOT_FOUND') return undefined;
    throw error;
  }
}

export const esbuildErrors = {
  notAbsolute: (value: string) =>
    new Error(`${ENV_ESBUILD} must be the absolute path of an esbuild package folder, not ${JSON.stringify(value)}`),
  notFound: (filename: string, tried: string[]) =>
    new Error(
      `Poolscope cannot run ${filename}: TypeScript needs esbuild, and none was found` +
        (tried.length ? ` (${tried.join(', ')} holds no esbuild package)` : '') +
        '. Add it to your project (npm install --save-dev esbuild), set ' +
        `${ENV_ESBUILD} to the folder of an esbuild package, or in VS Code run "Poolscope: Install TypeScript Support".`,
    ),
};
