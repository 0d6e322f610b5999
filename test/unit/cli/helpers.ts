import { spawn, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { parseTrace, type ParsedTrace } from '../../../src/trace/reader.ts';
import { CLI, ROOT } from '../runner/helpers.ts';

export interface CliResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

/** The environment of a CLI run: the test's own, minus any recording it may itself be under. */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...process.env, ...extra };
  delete env.POOLSCOPE_TRACE;
  delete env.POOLSCOPE_TRACE_ROOT_PID;
  delete env.NODE_OPTIONS; // tsx's, from the test runner
  return env;
}

/** Runs the built `poolscope` command to completion. */
export function runCli(args: string[], options: { cwd?: string; input?: string } = {}): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], {
    cwd: options.cwd ?? ROOT,
    env: cliEnv(),
    encoding: 'utf8',
    input: options.input,
    timeout: 60_000,
  });
  return { status: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the built `poolscope` command and gives the running process, for signal tests. */
export function startCli(args: string[], cwd = ROOT) {
  return spawn(process.execPath, [CLI, ...args], { cwd, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
}

export function readRecording(file: string): ParsedTrace {
  return parseTrace(readFileSync(file));
}

/** Asserts the shape every CLI error has: exactly one line on stderr, `poolscope: <what>: <why>`. */
export function errorLine(result: CliResult): string {
  const lines = result.stderr.split('\n').filter((l) => l !== '');
  if (lines.length !== 1 || !/^poolscope: .+: .+/.test(lines[0]!)) {
    throw new Error(`expected one error line on stderr, got:\n${result.stderr}`);
  }
  return lines[0]!;
}
