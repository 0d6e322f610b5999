// The semantics check: an example must behave the same recorded and not — same stdout (its `time:`
// lines aside), same stderr (memory addresses aside), same exit — on every interpreter the
// examples are run on. Each case runs the untraced and the traced program side by side.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ensureBuilt, tempDir } from '../runner/helpers.ts';
import { interpreters, plainEnv, splitOutput } from './examples.ts';
import { example, ofType, recordExample, runPlain, withoutRecordedLine } from './recorded.ts';

/** `<pkg.Thing object at 0x7f…>` differs from run to run, traced or not. */
export function normaliseStderr(stderr: string): string {
  return stderr.replace(/\b0x[0-9a-fA-F]+\b/g, '0x…');
}

/** stdout with the text of its `time:` lines left out (timings vary), their place kept. */
export function normaliseStdout(stdout: string): string {
  return stdout.replace(/^time:.*$/gm, 'time: …');
}

function pythonVersion(python: string): string {
  const probe = spawnSync(python, ['-c', 'import platform; print(platform.python_version())'], {
    encoding: 'utf8',
    env: plainEnv(),
  });
  assert.equal(probe.status, 0, probe.stderr);
  return probe.stdout.trim();
}

/**
 * One test per interpreter and example of `files`: the example run untraced and under
 * `poolscope record -- PYTHON`, at the same time, must print and exit the same, and the recording
 * must show the tracer was really on (the interpreter's version, the program's futures).
 */
export function describeSemantics(title: string, files: readonly string[]): void {
  const { dir, remove } = tempDir('poolscope-semantics-');
  after(remove);
  before(ensureBuilt);
  describe(title, () => {
    for (const python of interpreters()) {
      for (const file of files) {
        const { args } = example(file);
        test(`${python} ${file} ${args.join(' ')}: same stdout, stderr and exit code traced as untraced`, async () => {
          const out = join(dir, `${python.replace(/\W/g, '_')}-${file}.ndjson`);
          const [plain, traced] = await Promise.all([
            runPlain(python, file, args),
            recordExample(out, file, args, { python }),
          ]);
          assert.equal(plain.killed, false, `untraced ${file} hung:\n${plain.stdout}`);
          assert.deepEqual([traced.code, traced.signal], [plain.code, plain.signal], 'exit');
          assert.equal(traced.code, example(file).exitCode);
          assert.equal(normaliseStdout(traced.stdout), normaliseStdout(plain.stdout), 'stdout');
          assert.equal(splitOutput(plain.stdout).timeLines.length, example(file).timeLines);
          assert.equal(normaliseStderr(withoutRecordedLine(traced.stderr)), normaliseStderr(plain.stderr), 'stderr');
          // Equal output proves nothing if the tracer was off: the recording must be this run's.
          assert.equal(traced.header.runtimeVersion, pythonVersion(python));
          assert.ok(ofType(traced.events, 'submit').length > 0, 'the tracer recorded the program’s futures');
          assert.equal(traced.model.exit?.code, plain.code);
        });
      }
    }
  });
}
