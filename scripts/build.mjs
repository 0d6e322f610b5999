// One esbuild build per entry point; type checking is its own step (`npm run typecheck`).
// Usage: node scripts/build.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { existsSync, mkdirSync, writeFileSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

/** Node-side bundles: CommonJS, node20. `external` keeps piscina and esbuild as real dependencies. */
const nodeEntries = [
  { in: 'src/executor/index.ts', out: 'dist/lib/index.cjs' },
  { in: 'src/executor/worker-entry.ts', out: 'dist/lib/worker-entry.cjs' },
  { in: 'src/executor/recording/flusher-thread.ts', out: 'dist/lib/flusher-thread.cjs' },
  { in: 'src/cli/main.ts', out: 'dist/cli/poolscope.cjs', banner: '#!/usr/bin/env node' },
  { in: 'src/extension/extension.ts', out: 'dist/extension/extension.cjs' },
];
/** Loader hooks run as ES modules (node --import). */
const esmEntries = [
  { in: 'src/runner/hooks/register.ts', out: 'dist/runner/register.mjs' },
  { in: 'src/runner/hooks/loader-hooks.ts', out: 'dist/runner/loader-hooks.mjs' },
];

/** Browser code for the webview: one script, loaded under a CSP nonce. */
const browserEntries = [{ in: 'src/webview/main.ts', out: 'dist/webview/main.js' }];

const missing = [...nodeEntries, ...esmEntries, ...browserEntries].filter((e) => !existsSync(e.in));
if (missing.length && !process.env.POOLSCOPE_BUILD_PARTIAL) {
  console.error(`build: missing entry points: ${missing.map((e) => e.in).join(', ')}`);
  process.exit(1);
}

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: production ? false : 'linked',
  minify: production,
  logLevel: 'warning',
  external: ['piscina', 'esbuild', 'vscode'],
  // Warnings fail the build: a bundle that esbuild had doubts about does not ship.
  logOverride: {},
};

const builds = [
  ...nodeEntries
    .filter((e) => existsSync(e.in))
    .map((e) => ({
      ...common,
      entryPoints: [e.in],
      outfile: e.out,
      format: 'cjs',
      banner: e.banner ? { js: e.banner } : undefined,
    })),
  ...browserEntries
    .filter((e) => existsSync(e.in))
    .map((e) => ({
      ...common,
      platform: 'browser',
      target: 'es2022',
      entryPoints: [e.in],
      outfile: e.out,
      format: 'iife',
      external: [],
    })),
  ...esmEntries
    .filter((e) => existsSync(e.in))
    .map((e) => ({ ...common, entryPoints: [e.in], outfile: e.out, format: 'esm' })),
];

rmSync('dist', { recursive: true, force: true });
mkdirSync('dist/lib', { recursive: true });

if (watch) {
  for (const options of builds) await (await esbuild.context(options)).watch();
  console.log('build: watching');
} else {
  const results = await Promise.all(builds.map((options) => esbuild.build(options)));
  const warnings = results.flatMap((r) => r.warnings);
  if (warnings.length) {
    console.error(`build: ${warnings.length} warning(s); warnings fail the build`);
    process.exit(1);
  }
  writeLibraryWrappers();
  console.log(`build: ${builds.length} bundles in dist/`);
}

/**
 * The library is one CommonJS bundle; the ES module entry re-exports it so `import` and `require`
 * share one copy of the executor state (a dual build would give two Future classes and two recorders).
 */
function writeLibraryWrappers() {
  if (!existsSync('dist/lib/index.cjs')) return;
  // Named exports are listed by loading the CJS bundle once, so the ESM wrapper never drifts from it.
  const probe = spawnSync(
    process.execPath,
    ['-e', "process.stdout.write(JSON.stringify(Object.keys(require('./dist/lib/index.cjs'))))"],
    { encoding: 'utf8', env: { ...process.env, POOLSCOPE_TRACE: '' } },
  );
  if (probe.status !== 0) {
    console.error(`build: cannot load dist/lib/index.cjs: ${probe.stderr.trim().split('\n').pop()}`);
    process.exit(1);
  }
  const names = JSON.parse(probe.stdout).filter((n) => n !== 'default' && n !== '__esModule');
  writeFileSync(
    'dist/lib/index.mjs',
    `import lib from './index.cjs';\nexport const { ${names.join(', ')} } = lib;\nexport default lib;\n`,
  );
  const types = spawnSync(process.execPath, ['node_modules/typescript/bin/tsc', '-p', 'tsconfig.lib.json'], {
    stdio: 'inherit',
  });
  if (types.status !== 0) process.exit(types.status ?? 1);
  writeFileSync('dist/lib/index.d.ts', "export * from '../types/executor/index.js';\n");
}
