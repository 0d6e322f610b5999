import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { formatOf, packageTypeOf, typeScriptCandidates } from '../../../src/runner/hooks/typescript.ts';
import { tempDir } from './helpers.ts';

const { dir, remove } = tempDir();
after(remove);

describe('typeScriptCandidates', () => {
  test('a .js, .mjs or .cjs import written for tsc means the TypeScript file', () => {
    assert.deepEqual(typeScriptCandidates('./util.js'), ['./util.ts']);
    assert.deepEqual(typeScriptCandidates('../lib/a.mjs'), ['../lib/a.mts']);
    assert.deepEqual(typeScriptCandidates('./a.cjs'), ['./a.cts']);
  });

  test('an extension-less import tries the extensions, then an index file', () => {
    assert.deepEqual(typeScriptCandidates('./util'), [
      './util.ts',
      './util.mts',
      './util.cts',
      './util.js',
      './util.mjs',
      './util.cjs',
      './util/index.ts',
      './util/index.js',
    ]);
  });

  test('a TypeScript or JSON file named in full is not respelled', () => {
    assert.deepEqual(typeScriptCandidates('./util.ts'), []);
    assert.deepEqual(typeScriptCandidates('./data.json'), []);
  });
});

describe('formatOf', () => {
  const nowhere = () => {
    throw new Error('the code was not needed');
  };

  test('.mts and .cts decide by extension', () => {
    assert.equal(formatOf(join(dir, 'a.mts'), nowhere), 'module');
    assert.equal(formatOf(join(dir, 'a.cts'), nowhere), 'commonjs');
  });

  test('a .ts file follows the nearest package.json type', () => {
    mkdirSync(join(dir, 'esm/src'), { recursive: true });
    writeFileSync(join(dir, 'esm/package.json'), '{"type":"module"}');
    mkdirSync(join(dir, 'cjs'), { recursive: true });
    writeFileSync(join(dir, 'cjs/package.json'), '{"type":"commonjs"}');
    assert.equal(packageTypeOf(join(dir, 'esm/src/a.ts')), 'module');
    assert.equal(formatOf(join(dir, 'esm/src/a.ts'), nowhere), 'module');
    assert.equal(formatOf(join(dir, 'cjs/a.ts'), nowhere), 'commonjs');
  });

  test('a .ts file no package claims is an ES module exactly when its syntax says so', () => {
    mkdirSync(join(dir, 'loose'), { recursive: true });
    writeFileSync(join(dir, 'loose/package.json'), '{"name":"loose"}');
    const file = join(dir, 'loose/a.ts');
    assert.equal(packageTypeOf(file), undefined);
    assert.equal(
      formatOf(file, () => "const fs = require('node:fs');\nmodule.exports = fs;"),
      'commonjs',
    );
    assert.equal(
      formatOf(file, () => 'return 1;'),
      'commonjs',
    );
    assert.equal(
      formatOf(file, () => "import fs from 'node:fs';"),
      'module',
    );
    assert.equal(
      formatOf(file, () => 'export const x = 1;'),
      'module',
    );
    assert.equal(
      formatOf(file, () => 'await Promise.resolve();'),
      'module',
    );
    assert.equal(
      formatOf(file, () => 'console.log(import.meta.url);'),
      'module',
    );
  });
});
