import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { checkRecordingAgainstSchema } from '../../../src/trace/conformance.ts';
import { CLI, ensureBuilt, tempDir } from '../runner/helpers.ts';
import { ofType, plain, programStderr, record } from './helpers.ts';

const { dir, remove } = tempDir('poolscope-python-');
after(remove);
before(ensureBuilt);

const STOPPED = /^poolscope: recording stopped: File too large; the program runs on untraced$/gm;
const ROOM = 20_000;

// file_limit.py caps the size of the files it and its workers write (RLIMIT_FSIZE) at what the
// recording holds plus ROOM bytes: the recording fills up mid-run, in every process at once, as on
// a full disk (a tmpfs of 64 KiB behaves the same; mounting one needs root).
describe('poolscope record: the recording fills up while the program runs', () => {
  for (const kind of ['thread', 'fork', 'spawn']) {
    test(`bug: a full recording was left invalid, and told once per process (${kind})`, () => {
      const out = join(dir, `full-${kind}.ndjson`);
      const run = record(out, ['file_limit.py', kind, String(ROOM)]);
      const alone = plain(['file_limit.py', kind, String(ROOM)]);
      // The program's output and exit code are its own.
      assert.equal(run.status, alone.status);
      assert.equal(run.stdout, alone.stdout);
      // Told once for the whole recording, not once per process (4 workers).
      assert.equal(run.stderr.match(STOPPED)?.length, 1, run.stderr);
      assert.equal(programStderr(run).replace(STOPPED, '').trim(), alone.stderr.trim());
      // The file is valid: no torn line, whatever the other processes and the runner appended;
      // a `dropped` event says events were lost (so missing references are warnings).
      const report = checkRecordingAgainstSchema(run.text);
      assert.ok(report.ok, report.problems.map((p) => p.message).join('\n'));
      assert.ok(run.text.endsWith('\n'));
      assert.ok(ofType(run.events, 'dropped').length >= 1);
      const validate = spawnSync(process.execPath, [CLI, 'validate', out], { encoding: 'utf8' });
      assert.equal(validate.status, 0, validate.stdout + validate.stderr);
      // What was written before the failure is kept: the file reached the limit.
      assert.ok(statSync(out).size >= ROOM - 500, `only ${statSync(out).size} bytes kept`);
      assert.equal(ofType(run.events, 'exit').length, 1);
      // The marker that made the report once is cleaned up by the root process.
      assert.equal(existsSync(`${out}.failed`), false);
    });
  }
});
