// Runs the plain-Node test suites with node's built-in runner. TypeScript test files run through
// tsx, so tests import the sources directly; suites that need built bundles build first (test-all).
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const roots = process.argv.slice(2).filter((a) => !a.startsWith('-'));
const passthrough = process.argv.slice(2).filter((a) => a.startsWith('-'));
const files = [];
function walk(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (/\.test\.(ts|mts|cts|js|mjs)$/.test(name)) files.push(relative(process.cwd(), path));
  }
}
for (const root of roots.length ? roots : ['test/unit']) {
  if (statSync(root).isDirectory()) walk(root);
  else files.push(root);
}
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-concurrency=2', '--test-timeout=120000', ...passthrough, ...files],
  { stdio: 'inherit' },
);
process.exit(result.status ?? 1);
