/** The help texts, written once; `poolscope --help` prints the whole, `poolscope <command> --help` its part. */

const RECORD = `  poolscope record [-o FILE] SCRIPT [ARGS...]
  poolscope record [-o FILE] -- node [NODE_ARGS] SCRIPT [ARGS...]
  poolscope record [-o FILE] -- python3 [PYTHON_ARGS] SCRIPT [ARGS...]
  poolscope record [-o FILE] -- python3 -m MODULE [ARGS...]
      Run a program with recording on: .js, .mjs, .cjs, .ts, .mts or .cts under Node (TypeScript
      runs as is, no compile step, and \`import ... from 'poolscope'\` works without a
      node_modules folder), or .py under Python (any concurrent.futures program, unmodified,
      with the interpreter you name; for a bare script.py: $POOLSCOPE_PYTHON, python3, python;
      SCRIPT may also be a zipapp or a folder with a __main__.py).
      The program's input, output and exit status are its own; Ctrl+C, SIGTERM and SIGHUP
      reach it once.
      -o, --output FILE   the recording (default: poolscope-<script>-<YYYYMMDD-HHMMSS>.ndjson
                          in the current folder, or in FILE if it is a folder); replaces only
                          an old recording or an empty file. When it cannot be created, the
                          program is not started; a write that fails later (a full disk) stops
                          the recording, never the program`;

const SUMMARY = `  poolscope summary FILE      (FILE may be - for stdin, in every command that reads one)
      Per executor: futures, failed, cancelled, utilization, and queue wait and run time
      (p50 / p95 / max).`;

const EXPORT = `  poolscope export --chrome FILE [-o OUT]
      Write the recording as Chrome Trace Event JSON, for https://ui.perfetto.dev or
      chrome://tracing.
      -o, --output OUT    where to write it (default: FILE with .chrome.json; - for stdout)`;

const VALIDATE = `  poolscope validate FILE
      Check a recording against the trace format; exits 1 when it has errors.`;

export const COMMAND_HELP: Record<string, string> = {
  record: RECORD,
  summary: SUMMARY,
  export: EXPORT,
  validate: VALIDATE,
};

export function usage(version: string): string {
  return `Poolscope ${version}: profile task pools, one future at a time.

Usage:
${RECORD}

${SUMMARY}

${EXPORT}

${VALIDATE}

  poolscope --help | --version
`;
}

export function commandUsage(command: string): string {
  return `Usage:\n${COMMAND_HELP[command]}\n`;
}
