// `npm run test:integration`: the extension's tests inside a real VS Code (@vscode/test-electron +
// mocha). Needs a desktop VS Code: downloaded into .vscode-test/ (network to VS Code's update
// service), or the one POOLSCOPE_VSCODE_EXECUTABLE names. Not part of `npm test`: where VS Code can
// be neither downloaded nor found it fails, saying so; it never passes without running.
import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { runTests } from '@vscode/test-electron';
import { bundleSuite } from './bundle.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '../..');
const out = join(root, 'out', 'integration');

// The extension itself, as it ships.
const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: root, stdio: 'inherit' });
if (build.status !== 0) process.exit(build.status ?? 1);

// The suite: one CommonJS file per test file plus the mocha entry, run inside the extension host.
rmSync(out, { recursive: true, force: true });
await bundleSuite({ outdir: out });

const executable = process.env.POOLSCOPE_VSCODE_EXECUTABLE;
try {
  const code = await runTests({
    ...(executable
      ? { vscodeExecutablePath: executable }
      : { version: process.env.POOLSCOPE_VSCODE_VERSION ?? 'stable' }),
    extensionDevelopmentPath: root,
    extensionTestsPath: join(out, 'index.cjs'),
    extensionTestsEnv: { POOLSCOPE_TEST: '1' },
    launchArgs: [join(root, 'test', 'fixtures', 'workspace'), '--disable-extensions', '--disable-workspace-trust'],
  });
  process.exit(code);
} catch (error) {
  const message = String(error?.message ?? error);
  if (
    !executable &&
    /download|ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ETIMEDOUT|getaddrinfo|fetch failed|network/i.test(message)
  ) {
    console.error(
      `\ntest:integration: VS Code could not be downloaded (${message.split('\n')[0]}).\n` +
        'These tests need a desktop VS Code: run them where it can be downloaded, or set\n' +
        'POOLSCOPE_VSCODE_EXECUTABLE to a VS Code executable. Nothing was tested.',
    );
  } else {
    console.error(`\ntest:integration: ${message}`);
  }
  process.exit(1);
}
