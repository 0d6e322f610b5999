import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { defaultRecordingStem } from '../../../src/runner/output-path.ts';
import { releaseOutput, reserveOutput } from '../../../src/runner/output-file.ts';
import { exitStatusOf } from '../../../src/runner/signals.ts';
import { tempDir } from './helpers.ts';

const { dir, remove } = tempDir();
after(remove);
const when = new Date(2025, 2, 4, 5, 6, 7);

test('the default recording is named after the script and the local time', () => {
  assert.equal(defaultRecordingStem('src/jobs/io-bound.ts', when), 'poolscope-io-bound-20250304-050607');
  assert.equal(defaultRecordingStem('my app.mjs', when), 'poolscope-my_app-20250304-050607');
});

test('a second recording in the same second does not overwrite the first', () => {
  const reserve = () => reserveOutput({ output: undefined, cwd: dir, program: 'app.ts', inputs: [], now: when });
  const first = reserve();
  assert.equal(first.file, join(dir, 'poolscope-app-20250304-050607.ndjson'));
  closeSync(first.fd!);
  writeFileSync(first.file, '');
  const second = reserve();
  assert.equal(second.file, join(dir, 'poolscope-app-20250304-050607-2.ndjson'));
  // Not yet in place (its header is not written): the name is still taken.
  assert.equal(reserve().file, join(dir, 'poolscope-app-20250304-050607-3.ndjson'));
  releaseOutput(second);
});

test('the exit status is the code, or 128 + the signal number as a shell reports it', () => {
  assert.equal(exitStatusOf(0, null), 0);
  assert.equal(exitStatusOf(3, null), 3);
  assert.equal(exitStatusOf(null, 'SIGINT'), 130);
  assert.equal(exitStatusOf(null, 'SIGKILL'), 137);
  assert.equal(exitStatusOf(null, 'SIGTERM'), 143);
});
