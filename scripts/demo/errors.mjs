// Every message the demo can end with, in one place: each says what went wrong and what to do next.

export class DemoError extends Error {
  /** @param {string} message @param {number} [exitCode] 2 for a usage mistake, 1 otherwise */
  constructor(message, exitCode = 1) {
    super(message);
    this.name = 'DemoError';
    this.exitCode = exitCode;
  }
}

const USAGE_HINT = 'Run `npm run demo -- --help` for the options.';

export const demoErrors = {
  unknownFlag: (flag) => new DemoError(`Unknown option ${flag}. ${USAGE_HINT}`, 2),
  missingValue: (flag) => new DemoError(`${flag} needs a value, e.g. ${flag} 8080. ${USAGE_HINT}`, 2),
  badPort: (value, source) =>
    new DemoError(
      `${source} must be a port number from 1 to 65535, not ${JSON.stringify(value)}. ` +
        'Leave it out to use a free port.',
      2,
    ),
  tooManyExamples: (paths) =>
    new DemoError(`Give one example to record, not ${paths.length} (${paths.join(', ')}). ${USAGE_HINT}`, 2),
  noExample: (given) =>
    new DemoError(
      `No program at ${given}. Give the path of a Python or Node program that uses a task pool, ` +
        'e.g. media/examples/node/io-bound.ts or a file of media/examples/python/.',
      2,
    ),
  openConflict: () => new DemoError(`--open and --no-open contradict each other: give one. ${USAGE_HINT}`, 2),
  portInUse: (port) =>
    new DemoError(
      `Port ${port} on 127.0.0.1 is already in use (another program, or a demo still running). ` +
        'Pick another with --port N or POOLSCOPE_DEMO_PORT=N, or leave both out to use a free port.',
    ),
  packageFailed: (status, output) =>
    new DemoError(
      `\`npm run package\` failed (exit ${status}), so there is no extension to install:\n${output.slice(-4000)}\n` +
        'Fix the build error above and run the demo again (or use --no-open to record only).',
    ),
  codeFailed: (code, args, status, output) =>
    new DemoError(
      `\`${code} ${args.join(' ')}\` failed (exit ${status})${output ? `:\n${output.trim()}` : ''}\n` +
        'Check that `code` on PATH is VS Code (`code --version`), or open the chart in the bundled code-server ' +
        'with `npm run demo -- --code-server`.',
    ),
  codeServerUnavailable: (cause) =>
    new DemoError(
      `Could not prepare the bundled code-server: ${cause}\n` +
        "Opening the chart needs VS Code's `code` command on PATH (VS Code: Command Palette → " +
        '"Shell Command: Install \'code\' command in PATH") or the bundled code-server, which is built on first use ' +
        'on Debian/Ubuntu. To record and print the summary only: `npm run demo -- --no-open`.',
    ),
  codeServerFailed: (what, logFile) =>
    new DemoError(`code-server: ${what}\nIts log is ${logFile}. Run the demo again, or use --no-open to record only.`),
};
