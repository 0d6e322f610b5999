import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { findEsbuild } from '../../../src/runner/hooks/find-esbuild.ts';
import { ROOT, tempDir } from './helpers.ts';

const { dir, remove } = tempDir('poolscope-esbuild-');
after(remove);
const ESBUILD = join(ROOT, 'node_modules', 'esbuild');
// Hooks installed where no esbuild is reachable (the VS Code extension ships none).
const lonelyHooks = pathToFileURL(join(dir, 'ext', 'dist', 'runner', 'register.mjs')).href;
mkdirSync(join(dir, 'ext', 'dist', 'runner'), { recursive: true });
const script = join(dir, 'app', 'main.ts');
mkdirSync(join(dir, 'app'), { recursive: true });
writeFileSync(script, 'export {};\n');

describe('findEsbuild', () => {
  test('next to the hooks: Poolscope’s own dependency', () => {
    const hooks = pathToFileURL(join(ROOT, 'dist', 'runner', 'register.mjs')).href;
    assert.equal(typeof findEsbuild(hooks, script, {}).transformSync, 'function');
  });

  test('POOLSCOPE_ESBUILD names the package folder to use', () => {
    assert.equal(typeof findEsbuild(lonelyHooks, script, { POOLSCOPE_ESBUILD: ESBUILD }).transform, 'function');
  });

  test('else the program’s own project', () => {
    const project = join(dir, 'project');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    symlinkSync(ESBUILD, join(project, 'node_modules', 'esbuild'), 'dir');
    writeFileSync(join(project, 'job.ts'), 'export {};\n');
    assert.equal(typeof findEsbuild(lonelyHooks, join(project, 'job.ts'), {}).transform, 'function');
  });

  test('none anywhere: an error that says how to get one', () => {
    assert.throws(
      () => findEsbuild(lonelyHooks, script, {}),
      (error: Error) =>
        error.message.includes(script) &&
        error.message.includes('npm install --save-dev esbuild') &&
        error.message.includes('POOLSCOPE_ESBUILD'),
    );
  });

  test('a POOLSCOPE_ESBUILD that holds no esbuild is named in the error', () => {
    const empty = join(dir, 'empty');
    mkdirSync(empty, { recursive: true });
    assert.throws(
      () => findEsbuild(lonelyHooks, script, { POOLSCOPE_ESBUILD: empty }),
      new RegExp(`POOLSCOPE_ESBUILD=${empty.replace(/[/\\]/g, '.')} holds no esbuild package`),
    );
  });

  test('a relative POOLSCOPE_ESBUILD is refused: it would depend on the program’s working directory', () => {
    assert.throws(
      () => findEsbuild(lonelyHooks, script, { POOLSCOPE_ESBUILD: 'node_modules/esbuild' }),
      /absolute path/,
    );
  });
});
