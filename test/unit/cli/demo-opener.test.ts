/**
 * Where `npm run demo` opens the chart: VS Code when `code` is on PATH, else the bundled
 * code-server; and the exact `code` commands it runs (scripts/demo/opener.mjs, open-in-vscode.mjs).
 */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { chooseOpener, findOnPath, vscodeCommands } from '../../../scripts/demo/opener.mjs';
import { openInVscode, type RunResult } from '../../../scripts/demo/open-in-vscode.mjs';

/** A file system where exactly `files` are executable. */
const only =
  (...files: string[]) =>
  (path: string) =>
    files.includes(path);

describe('choosing where to open the chart', () => {
  test('a `code` on PATH means VS Code, with the first one found', () => {
    const env = { PATH: '/usr/local/bin:/opt/vscode/bin:/usr/bin' };
    const isExecutable = only('/opt/vscode/bin/code', '/usr/bin/code');
    assert.deepEqual(chooseOpener({ env, platform: 'linux', isExecutable, forceCodeServer: false }), {
      mode: 'vscode',
      code: '/opt/vscode/bin/code',
    });
  });

  test('no `code` on PATH means the bundled code-server, and says why', () => {
    const env = { PATH: '/usr/local/bin:/usr/bin' };
    assert.deepEqual(
      chooseOpener({ env, platform: 'linux', isExecutable: only('/usr/bin/node'), forceCodeServer: false }),
      {
        mode: 'code-server',
        why: 'no `code` command on PATH',
      },
    );
  });

  test('--code-server wins over a `code` on PATH', () => {
    const env = { PATH: '/usr/bin' };
    const choice = chooseOpener({ env, platform: 'linux', isExecutable: only('/usr/bin/code'), forceCodeServer: true });
    assert.deepEqual(choice, { mode: 'code-server', why: 'asked with --code-server' });
  });

  test('an empty PATH entry (the current folder) and a missing PATH find nothing', () => {
    assert.equal(
      findOnPath('code', { env: { PATH: ':/usr/bin' }, platform: 'linux', isExecutable: only('code') }),
      undefined,
    );
    assert.equal(findOnPath('code', { env: {}, platform: 'linux', isExecutable: () => true }), undefined);
  });

  test('on Windows `code` is found as code.cmd through PATHEXT', () => {
    const env = { Path: 'C:\\VSCode\\bin', PATHEXT: '.EXE;.CMD' };
    const found = findOnPath('code', { env, platform: 'win32', isExecutable: (p) => p.endsWith('code.cmd') });
    assert.ok(found?.endsWith('code.cmd'), String(found));
  });

  test('a real PATH lookup finds an executable and skips a non-executable file of the same name', () => {
    // The test's own node binary is executable on every machine that runs this test.
    const dir = process.execPath.slice(0, process.execPath.lastIndexOf('/'));
    const name = process.execPath.slice(dir.length + 1);
    assert.equal(findOnPath(name, { env: { PATH: `/nonexistent:${dir}` } }), process.execPath);
    assert.equal(findOnPath('package.json', { env: { PATH: process.cwd() } }), undefined);
  });
});

describe('opening the chart in VS Code', () => {
  const paths = {
    code: '/usr/bin/code',
    vsix: '/repo/poolscope.vsix',
    folder: '/repo/.cache/demo/recordings',
    recording: '/repo/.cache/demo/recordings/poolscope-cpu-bound.ndjson',
  };

  test('installs the .vsix with --force, then opens the recordings folder with the recording', () => {
    assert.deepEqual(vscodeCommands(paths), [
      { cmd: '/usr/bin/code', args: ['--install-extension', '/repo/poolscope.vsix', '--force'] },
      {
        cmd: '/usr/bin/code',
        args: ['/repo/.cache/demo/recordings', '/repo/.cache/demo/recordings/poolscope-cpu-bound.ndjson'],
      },
    ]);
  });

  test('runs exactly those commands, in that order', () => {
    const ran: string[][] = [];
    const run = (cmd: string, args: string[]): RunResult => (ran.push([cmd, ...args]), { status: 0, output: '' });
    openInVscode({ ...paths, run, log: () => {} });
    assert.deepEqual(
      ran,
      vscodeCommands(paths).map((c) => [c.cmd, ...c.args]),
    );
  });

  test('a failed install stops before opening, and the error shows the command, its output and a way out', () => {
    const ran: string[][] = [];
    const run = (cmd: string, args: string[]): RunResult => {
      ran.push([cmd, ...args]);
      return { status: 1, output: 'Failed Installing Extensions: poolscope.vsix\n' };
    };
    assert.throws(
      () => openInVscode({ ...paths, run, log: () => {} }),
      (error: Error) => {
        assert.match(
          error.message,
          /`\/usr\/bin\/code --install-extension \/repo\/poolscope.vsix --force` failed \(exit 1\)/,
        );
        assert.match(error.message, /Failed Installing Extensions/);
        assert.match(error.message, /npm run demo -- --code-server/);
        return true;
      },
    );
    assert.equal(ran.length, 1);
  });

  test('a `code` that cannot be started is reported, not thrown as a spawn error', () => {
    const run = (): RunResult => ({ status: 'spawnSync /usr/bin/code ENOENT', output: '' });
    assert.throws(
      () => openInVscode({ ...paths, run, log: () => {} }),
      /failed \(exit spawnSync \/usr\/bin\/code ENOENT\)/,
    );
  });
});
