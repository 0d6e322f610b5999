// Shows the chart in desktop VS Code (or wherever `code` leads, e.g. a remote window's CLI): installs
// the packaged extension with the `code` CLI and opens the recording.
import { spawnSync } from 'node:child_process';
import { demoErrors } from './errors.mjs';
import { vscodeCommands } from './opener.mjs';

/** Runs a command to completion; its output is kept for the error message. */
export function runCommand(cmd, args) {
  // `code` is a .cmd script on Windows, which only a shell runs; quote for it.
  const viaShell = /\.(cmd|bat)$/i.test(cmd);
  const r = spawnSync(viaShell ? `"${cmd}"` : cmd, viaShell ? args.map((a) => `"${a}"`) : args, {
    encoding: 'utf8',
    shell: viaShell,
    timeout: 120_000,
  });
  if (r.error) return { status: r.error.message, output: '' };
  return { status: r.status ?? r.signal, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/**
 * @param {{ code: string, vsix: string, folder: string, recording: string,
 *           run?: (cmd: string, args: string[]) => { status: number | string | null, output: string },
 *           log?: (line: string) => void }} options
 */
export function openInVscode({ code, vsix, folder, recording, run = runCommand, log = console.log }) {
  const [install, open] = vscodeCommands({ code, vsix, folder, recording });
  log(`Installing the extension into VS Code: ${install.cmd} ${install.args.join(' ')}`);
  check(install, run(install.cmd, install.args));
  log(`Opening the chart: ${open.cmd} ${open.args.join(' ')}`);
  check(open, run(open.cmd, open.args));
  log(
    '\nVS Code opens the recording in the Poolscope chart. If it shows as text instead (a window can open ' +
      'files before it has read a just-installed extension), use "Reopen Editor With… → Poolscope Chart" on ' +
      'its tab, or run the demo again.',
  );
}

function check(step, result) {
  if (result.status !== 0) throw demoErrors.codeFailed(step.cmd, step.args, result.status, result.output);
}
