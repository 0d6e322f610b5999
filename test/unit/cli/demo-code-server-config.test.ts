/** The bundled code-server of `npm run demo`: its environment, its settings and the URL it prints (scripts/demo/code-server-config.mjs). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import {
  CODE_SERVER_CONFIG,
  DEMO_USER_SETTINGS,
  codeServerEnv,
  newPassword,
  serverEnv,
  servingMessage,
  workbenchUrl,
} from '../../../scripts/demo/code-server-config.mjs';

describe('demo code-server setup', () => {
  test("the URL opens the recordings folder, readable and safe for a folder with spaces or '&'", () => {
    assert.equal(
      workbenchUrl('http://127.0.0.1:8080', '/work/main/.cache/demo/recordings'),
      'http://127.0.0.1:8080/?folder=/work/main/.cache/demo/recordings',
    );
    const url = new URL(workbenchUrl('http://127.0.0.1:8080/', '/home/a b/x&y=1#/recordings'));
    assert.equal(url.pathname, '/');
    assert.equal(url.searchParams.get('folder'), '/home/a b/x&y=1#/recordings');
  });

  test("the environment drops what would redirect code-server: the VS Code terminal CLI hook, PORT, the user's passwords, npm_*", () => {
    const env = codeServerEnv(
      {
        HOME: '/home/u',
        PATH: '/usr/bin',
        VSCODE_IPC_HOOK_CLI: '/tmp/vscode-ipc.sock',
        PORT: '3000',
        PASSWORD: 'mine',
        HASHED_PASSWORD: '$argon2i$mine',
        npm_lifecycle_event: 'demo',
        npm_config_prefix: '/x',
      },
      { scratch: '/tmp/s', esbuild: '/repo/node_modules/esbuild' },
    );
    assert.deepEqual(env, {
      HOME: '/home/u',
      PATH: '/usr/bin',
      XDG_DATA_HOME: '/tmp/s/xdg-data',
      XDG_CONFIG_HOME: '/tmp/s/xdg-config',
      POOLSCOPE_ESBUILD: '/repo/node_modules/esbuild',
    });
  });

  test("a user's POOLSCOPE_ESBUILD is kept", () => {
    const env = codeServerEnv({ POOLSCOPE_ESBUILD: '/mine' }, { scratch: '/s', esbuild: '/repo/esbuild' });
    assert.equal(env.POOLSCOPE_ESBUILD, '/mine');
  });

  test('the profile starts on the chart: no welcome page, no trust prompt, no parent-repository prompt', () => {
    assert.equal(DEMO_USER_SETTINGS['workbench.startupEditor'], 'none');
    assert.equal(DEMO_USER_SETTINGS['security.workspace.trust.enabled'], false);
    assert.equal(DEMO_USER_SETTINGS['git.openRepositoryInParentFolders'], 'never');
    assert.equal(DEMO_USER_SETTINGS['telemetry.telemetryLevel'], 'off');
  });

  test('review s2 finding 6: code-server asks for a fresh random password, given in $PASSWORD and printed beside the URL', () => {
    assert.match(CODE_SERVER_CONFIG, /^auth: password$/m);
    assert.doesNotMatch(CODE_SERVER_CONFIG, /password:/);
    const [a, b] = [newPassword(), newPassword()];
    assert.notEqual(a, b);
    assert.match(a, /^[A-Za-z0-9_-]{24}$/);
    assert.deepEqual(serverEnv({ HOME: '/h' }, a), { HOME: '/h', PASSWORD: a });
    const [first] = servingMessage('http://127.0.0.1:8080/?folder=/r', a);
    assert.equal(first, `Open http://127.0.0.1:8080/?folder=/r in a browser (password: ${a})`);
  });
});
