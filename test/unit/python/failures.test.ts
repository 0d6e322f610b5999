import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { tempDir } from '../runner/helpers.ts';
import { BOOTSTRAP, FIXTURES, PYTHON, plain, withBootstrap } from './helpers.ts';

const { dir, remove } = tempDir('poolscope-python-');
after(remove);

describe('the tracer’s own failures', () => {
  test('an unwritable recording is told once, and the program (and its workers) run on untraced', () => {
    const notAFile = join(dir, 'a-folder.ndjson');
    mkdirSync(notAFile);
    const run = withBootstrap(['process_pool.py', 'spawn'], notAFile);
    const alone = plain(['process_pool.py', 'spawn']);
    assert.equal(run.status, alone.status);
    assert.equal(run.stdout, alone.stdout);
    assert.equal(
      run.stderr,
      `${alone.stderr}poolscope: recording stopped: Is a directory (${notAFile}); the program runs on untraced\n`,
    );
  });

  test('without POOLSCOPE_TRACE the bootstrap does nothing but load the user’s sitecustomize', () => {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      PYTHONPATH: `${BOOTSTRAP}${delimiter}${join(FIXTURES, 'user_site')}`,
    };
    delete env.POOLSCOPE_TRACE;
    const r = spawnSync(
      PYTHON,
      ['-c', 'import sys, os; print(os.environ.get("FIXTURE_USER_SITECUSTOMIZE"), "poolscope_tracer" in sys.modules)'],
      { env, encoding: 'utf8' },
    );
    assert.equal(r.stdout, 'loaded False\n');
  });

  test('variables set by hand on an empty file: the root writes the header itself', () => {
    const file = join(dir, 'by-hand.ndjson');
    spawnSync('touch', [file]);
    const run = withBootstrap(['exits.py', 'os-exit'], file);
    assert.equal(run.status, 4);
    const lines = spawnSync('cat', [file], { encoding: 'utf8' }).stdout.split('\n').filter(Boolean);
    const header = JSON.parse(lines[0]!) as { e: string; writer: string; program: string; args: string[] };
    assert.deepEqual(
      [header.e, header.writer, header.program, header.args],
      ['header', 'poolscope-python/0.1.0', 'exits.py', ['os-exit']],
    );
    assert.ok(lines.some((l) => l.includes('"e":"done"')));
  });
});
