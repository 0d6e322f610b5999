// Runs every Python example plainly (no tracer) and checks what it prints and how it exits. The
// non-`time:` output must match expected/*.txt line for line: a later test compares the same
// programs with and without the tracer, which only works if that output never varies.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { EXAMPLES, PYTHON_EXAMPLES, expectedLines, interpreters, runExample, splitOutput } from './examples.ts';

// Far beyond any example's ~2 s: reaching it means a run hung.
const KILL_AFTER_MS = 20_000;
// How long the hanging examples must still be running without --timeout.
// Long enough for the opening line to appear on a loaded machine (1.5 s flaked at load 9).
const STILL_HANGING_MS = 4_000;

describe('media/examples/python', () => {
  test('every example has a run case and a README line', () => {
    const files = readdirSync(PYTHON_EXAMPLES)
      .filter((name) => name.endsWith('.py'))
      .sort();
    assert.deepEqual(files, EXAMPLES.map((example) => example.file).sort());
    const readme = readFileSync(join(PYTHON_EXAMPLES, 'README.md'), 'utf8');
    for (const file of files) assert.match(readme, new RegExp(`^\\| \`${file.replace('.', '\\.')}\``, 'm'), file);
  });
});

// Two runs at a time: the examples mostly sleep, and the CPU-bound ones use two workers.
describe('Python examples run untraced', { concurrency: 2 }, () => {
  for (const python of interpreters()) {
    for (const example of EXAMPLES) {
      test(`${python} ${example.file} ${example.args.join(' ')}`, async () => {
        const run = await runExample(python, example.file, example.args, KILL_AFTER_MS);
        assert.equal(run.killed, false, `${example.file} still running after ${KILL_AFTER_MS} ms:\n${run.stdout}`);
        assert.equal(run.stderr, '');
        assert.equal(run.code, example.exitCode, run.stdout);
        const { lines, timeLines } = splitOutput(run.stdout);
        assert.deepEqual(lines, expectedLines(example));
        assert.equal(timeLines.length, example.timeLines, timeLines.join('\n'));
      });
    }
  }

  // The lesson of these two is that they hang: without --timeout they must not end on their own.
  for (const file of ['pool_starvation_deadlock.py', 'never_set_future.py']) {
    test(`python3 ${file} without --timeout hangs`, async () => {
      const run = await runExample('python3', file, ['1'], STILL_HANGING_MS);
      assert.equal(run.killed, true, `exited on its own with code ${run.code}:\n${run.stdout}${run.stderr}`);
      // Only the opening line, printed (and flushed) before the endless wait.
      const example = EXAMPLES.find((candidate) => candidate.file === file)!;
      assert.deepEqual(splitOutput(run.stdout).lines, expectedLines(example).slice(0, 1));
    });
  }
});
