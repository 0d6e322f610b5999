import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PoolscopeError } from '../../../src/runner/errors.ts';
import { planLaunch, recordingEnv, type Launcher } from '../../../src/runner/launch-plan.ts';
import { LAUNCHERS } from '../../../src/runner/launchers.ts';
import { ensureBuilt, REGISTER, tempDir } from './helpers.ts';

const { dir, remove } = tempDir();
const plan = (command: string[], env: NodeJS.ProcessEnv = {}) => planLaunch({ command, cwd: dir, env }, LAUNCHERS);

function failsWith(command: string[], pattern: RegExp, exitCode: 1 | 2) {
  assert.throws(
    () => plan(command),
    (error: unknown) => error instanceof PoolscopeError && pattern.test(error.message) && error.exitCode === exitCode,
  );
}

describe('planLaunch with the Node launcher', () => {
  before(() => {
    ensureBuilt();
    for (const name of ['app.ts', 'app.mjs', 'app.cjs', 'app.js', 'bin-script']) writeFileSync(join(dir, name), '');
  });
  after(remove);

  test('a script alone runs on the node running Poolscope, with the hooks and source maps', () => {
    const p = plan(['app.ts', '--n', '3'], { KEEP: 'yes' });
    assert.equal(p.executable, process.execPath);
    assert.deepEqual(p.args, ['--import', pathToFileURL(REGISTER).href, '--enable-source-maps', 'app.ts', '--n', '3']);
    assert.equal(p.runtime, 'node');
    assert.equal(p.runtimeVersion, process.versions.node);
    assert.equal(p.program, 'app.ts');
    assert.deepEqual(p.programArgs, ['--n', '3']);
    assert.equal(p.env.KEEP, 'yes');
  });

  test('every JavaScript and TypeScript extension is claimed', () => {
    for (const name of ['app.mjs', 'app.cjs', 'app.js']) assert.equal(plan([name]).program, name);
  });

  test('node options stay before the script, their values are not taken for it', () => {
    const p = plan([
      'node',
      '--no-warnings',
      '-r',
      'dotenv/config',
      '--import=x',
      '--conditions',
      'dev',
      'app.mjs',
      '-r',
      'y',
    ]);
    assert.deepEqual(p.args.slice(3), [
      '--no-warnings',
      '-r',
      'dotenv/config',
      '--import=x',
      '--conditions',
      'dev',
      'app.mjs',
      '-r',
      'y',
    ]);
    assert.equal(p.program, 'app.mjs');
    assert.deepEqual(p.programArgs, ['-r', 'y']);
  });

  test('with node named, any file is a script (bin scripts have no extension)', () => {
    assert.equal(plan(['node', 'bin-script']).program, 'bin-script');
    assert.equal(plan(['node', '--', 'app.js', 'a']).program, 'app.js');
  });

  test('a missing script, a folder and a file of another language are refused', () => {
    failsWith(['nope.ts'], /^nope\.ts: no such file$/, 1);
    failsWith(['node', '--inspect', 'nope.js'], /^nope\.js: no such file$/, 1);
    failsWith(['node', '.'], /not a file/, 1);
    failsWith(['train.rb'], /^train\.rb: not a program Poolscope can record/, 2);
    failsWith([], /nothing to run/, 2);
  });

  test('node without a script file (eval, REPL, test runner) is refused', () => {
    failsWith(['node', '-e', '1'], /^-e: cannot record this/, 2);
    failsWith(['node', '--print=1'], /^--print=1: cannot record this/, 2);
    failsWith(['node', '--test'], /cannot record this/, 2);
    failsWith(['node', '--no-warnings'], /no script to run/, 2);
    failsWith(['node', '--import', 'x'], /no script to run/, 2);
  });

  test('a node given by path that does not exist is reported by name', () => {
    failsWith(['/no/such/node', 'app.js'], /^\/no\/such\/node: cannot run it to learn its version/, 1);
  });

  test('the first launcher that claims a command plans it', () => {
    const fake: Launcher = {
      runtime: 'fake',
      describe: 'Fake (.fake)',
      claims: (command) => command[0]!.endsWith('.fake'),
      plan: (request) => ({
        executable: 'fake',
        args: [...request.command],
        env: request.env,
        runtime: 'fake',
        runtimeVersion: '1',
        program: request.command[0]!,
        programArgs: [],
      }),
    };
    assert.equal(planLaunch({ command: ['x.fake'], cwd: dir, env: {} }, [...LAUNCHERS, fake]).executable, 'fake');
    assert.throws(
      () => planLaunch({ command: ['x.rb'], cwd: dir, env: {} }, [...LAUNCHERS, fake]),
      /Node\.js .* or Fake/,
    );
  });
});

describe('recordingEnv', () => {
  test('turns recording on and drops a root pid inherited from an outer recording', () => {
    const env = recordingEnv({ PATH: '/bin', POOLSCOPE_TRACE: '/old', POOLSCOPE_TRACE_ROOT_PID: '42' }, '/new.ndjson');
    assert.deepEqual(env, { PATH: '/bin', POOLSCOPE_TRACE: '/new.ndjson' });
  });
});
