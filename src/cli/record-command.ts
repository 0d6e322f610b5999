import { startRecording } from '../runner/record.ts';
import { printable } from '../trace/display-text.ts';
import { exitStatusOf, forwardSignals } from '../runner/signals.ts';
import { parseArgs } from './args.ts';
import { cliErrors } from './errors.ts';
import { shown } from './shown-path.ts';
import { commandUsage } from './usage.ts';

/**
 * `poolscope record`: runs the program with recording on and exits as the program did. Poolscope
 * writes to stderr only, one line at the end, so the program's stdout stays byte for byte its own.
 */
export async function recordCommand(args: readonly string[]): Promise<number> {
  const { options, rest } = parseArgs(
    'record',
    args,
    { output: { short: 'o', value: true }, help: { short: 'h', value: false } },
    true,
  );
  if (options.has('help')) {
    process.stdout.write(commandUsage('record'));
    return 0;
  }
  const output = options.get('output');
  if (output === '') throw cliErrors.missingValue('record', '--output');
  const session = await startRecording({ command: rest, output: typeof output === 'string' ? output : undefined });
  const stopForwarding = forwardSignals(session.child);
  const result = await session.finished;
  stopForwarding();
  // The program's own exit status still wins: the recording is the secondary result.
  if (result.problem) process.stderr.write(`poolscope: ${printable(result.problem.message)}\n`);
  // A recording deleted or moved meanwhile holds nothing at that name: no count to give for it.
  if (!result.gone)
    process.stderr.write(
      `poolscope: recorded ${result.events} event${result.events === 1 ? '' : 's'} to ${printable(shown(result.file))}\n`,
    );
  return exitStatusOf(result.code, result.signal);
}
