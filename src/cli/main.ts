/**
 * The `poolscope` command (bundled to dist/cli/poolscope.cjs). Every failure the user can cause —
 * bad arguments, a missing script, an unreadable or malformed recording — ends as one line on
 * stderr, `poolscope: <what>: <why>`, and exit status 2 (usage) or 1 (anything else). A reader
 * that closes stdout early (`poolscope validate big.ndjson | head`) is a normal way to stop: the
 * command ends quietly with status 0, as if it had printed everything.
 */
import { PoolscopeError } from '../runner/errors.ts';
import { poolscopeVersion } from '../runner/paths.ts';
import { printable } from '../trace/display-text.ts';
import { cliErrors } from './errors.ts';
import { OutputClosed } from './output.ts';
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

/** One line, safe for a terminal: messages carry file names and text from recordings. */
function oneLine(text: string): string {
  return printable(text.replace(/\s*\n\s*/g, ' ').trim());
}

function isClosedPipe(error: unknown): boolean {
  return error instanceof OutputClosed || (error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE';
}

// process.stdout reports a write to a closed pipe as an 'error' event, after the write returned.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (isClosedPipe(error)) process.exit(0);
  process.stderr.write(`poolscope: cannot write to stdout (${oneLine(error.message)})\n`);
  process.exit(1);
});
// Nothing can be said about a broken stderr; it must not become an unhandled 'error' event either.
process.stderr.on('error', () => undefined);

main(process.argv.slice(2)).then(
  (status) => {
    process.exitCode = status;
  },
  (error: unknown) => {
    if (isClosedPipe(error)) {
      process.exitCode = 0;
      return;
    }
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
