import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRecordingPath } from '../../../src/runner/output-path.ts';
import { exitStatusOf } from '../../../src/runner/signals.ts';
import { tempDir } from './helpers.ts';

const { dir, remove } = tempDir();
after(remove);
const when = new Date(2025, 2, 4, 5, 6, 7);

test('the default recording is named after the script and the local time, in the working directory', () => {
  assert.equal(
    defaultRecordingPath('src/jobs/io-bound.ts', dir, when),
    join(dir, 'poolscope-io-bound-20250304-050607.ndjson'),
  );
  assert.equal(defaultRecordingPath('my app.mjs', dir, when), join(dir, 'poolscope-my_app-20250304-050607.ndjson'));
});

test('a second recording in the same second does not overwrite the first', () => {
  const first = defaultRecordingPath('app.ts', dir, when);
  writeFileSync(first, '');
  const second = defaultRecordingPath('app.ts', dir, when);
  assert.equal(second, join(dir, 'poolscope-app-20250304-050607-2.ndjson'));
  writeFileSync(second, '');
  assert.equal(defaultRecordingPath('app.ts', dir, when), join(dir, 'poolscope-app-20250304-050607-3.ndjson'));
});

test('the exit status is the code, or 128 + the signal number as a shell reports it', () => {
  assert.equal(exitStatusOf(0, null), 0);
  assert.equal(exitStatusOf(3, null), 3);
  assert.equal(exitStatusOf(null, 'SIGINT'), 130);
  assert.equal(exitStatusOf(null, 'SIGKILL'), 137);
  assert.equal(exitStatusOf(null, 'SIGTERM'), 143);
});
