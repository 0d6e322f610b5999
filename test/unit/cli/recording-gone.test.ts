// Audit G7: a recording deleted or moved while the program runs is reported as such, not as
// "recorded 0 events" to a file that is not there.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ROOT, tempDir } from '../runner/helpers.ts';
import { runCli } from './helpers.ts';

const { dir, remove } = tempDir();
const FIXTURE = join(ROOT, 'test/unit/cli/fixtures/lose-recording.mjs');

describe('G7: the recording goes away while the program runs', () => {
  before(ensureBuilt);
  after(remove);

  test('G7: a recording deleted while the program ran is reported, and not recreated', () => {
    const out = join(dir, 'deleted.ndjson');
    const r = runCli(['record', '-o', out, FIXTURE, 'delete']);
    assert.equal(r.status, 0, 'the program ran to its end');
    assert.equal(r.stdout, 'done\n');
    assert.equal(
      r.stderr,
      `poolscope: ${out}: the recording was deleted while the program ran: nothing of it is left\n`,
    );
    assert.equal(existsSync(out), false);
  });

  test('G7: a recording moved away while the program ran is reported, and left as the program wrote it', () => {
    const out = join(dir, 'moved.ndjson');
    const r = runCli(['record', '-o', out, FIXTURE, 'move']);
    assert.equal(r.status, 0);
    assert.equal(r.stdout, 'done\n');
    assert.match(
      r.stderr,
      /^poolscope: .*moved\.ndjson: the recording was moved away or replaced while the program ran: /,
    );
    assert.doesNotMatch(r.stderr, /recorded/);
    assert.equal(existsSync(out), false, 'nothing written to the old name');
    const lines = readFileSync(`${out}.moved`, 'utf8').trim().split('\n');
    assert.equal((JSON.parse(lines[0]!) as { e: string }).e, 'header');
    assert.ok(!lines.some((l) => l.includes('"e":"exit"')), 'no exit event added through a stale name');
  });
});
