import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { reasonOf, runnerErrors } from './errors.ts';
import { type LaunchPlan, type LaunchRequest, type Launcher } from './launch-plan.ts';
import { requireBuiltFiles } from './paths.ts';

const SCRIPT = /\.(js|mjs|cjs|ts|mts|cts)$/i;
const NODE = /^node(\.exe)?$/i;

/** Node options whose value may be the next argument (`--import x`); the script is the first argument that is neither. */
const OPTIONS_WITH_VALUE = new Set(
  [
    '-r --require --import --loader --experimental-loader -C --conditions --input-type --title --env-file',
    '--env-file-if-exists --disable-warning --cpu-prof-dir --cpu-prof-interval --cpu-prof-name --heap-prof-dir',
    '--heap-prof-interval --heap-prof-name --diagnostic-dir --redirect-warnings --report-dir --report-directory',
    '--report-filename --report-signal --inspect-port --debug-port --inspect-publish-uid --openssl-config',
    '--secure-heap --secure-heap-min --snapshot-blob --build-snapshot-config --experimental-default-type',
    '--experimental-policy --policy-integrity --experimental-sea-config --heapsnapshot-near-heap-limit',
    '--heapsnapshot-signal --icu-data-dir --dns-result-order --disable-proto --max-http-header-size',
    '--network-family-autoselection-attempt-timeout --tls-cipher-list --tls-keylog --trace-event-categories',
    '--trace-event-file-pattern --trace-require-module --unhandled-rejections --use-largepages --v8-pool-size',
    '--watch-path --allow-fs-read --allow-fs-write',
  ]
    .join(' ')
    .split(' '),
);

/** Modes in which node runs no script file: nothing for Poolscope to name or wait on. */
const NO_SCRIPT_MODES = new Set(['-e', '--eval', '-p', '--print', '-i', '--interactive', '--test', '--run', '-']);

/** Registering loader hooks with node:module `register` arrived in Node 20.6. */
const MIN_NODE: [number, number] = [20, 6];

export const nodeLauncher: Launcher = {
  runtime: 'node',
  describe: 'Node.js (.js .mjs .cjs .ts .mts .cts)',
  claims: (command) => NODE.test(basename(command[0] ?? '')) || SCRIPT.test(command[0] ?? ''),
  plan: planNode,
};

function planNode(request: LaunchRequest): LaunchPlan {
  const [first = '', ...rest] = request.command;
  const explicit = NODE.test(basename(first));
  const { nodeArgs, script, scriptArgs } = explicit
    ? splitNodeCommand(first, rest)
    : { nodeArgs: [], script: first, scriptArgs: rest };
  checkScript(resolve(request.cwd, script), script);
  const executable = nodeExecutable(explicit ? first : undefined, request.interpreters?.node);
  const files = requireBuiltFiles();
  return {
    executable,
    // --enable-source-maps makes stack traces show the .ts lines of the transpiled code.
    args: [
      '--import',
      pathToFileURL(files.register).href,
      '--enable-source-maps',
      ...nodeArgs,
      // Node would take `-weird.mjs` for an option of its own; `./-weird.mjs` is the same file.
      script.startsWith('-') ? `./${script}` : script,
      ...scriptArgs,
    ],
    env: { ...request.env },
    runtime: 'node',
    runtimeVersion: nodeVersion(executable),
    program: script,
    programArgs: scriptArgs,
  };
}

function splitNodeCommand(node: string, args: string[]): { nodeArgs: string[]; script: string; scriptArgs: string[] } {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const flag = arg.split('=')[0]!;
    if (NO_SCRIPT_MODES.has(flag)) throw runnerErrors.unsupportedNodeMode(arg);
    if (arg === '--') {
      if (i + 1 >= args.length) break;
      return { nodeArgs: args.slice(0, i + 1), script: args[i + 1]!, scriptArgs: args.slice(i + 2) };
    }
    if (!arg.startsWith('-')) return { nodeArgs: args.slice(0, i), script: arg, scriptArgs: args.slice(i + 1) };
    if (!arg.includes('=') && OPTIONS_WITH_VALUE.has(arg)) i++;
  }
  throw runnerErrors.noScriptInCommand([node, ...args].join(' '));
}

function checkScript(path: string, named: string): void {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw runnerErrors.missingScript(named);
  }
  if (!isFile) throw runnerErrors.notAFile(named);
}

/**
 * The node to run: the one the user named with a path, else the one running Poolscope (known to be
 * new enough, and the same one `node` means in the user's shell in the usual case), except inside
 * an Electron host such as VS Code, whose executable is not a plain node: there `node` on PATH.
 */
function nodeExecutable(named: string | undefined, configured: string | undefined): string {
  if (named && named !== basename(named)) return named;
  if (configured) return configured;
  return process.versions.electron ? (named ?? 'node') : process.execPath;
}

function nodeVersion(executable: string): string {
  let version: string;
  if (executable === process.execPath && !process.versions.electron) version = process.versions.node;
  else {
    try {
      version = execFileSync(executable, ['--version'], { encoding: 'utf8', timeout: 10_000 }).trim().replace(/^v/, '');
    } catch (error) {
      throw runnerErrors.interpreterNotFound(executable, reasonOf(error));
    }
  }
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MIN_NODE[0] || (major === MIN_NODE[0] && minor < MIN_NODE[1]))
    throw runnerErrors.nodeTooOld(executable, version);
  return version;
}
