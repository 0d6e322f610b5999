import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { delimiter, join } from 'node:path';
import { PoolscopeError } from '../../../src/runner/errors.ts';
import { planLaunch } from '../../../src/runner/launch-plan.ts';
import { LAUNCHERS } from '../../../src/runner/launchers.ts';
import { bootstrapDir, pythonLauncher, splitPythonCommand } from '../../../src/runner/python-launch.ts';
import { FIXTURES, PYTHON } from './helpers.ts';

function rejects(args: string[], what: string, why: RegExp): void {
  assert.throws(
    () => splitPythonCommand('python3', args),
    (error: unknown) =>
      error instanceof PoolscopeError && error.what === what && why.test(error.why) && error.exitCode === 2,
  );
}

describe('the Python launch plan', () => {
  test('claims python interpreters, .py scripts and -m, and leaves Node programs to Node', () => {
    for (const command of [
      ['python3', 'a.py'],
      ['/venv/bin/python', 'a.py'],
      ['python3.11'],
      ['pypy3'],
      ['app.py'],
      ['-m', 'pkg'],
    ])
      assert.ok(pythonLauncher.claims(command), command.join(' '));
    for (const command of [['node', 'a.js'], ['app.ts'], ['pythonic.sh'], ['mypython']])
      assert.ok(!pythonLauncher.claims(command), command.join(' '));
  });

  test('splits options, the script and its arguments the way CPython reads them', () => {
    assert.deepEqual(splitPythonCommand('python3', ['-u', '-W', 'ignore', '-Xdev', 'app.py', '-m', 'x']), {
      options: ['-u', '-W', 'ignore', '-Xdev'],
      target: { script: 'app.py' },
      targetArgs: ['-m', 'x'],
    });
    assert.deepEqual(splitPythonCommand('python3', ['-OO', '-m', 'pkg.mod', '--flag']), {
      options: ['-OO'],
      target: { module: 'pkg.mod' },
      targetArgs: ['--flag'],
    });
    assert.deepEqual(splitPythonCommand('python3', ['-Bmpkg', 'a']), {
      options: ['-B'],
      target: { module: 'pkg' },
      targetArgs: ['a'],
    });
    assert.deepEqual(splitPythonCommand('python3', ['--check-hash-based-pycs', 'never', '--', '-odd.py', 'x']), {
      options: ['--check-hash-based-pycs', 'never', '--'],
      target: { script: '-odd.py' },
      targetArgs: ['x'],
    });
  });

  test('refuses the options that keep sitecustomize from loading, and commands with no program file', () => {
    rejects(['-I', 'app.py'], '-I', /isolated mode.*run the program without -I/);
    rejects(['-uE', 'app.py'], '-E', /ignores PYTHONPATH/);
    rejects(['-S', 'app.py'], '-S', /site module/);
    rejects(['-c', 'print(1)'], '-c', /no program to record/);
    rejects(['-'], '-', /no program to record/);
    rejects(['--version'], '--version', /no program to record/);
    rejects(['-u'], 'python3 -u', /no program to record/);
    rejects(['-m'], '-m', /a module name must follow -m/);
  });

  test('runs the command as typed, with the bootstrap first on PYTHONPATH', () => {
    const plan = planLaunch(
      {
        command: [PYTHON, '-u', 'thread_pool.py', 'a'],
        cwd: FIXTURES,
        env: { PATH: process.env.PATH, PYTHONPATH: '/mine' },
      },
      LAUNCHERS,
    );
    assert.equal(plan.executable, PYTHON);
    assert.deepEqual(plan.args, ['-u', 'thread_pool.py', 'a']);
    assert.equal(plan.env.PYTHONPATH, `${bootstrapDir()}${delimiter}/mine`);
    assert.equal(bootstrapDir(), join(__dirname, '../../../src/python/bootstrap'));
    assert.deepEqual([plan.runtime, plan.program, plan.programArgs], ['python', 'thread_pool.py', ['a']]);
    assert.match(plan.runtimeVersion, /^3\.\d+\.\d+$/);
  });

  test('a bare script runs on POOLSCOPE_PYTHON; -m names the module as the program', () => {
    const env = { PATH: process.env.PATH, POOLSCOPE_PYTHON: PYTHON };
    const bare = planLaunch({ command: ['thread_pool.py', 'x'], cwd: FIXTURES, env }, LAUNCHERS);
    assert.deepEqual(
      [bare.executable, bare.args, bare.env.PYTHONPATH],
      [PYTHON, ['thread_pool.py', 'x'], bootstrapDir()],
    );
    const module = planLaunch({ command: ['-m', 'hostile', 'y'], cwd: FIXTURES, env }, LAUNCHERS);
    assert.deepEqual([module.args, module.program, module.programArgs], [['-m', 'hostile', 'y'], 'hostile', ['y']]);
  });

  test('a missing script or interpreter is a one-line error naming it', () => {
    const env = { PATH: process.env.PATH, POOLSCOPE_PYTHON: PYTHON };
    assert.throws(
      () => planLaunch({ command: ['missing.py'], cwd: FIXTURES, env }, LAUNCHERS),
      (e: unknown) => e instanceof PoolscopeError && e.what === 'missing.py' && e.why === 'no such file',
    );
    assert.throws(
      () => planLaunch({ command: ['python3.99', 'thread_pool.py'], cwd: FIXTURES, env }, LAUNCHERS),
      (e: unknown) => e instanceof PoolscopeError && e.what === 'python3.99' && /cannot run it/.test(e.why),
    );
  });
});
