// The demo's command line: which example to record, and whether (and where) to open its chart.
import { demoErrors } from './errors.mjs';

export const DEFAULT_EXAMPLE = 'media/examples/node/cpu-bound.ts';

export const HELP = `Usage: npm run demo -- [options] [example]

Builds Poolscope, records an example program (default: ${DEFAULT_EXAMPLE}) with the
poolscope CLI, prints its summary, and opens the recording's Gantt chart:
  - where a \`code\` command is on PATH: installs the extension into that VS Code and opens
    the recording there;
  - otherwise: starts the bundled code-server (built on first use) on 127.0.0.1, prints the URL
    to open in a browser, and serves until Ctrl-C.

Options:
  --no-open        record and print the summary only
  --open           open the chart even when stdout is not a terminal or CI=true (where the
                   default is --no-open, so a script or CI job is never left waiting on a server)
  --code-server    use the bundled code-server even when \`code\` is on PATH
  --port N         code-server's port on 127.0.0.1 (also POOLSCOPE_DEMO_PORT; default: a free port)
  -h, --help       show this help
`;

/**
 * @param {string[]} argv the arguments after `npm run demo --`
 * @param {{ env: Record<string, string | undefined>, stdoutIsTTY: boolean }} context
 */
export function parseDemoArgs(argv, { env, stdoutIsTTY }) {
  const examples = [];
  let open;
  let port;
  let forceCodeServer = false;
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '-h' || arg === '--help') help = true;
    else if (arg === '--open' || arg === '--no-open') {
      const wanted = arg === '--open';
      if (open !== undefined && open !== wanted) throw demoErrors.openConflict();
      open = wanted;
    } else if (arg === '--code-server') forceCodeServer = true;
    else if (arg === '--port') {
      if (i + 1 >= argv.length) throw demoErrors.missingValue('--port');
      port = parsePort(argv[++i], '--port');
    } else if (arg.startsWith('--port=')) port = parsePort(arg.slice('--port='.length), '--port');
    else if (arg.startsWith('-') && arg !== '-') throw demoErrors.unknownFlag(arg);
    else examples.push(arg);
  }
  if (examples.length > 1) throw demoErrors.tooManyExamples(examples);
  if (port === undefined && env.POOLSCOPE_DEMO_PORT) port = parsePort(env.POOLSCOPE_DEMO_PORT, 'POOLSCOPE_DEMO_PORT');
  const unattended = !stdoutIsTTY ? 'stdout is not a terminal' : env.CI === 'true' ? 'CI=true' : undefined;
  // Unattended runs record only unless told otherwise: a code-server that serves until Ctrl-C
  // would hold a pipeline open forever.
  const notOpening = open === false ? 'asked with --no-open' : open === undefined ? unattended : undefined;
  return {
    help,
    example: examples[0] ?? DEFAULT_EXAMPLE,
    open: notOpening === undefined,
    notOpeningBecause: notOpening,
    port: port ?? 0,
    forceCodeServer,
  };
}

function parsePort(value, source) {
  const port = /^\d+$/.test(value) ? Number(value) : NaN;
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw demoErrors.badPort(value, source);
  return port;
}
