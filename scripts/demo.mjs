// `npm run demo`: builds Poolscope, records a bundled example with the real CLI, prints its summary,
// and opens the recording's chart in VS Code (`code` on PATH) or the bundled code-server.
// `npm run demo -- --help` lists the options; scripts/demo/ holds the parts.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DemoError, demoErrors } from './demo/errors.mjs';
import { chooseOpener } from './demo/opener.mjs';
import { openInVscode } from './demo/open-in-vscode.mjs';
import { HELP, parseDemoArgs } from './demo/options.mjs';
import { assertPortFree } from './demo/port.mjs';
import { recordingPathFor } from './demo/recording-path.mjs';
import { serveInCodeServer } from './demo/serve-code-server.mjs';
import { ensureVsix } from './demo/vsix.mjs';

const repo = resolve(fileURLToPath(import.meta.url), '../..');
const demoDir = join(repo, '.cache', 'demo');
// The folder the chart opens on: it holds the recordings only, named after the custom editor's
// `poolscope-*.ndjson` selector so VS Code opens them in the chart.
const recordingsDir = join(demoDir, 'recordings');

try {
  await main();
} catch (error) {
  if (!(error instanceof DemoError)) throw error;
  process.stderr.write(`\ndemo: ${error.message}\n`);
  process.exit(error.exitCode);
}

async function main() {
  const options = parseDemoArgs(process.argv.slice(2), {
    env: process.env,
    stdoutIsTTY: Boolean(process.stdout.isTTY),
  });
  if (options.help) return void process.stdout.write(HELP);
  const example = findExample(options.example);
  const opener = options.open
    ? chooseOpener({ env: process.env, forceCodeServer: options.forceCodeServer })
    : undefined;
  // A taken port is found out now, not after the build and the recording.
  if (opener?.mode === 'code-server') await assertPortFree(options.port);
  const recording = recordingPathFor(recordingsDir, example);
  mkdirSync(recordingsDir, { recursive: true });

  step('node', ['scripts/build.mjs']);
  step('node', ['dist/cli/poolscope.cjs', 'record', '-o', recording, example]);
  step('node', ['dist/cli/poolscope.cjs', 'summary', recording]);
  const shown = relative(repo, recording);
  console.log(`\nRecording: ${shown}  (Perfetto: node dist/cli/poolscope.cjs export --chrome ${shown})`);

  if (!opener) {
    const hint = options.notOpeningBecause.startsWith('asked') ? '' : '; pass --open to open it anyway';
    return console.log(`Not opening the chart (${options.notOpeningBecause}${hint}).`);
  }
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k)));
  if (opener.mode === 'vscode') {
    const vsix = ensureVsix({ root: repo, env });
    openInVscode({ code: opener.code, vsix, folder: recordingsDir, recording });
    return;
  }
  console.log(`\nOpening the chart in the bundled code-server (${opener.why}).`);
  const vsix = ensureVsix({ root: repo, env });
  await serveInCodeServer({
    repo,
    folder: recordingsDir,
    recording,
    vsix,
    port: options.port,
    logFile: join(demoDir, 'code-server.log'),
  });
}

/** The example as given, from where `npm run demo` was typed (npm runs scripts from the repo root). */
function findExample(given) {
  const candidates = [resolve(process.env.INIT_CWD ?? process.cwd(), given), resolve(repo, given)];
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw demoErrors.noExample(given);
  // Inside the checkout it is recorded by its relative path (the steps run from the repo root), which reads better.
  const inRepo = relative(repo, found);
  return inRepo.startsWith('..') || resolve(inRepo) === inRepo ? found : inRepo;
}

function step(cmd, args) {
  const r = spawnSync(cmd === 'node' ? process.execPath : cmd, args, { cwd: repo, stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
