// Call sites of submits: structured V8 frames, cut at the library's entry point, sampled when
// submits come fast, and never guessed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncPoolExecutor } from '../../../src/executor/index.ts';
import { withRecorder } from './helpers/memory-recorder.ts';

const thisFile = __filename;

function lineHere(): number {
  return Number(/:(\d+):\d+\)?$/.exec(new Error().stack!.split('\n')[2]!)![1]);
}

let helperLine = 0;

function submitFrom(pool: AsyncPoolExecutor): void {
  // Through a helper: the site is the helper's line, the first frame outside the library.
  helperLine = lineHere() + 1;
  pool.submit((x: number) => x, 1);
}

test('a submit made through a helper points at the helper’s line, a direct one at its own', async () => {
  await withRecorder(async (rec) => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 2 });
    submitFrom(pool);
    const directAt = lineHere() + 1;
    pool.submit((x: number) => x, 2);
    const [viaHelper, direct] = rec.of('submit');
    assert.equal(viaHelper!.site?.file, thisFile);
    assert.equal(viaHelper!.site?.line, helperLine);
    assert.equal(viaHelper!.site?.fn, 'submitFrom');
    assert.equal(direct!.site?.file, thisFile);
    assert.equal(direct!.site?.line, directAt);
  });
});

test('a burst of submits samples its sites, and every site it records is the right one', async () => {
  await withRecorder(async (rec) => {
    await using pool = new AsyncPoolExecutor({ maxWorkers: 4 });
    const lines: number[] = [];
    for (let i = 0; i < 3000; i++) {
      if (i % 2 === 0) {
        lines.push(lineHere() + 1);
        pool.submit((x: number) => x, i);
      } else {
        lines.push(lineHere() + 1);
        pool.submit((x: number) => -x, i);
      }
    }
    const submits = rec.of('submit');
    assert.equal(submits.length, 3000);
    const withSite = submits.filter((s) => s.site !== undefined);
    assert.ok(withSite.length >= 8, `some sites recorded (${withSite.length})`);
    assert.ok(withSite.length < 3000 / 4, `sites are sampled in a burst (${withSite.length} of 3000)`);
    submits.forEach((s, i) => {
      if (s.site === undefined) return;
      assert.equal(s.site.file, thisFile);
      assert.equal(s.site.line, lines[i], `submit ${i} has the line it was made on`);
    });
  });
});
