import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from '../runner/helpers.ts';

test('the unit tests of the tracer’s internals pass on every Python found (scripts/test-python.mjs)', () => {
  const r = spawnSync(process.execPath, [join(ROOT, 'scripts/test-python.mjs')], { cwd: ROOT, encoding: 'utf8' });
  assert.equal(r.status, 0, `${r.stdout}${r.stderr}`);
  const counts = [...r.stdout.matchAll(/: (\d+) passed, (\d+) failed$/gm)];
  assert.ok(counts.length >= 1, r.stdout);
  for (const [, passed, failed] of counts) {
    assert.ok(Number(passed) >= 30, r.stdout);
    assert.equal(Number(failed), 0, r.stdout);
  }
});
