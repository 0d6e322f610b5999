import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join, sep } from 'node:path';
import {
  isProfilable,
  isTypeScript,
  recordOptions,
  resolveRecordingsFolder,
  type ProfileSettings,
} from '../../../src/extension/launch-options.ts';

const settings = (over: Partial<ProfileSettings> = {}): ProfileSettings => ({
  pythonPath: '',
  nodePath: 'node',
  recordingsFolder: '/store/recordings',
  extraArgs: [],
  env: {},
  stuckThresholdMs: undefined,
  ...over,
});

describe('recordOptions', () => {
  test('a file in the workspace runs from the workspace folder, named relative to it', () => {
    const o = recordOptions({
      file: '/ws/src/app.py',
      workspaceFolder: '/ws',
      settings: settings({ extraArgs: ['--n', '3'] }),
      baseEnv: { PATH: '/bin' },
    });
    assert.equal(o.cwd, '/ws');
    assert.deepEqual(o.command, [join('src', 'app.py'), '--n', '3']);
    assert.equal(o.output, `/store/recordings${sep}`, 'a folder: the runner names the file');
    assert.deepEqual(o.stdio, ['ignore', 'pipe', 'pipe']);
    assert.equal(o.detached, process.platform !== 'win32');
  });

  test('a file outside any workspace folder runs from its own folder', () => {
    const o = recordOptions({ file: '/tmp/x/job.ts', workspaceFolder: '/ws', settings: settings(), baseEnv: {} });
    assert.equal(o.cwd, '/tmp/x');
    assert.deepEqual(o.command, ['job.ts']);
  });

  test('a script whose name starts with a dash is not taken for an option', () => {
    const o = recordOptions({ file: '/ws/-x.py', workspaceFolder: '/ws', settings: settings(), baseEnv: {} });
    assert.deepEqual(o.command, [`.${sep}-x.py`]);
  });

  test('the environment: VS Code’s, then the setting’s, then what Poolscope passes', () => {
    const o = recordOptions({
      file: '/ws/a.ts',
      workspaceFolder: '/ws',
      settings: settings({ env: { PATH: '/custom', FOO: 'bar' }, stuckThresholdMs: 2500.4 }),
      baseEnv: { PATH: '/bin', HOME: '/home/me' },
      esbuildDir: '/global/esbuild/node_modules/esbuild',
    });
    assert.equal(o.env!.PATH, '/custom');
    assert.equal(o.env!.HOME, '/home/me');
    assert.equal(o.env!.FOO, 'bar');
    assert.equal(o.env!.POOLSCOPE_STUCK_MS, '2500');
    assert.equal(o.env!.POOLSCOPE_ESBUILD, '/global/esbuild/node_modules/esbuild');
    assert.equal(o.env!.PYTHONUNBUFFERED, '1');
  });

  test('a PYTHONUNBUFFERED the user set is kept; no stuck threshold leaves the tracer’s default', () => {
    const o = recordOptions({
      file: '/ws/a.py',
      workspaceFolder: '/ws',
      settings: settings({ env: { PYTHONUNBUFFERED: '' } }),
      baseEnv: {},
    });
    assert.equal(o.env!.PYTHONUNBUFFERED, '');
    assert.equal('POOLSCOPE_STUCK_MS' in o.env!, false);
    assert.equal('POOLSCOPE_ESBUILD' in o.env!, false);
  });

  test('interpreters: the settings’, `node` when none', () => {
    const none = recordOptions({
      file: '/ws/a.py',
      workspaceFolder: '/ws',
      settings: settings({ nodePath: '' }),
      baseEnv: {},
    });
    assert.deepEqual(none.interpreters, { node: 'node' });
    const both = recordOptions({
      file: '/ws/a.py',
      workspaceFolder: '/ws',
      settings: settings({ pythonPath: '/venv/bin/python', nodePath: '/opt/node/bin/node' }),
      baseEnv: {},
    });
    assert.deepEqual(both.interpreters, { node: '/opt/node/bin/node', python: '/venv/bin/python' });
  });
});

describe('which files', () => {
  test('Python, JavaScript and TypeScript files are profiled', () => {
    for (const f of ['a.py', 'a.js', 'a.mjs', 'a.cjs', 'a.ts', 'a.mts', 'a.cts', 'A.PY']) assert.ok(isProfilable(f), f);
    for (const f of ['a.ndjson', 'a.json', 'a.pyc', 'a.tsx', 'py']) assert.ok(!isProfilable(f), f);
    assert.ok(isTypeScript('x.mts'));
    assert.ok(!isTypeScript('x.js'));
  });
});

describe('resolveRecordingsFolder', () => {
  test('empty: the storage folder', () => {
    assert.equal(resolveRecordingsFolder('  ', '/ws', '/store/rec'), '/store/rec');
  });
  test('${workspaceFolder} and relative paths are taken from the workspace folder', () => {
    assert.equal(resolveRecordingsFolder('${workspaceFolder}/.poolscope', '/ws', '/store'), '/ws/.poolscope');
    assert.equal(resolveRecordingsFolder('recs', '/ws', '/store'), '/ws/recs');
    assert.equal(resolveRecordingsFolder('/abs/recs', '/ws', '/store'), '/abs/recs');
  });
  test('no workspace folder: relative to the storage folder', () => {
    assert.equal(resolveRecordingsFolder('recs', undefined, '/store'), '/store/recs');
  });
});
