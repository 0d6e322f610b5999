// Audit G9: `python3 DIR` runs DIR/__main__.py, so `poolscope record -- python3 DIR` must too.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PoolscopeError } from '../../../src/runner/errors.ts';
import { planLaunch } from '../../../src/runner/launch-plan.ts';
import { LAUNCHERS } from '../../../src/runner/launchers.ts';
import { ensureBuilt, tempDir } from '../runner/helpers.ts';
import { cliEnv, errorLine, readRecording, runCli } from './helpers.ts';

const { dir, remove } = tempDir();
const APP = join(dir, 'app');
const EMPTY = join(dir, 'empty');

const MAIN = `
import sys
from concurrent.futures import ThreadPoolExecutor
with ThreadPoolExecutor(2) as pool:
    print(__name__, sys.argv[1:], sum(pool.map(abs, [-1, -2, 3])))
`;

describe('G9: a folder with a __main__.py as the Python program', () => {
  before(() => {
    ensureBuilt();
    mkdirSync(APP);
    writeFileSync(join(APP, '__main__.py'), MAIN);
    mkdirSync(EMPTY);
    writeFileSync(join(EMPTY, 'helper.py'), '');
  });
  after(remove);

  test('G9: python3 DIR is planned as typed, DIR being the program', () => {
    const plan = planLaunch({ command: ['python3', '-u', 'app', 'x'], cwd: dir, env: cliEnv() }, LAUNCHERS);
    assert.deepEqual(plan.args, ['-u', 'app', 'x']);
    assert.equal(plan.program, 'app');
    assert.deepEqual(plan.programArgs, ['x']);
  });

  test('G9: a folder without a __main__.py is refused with a reason, before anything runs', () => {
    assert.throws(
      () => planLaunch({ command: ['python3', 'empty'], cwd: dir, env: cliEnv() }, LAUNCHERS),
      (error: unknown) =>
        error instanceof PoolscopeError && error.what === 'empty' && /folder without a __main__\.py/.test(error.why),
    );
    const r = runCli(['record', '-o', join(dir, 'never.ndjson'), '--', 'python3', 'empty'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(errorLine(r), /^poolscope: empty: is a folder without a __main__\.py: /);
  });

  test('G9: poolscope record -- python3 DIR runs DIR/__main__.py as Python does, and records it', () => {
    const out = join(dir, 'app.ndjson');
    const plain = spawnSync('python3', ['app', 'a b'], { cwd: dir, env: cliEnv(), encoding: 'utf8' });
    const r = runCli(['record', '-o', out, '--', 'python3', 'app', 'a b'], { cwd: dir });
    assert.equal(r.status, plain.status, r.stderr);
    assert.equal(r.stdout, plain.stdout);
    assert.equal(r.stdout, "__main__ ['a b'] 6\n");
    const trace = readRecording(out);
    assert.deepEqual(trace.issues, []);
    assert.equal(trace.header?.program, 'app');
    assert.equal(trace.events.filter((e) => e.e === 'submit').length, 3);
  });
});
