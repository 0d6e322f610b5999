/**
 * The `poolscope` command (bundled to dist/cli/poolscope.cjs). Every failure the user can cause —
 * bad arguments, a missing script, an unreadable or malformed recording — ends as one line on
 * stderr, `poolscope: <what>: <why>`, and exit status 2 (usage) or 1 (anything else).
 */
import { PoolscopeError } from '../runner/errors.ts';
import { poolscopeVersion } from '../runner/paths.ts';
import { cliErrors } from './errors.ts';
import { recordCommand } from './record-command.ts';
import { exportCommand, summaryCommand, validateCommand } from './report-commands.ts';
import { usage } from './usage.ts';

const COMMANDS: Record<string, (args: readonly string[]) => number | Promise<number>> = {
  record: recordCommand,
  summary: summaryCommand,
  export: exportCommand,
  validate: validateCommand,
};

export async function main(argv: readonly string[]): Promise<number> {
  const [command, ...args] = argv;
  if (command === '-h' || command === '--help' || command === 'help') {
    process.stdout.write(usage(poolscopeVersion()));
    return 0;
  }
  if (command === '-V' || command === '--version') {
    process.stdout.write(`poolscope ${poolscopeVersion()}\n`);
    return 0;
  }
  if (command === undefined) throw cliErrors.noCommand();
  const run = COMMANDS[command];
  if (!run) throw cliErrors.unknownCommand(command);
  return run(args);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (error instanceof PoolscopeError) {
      process.stderr.write(`poolscope: ${oneLine(error.message)}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    // A bug of Poolscope's, not the user's: still one line, the stack only on request.
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`poolscope: internal error: ${oneLine(message)} (set POOLSCOPE_DEBUG=1 for the stack)\n`);
    if (process.env.POOLSCOPE_DEBUG && error instanceof Error) process.stderr.write(`${error.stack}\n`);
    process.exitCode = 1;
  },
);
