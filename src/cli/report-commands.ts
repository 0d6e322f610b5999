import { writeChromeTrace } from '../trace/export-chrome.ts';
import { printable } from '../trace/display-text.ts';
import { formatSummary } from '../trace/format-summary.ts';
import { computeStats } from '../trace/stats.ts';
import { RecordingValidator } from '../trace/validate.ts';
import { parseArgs, type OptionSpec } from './args.ts';
import { cliErrors } from './errors.ts';
import { loadRecording, STDIN, streamRecording } from './load-recording.ts';
import { STDOUT, writeOutputFile, writeStdout } from './output.ts';
import { shown } from './shown-path.ts';
import { commandUsage } from './usage.ts';

const HELP: OptionSpec = { help: { short: 'h', value: false } };

/** The one recording a report command reads, or undefined when it printed its help. */
function recordingArg(command: string, args: readonly string[], spec: OptionSpec = HELP) {
  const parsed = parseArgs(command, args, spec);
  if (parsed.options.has('help')) {
    process.stdout.write(commandUsage(command));
    return undefined;
  }
  const files = [...parsed.positionals, ...parsed.rest];
  if (files.length === 0) throw cliErrors.missingFile(command);
  if (files.length > 1) throw cliErrors.extraArguments(command, files.slice(1));
  return { file: files[0]!, options: parsed.options };
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

export function summaryCommand(args: readonly string[]): number {
  const parsed = recordingArg('summary', args);
  if (!parsed) return 0;
  const { model, issues } = loadRecording(parsed.file);
  process.stdout.write(formatSummary(computeStats(model), issues));
  return 0;
}

export function exportCommand(args: readonly string[]): number {
  const spec: OptionSpec = { ...HELP, chrome: { value: false }, output: { short: 'o', value: true } };
  const parsed = recordingArg('export', args, spec);
  if (!parsed) return 0;
  if (!parsed.options.has('chrome')) throw cliErrors.missingFormat();
  const output = parsed.options.get('output');
  if (output === '') throw cliErrors.missingValue('export', '--output');
  const file = parsed.file;
  const out =
    typeof output === 'string'
      ? output
      : file === STDIN
        ? STDOUT
        : file.replace(/(\.ndjson|\.jsonl|\.json)?$/i, '.chrome.json');
  if (out === STDOUT) {
    writeChromeTrace(loadRecording(file).model, writeStdout);
    return 0;
  }
  // Checked before the (possibly long) read: an export must never replace its own recording.
  const events = writeOutputFile(out, file, (write) => writeChromeTrace(loadRecording(file).model, write));
  process.stderr.write(
    `poolscope: wrote ${events} trace events to ${printable(shown(out))} (open it in https://ui.perfetto.dev)\n`,
  );
  return 0;
}

export function validateCommand(args: readonly string[]): number {
  const parsed = recordingArg('validate', args);
  if (!parsed) return 0;
  const validator = new RecordingValidator();
  streamRecording(parsed.file, validator.decoder);
  const result = validator.finish();
  const name = printable(parsed.file);
  let text = '';
  for (const issue of result.issues) {
    if (issue.code !== 'tooMany') text += `${name}: ${issue.severity}: ${printable(issue.message)}\n`;
  }
  const { errors, warnings } = result.counts;
  const listed = result.issues.filter((i) => i.code !== 'tooMany').length;
  const shownPart = listed < errors + warnings ? ` (the first ${listed} listed)` : '';
  text += result.ok
    ? `${name}: valid${warnings ? ` (${plural(warnings, 'warning')}${shownPart})` : ''}\n`
    : `${name}: invalid: ${plural(errors, 'error')}, ${plural(warnings, 'warning')}${shownPart}\n`;
  process.stdout.write(text);
  return result.ok ? 0 : 1;
}
