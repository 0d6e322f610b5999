import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadModel, writeChromeFile } from '../../../src/extension/export-file.ts';

const golden = (name: string) => new URL(`../../golden/${name}`, import.meta.url).pathname;

describe('Export for Perfetto (the file it writes)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-export-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const name of ['python-thread-pool', 'node-worker-pool-crash']) {
    test(`${name}: the same Chrome trace as \`poolscope export\` (the golden file)`, () => {
      const loaded = loadModel(golden(`${name}.ndjson`));
      assert.ok(!('error' in loaded), JSON.stringify(loaded));
      const out = join(dir, `${name}.chrome.json`);
      const events = writeChromeFile(loaded.model, out);
      const written = JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: unknown[] };
      assert.equal(written.traceEvents.length, events, 'the count the notification reports');
      assert.deepEqual(written, JSON.parse(readFileSync(golden(`${name}.chrome.json`), 'utf8')));
    });
  }

  test('a file that is not a recording is refused in one line naming it', () => {
    const notes = join(dir, 'notes.ndjson');
    writeFileSync(notes, 'hello\n');
    const loaded = loadModel(notes);
    assert.ok('error' in loaded);
    assert.match(loaded.error, /notes\.ndjson/);
    assert.doesNotMatch(loaded.error, /\n/);
    const missing = loadModel(join(dir, 'gone.ndjson'));
    assert.ok('error' in missing);
    assert.match(missing.error, /^cannot read .*gone\.ndjson/);
  });
});
