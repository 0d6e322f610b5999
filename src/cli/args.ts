import { cliErrors } from './errors.ts';

/** The options one command accepts: long name → short alias and whether a value follows. */
export type OptionSpec = Record<string, { short?: string; value: boolean }>;

export interface ParsedArgs {
  options: Map<string, string | true>;
  positionals: string[];
  /** Everything from the first positional on, when `stopAtPositional` is set (or after `--`). */
  rest: string[];
}

/**
 * A deliberately small parser: `--name value`, `--name=value`, `-n value`, flags, and `--`. With
 * `stopAtPositional`, the first positional and everything after it belong to the program being
 * run, so the program's own flags are never taken for Poolscope's.
 */
export function parseArgs(
  command: string,
  args: readonly string[],
  spec: OptionSpec,
  stopAtPositional = false,
): ParsedArgs {
  const options = new Map<string, string | true>();
  const positionals: string[] = [];
  const byName = new Map<string, string>();
  for (const [name, { short }] of Object.entries(spec)) {
    byName.set(`--${name}`, name);
    if (short) byName.set(`-${short}`, name);
  }
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') return { options, positionals, rest: args.slice(i + 1) };
    if (!arg.startsWith('-') || arg === '-') {
      if (stopAtPositional) return { options, positionals, rest: args.slice(i) };
      positionals.push(arg);
      continue;
    }
    const eq = arg.startsWith('--') ? arg.indexOf('=') : -1;
    const flag = eq === -1 ? arg : arg.slice(0, eq);
    const name = byName.get(flag);
    if (name === undefined) throw cliErrors.unknownOption(command, flag);
    if (!spec[name]!.value) {
      if (eq !== -1) throw cliErrors.unexpectedValue(command, flag);
      options.set(name, true);
      continue;
    }
    if (eq !== -1) options.set(name, arg.slice(eq + 1));
    else if (i + 1 < args.length) options.set(name, args[++i]!);
    else throw cliErrors.missingValue(command, flag);
  }
  return { options, positionals, rest: [] };
}
