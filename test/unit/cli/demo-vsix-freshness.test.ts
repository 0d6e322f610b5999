/** `npm run demo` reuses poolscope.vsix only while it is newer than every file packed into it (scripts/demo/vsix.mjs). */
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { VSIX_INPUTS, newestMtime, vsixIsFresh } from '../../../scripts/demo/vsix.mjs';

const root = mkdtempSync(join(tmpdir(), 'poolscope-demo-vsix-'));
after(() => rmSync(root, { recursive: true, force: true }));

function file(path: string, secondsAgo: number): void {
  const full = join(root, path);
  mkdirSync(join(full, '..'), { recursive: true });
  writeFileSync(full, path);
  const when = new Date(Date.now() - secondsAgo * 1000);
  utimesSync(full, when, when);
}

describe('vsix freshness', () => {
  test('no .vsix yet: package', () => {
    file('package.json', 100);
    assert.equal(vsixIsFresh(root), false);
  });

  test('a .vsix newer than every input is reused', () => {
    file('src/extension/extension.ts', 90);
    file('media/webview/chart.css', 80);
    file('poolscope.vsix', 10);
    assert.equal(vsixIsFresh(root), true);
  });

  test('a source changed after packaging, however deep, means packaging again', () => {
    file('src/python/poolscope_tracer/_writer.py', 5);
    assert.equal(vsixIsFresh(root), false);
    file('poolscope.vsix', 1);
    assert.equal(vsixIsFresh(root), true);
  });

  test('files outside the inputs (tests, examples, caches) do not make it stale', () => {
    file('test/unit/x.test.ts', 0);
    file('media/examples/node/cpu-bound.ts', 0);
    file('src/python/poolscope_tracer/__pycache__/_writer.cpython-311.pyc', 0);
    assert.equal(vsixIsFresh(root), true);
  });

  test('the inputs cover what .vscodeignore ships and what builds it', () => {
    for (const path of [
      'src',
      'media/webview',
      'media/icons',
      'package.json',
      'README.md',
      '.vscodeignore',
      'scripts/build.mjs',
    ]) {
      assert.ok(VSIX_INPUTS.includes(path), path);
    }
    assert.ok(newestMtime(root) > 0);
  });
});
