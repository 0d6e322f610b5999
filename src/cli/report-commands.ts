import { writeFileSync } from 'node:fs';
import { reasonOf } from '../runner/errors.ts';
import { chromeTraceToJson, toChromeTrace } from '../trace/export-chrome.ts';
import { formatSummary } from '../trace/format-summary.ts';
import { computeStats } from '../trace/stats.ts';
import { validateRecording } from '../trace/validate.ts';
import { parseArgs, type OptionSpec } from './args.ts';
import { cliErrors } from './errors.ts';
import { loadRecording, readRecordingFile } from './load-recording.ts';
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
  const out = typeof output === 'string' ? output : parsed.file.replace(/(\.ndjson|\.jsonl|\.json)?$/i, '.chrome.json');
  const { model } = loadRecording(parsed.file);
  const trace = toChromeTrace(model);
  const json = chromeTraceToJson(trace);
  if (out === '-') {
    process.stdout.write(json);
    return 0;
  }
  try {
    writeFileSync(out, json);
  } catch (error) {
    throw cliErrors.cannotWrite(out, reasonOf(error));
  }
  process.stderr.write(
    `poolscope: wrote ${trace.traceEvents.length} trace events to ${shown(out)} (open it in https://ui.perfetto.dev)\n`,
  );
  return 0;
}

export function validateCommand(args: readonly string[]): number {
  const parsed = recordingArg('validate', args);
  if (!parsed) return 0;
  const result = validateRecording(readRecordingFile(parsed.file));
  for (const issue of result.issues) process.stdout.write(`${parsed.file}: ${issue.severity}: ${issue.message}\n`);
  const errors = result.issues.filter((i) => i.severity !== 'warning').length;
  const warnings = result.issues.length - errors;
  process.stdout.write(
    result.ok
      ? `${parsed.file}: valid${warnings ? ` (${warnings} warning${warnings === 1 ? '' : 's'})` : ''}\n`
      : `${parsed.file}: invalid: ${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`,
  );
  return result.ok ? 0 : 1;
}
