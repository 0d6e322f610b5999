import { ENV_TRACE_FILE, ENV_TRACE_ROOT_PID } from '../trace/schema.ts';
import { runnerErrors } from './errors.ts';

/**
 * A launch plan turns the command a user wants recorded into the process to start, one Launcher
 * per language. The runner itself knows nothing about Node or Python: it asks the launchers in
 * order, the first that claims the command plans it, and the runner starts the plan and writes
 * the header from it.
 */

export interface LaunchRequest {
  /**
   * The command as the user wrote it: either a script and its arguments (`app.ts --n 3`) or an
   * interpreter, its options, a script and the script's arguments (`node --inspect app.ts --n 3`).
   */
  command: readonly string[];
  /** Working directory of the program; relative paths in `command` are relative to it. */
  cwd: string;
  /** Environment to start from (the runner's own, usually); the runner adds the recording variables to the plan's. */
  env: NodeJS.ProcessEnv;
  /** Interpreter to use per runtime when the command does not name one, e.g. `{ python: '/venv/bin/python' }`. */
  interpreters?: Partial<Record<string, string>>;
}

export interface LaunchPlan {
  executable: string;
  args: string[];
  /** The request's environment plus what this runtime needs (e.g. PYTHONPATH); not yet the recording variables. */
  env: NodeJS.ProcessEnv;
  /** For the header: `node` or `python`. */
  runtime: string;
  /** For the header: the version of the interpreter that will run (e.g. `20.20.2`). */
  runtimeVersion: string;
  /** For the header: the program as the user named it (script path or module). */
  program: string;
  /** For the header: the program's own arguments. */
  programArgs: string[];
}

export interface Launcher {
  readonly runtime: string;
  /** What the error message lists when no launcher claims a command, e.g. `Node.js (.js .mjs .cjs .ts .mts .cts)`. */
  readonly describe: string;
  /** True when the command names this runtime's interpreter or a script of a type this runtime runs. */
  claims(command: readonly string[]): boolean;
  /** Throws a PoolscopeError when the command cannot run (missing script, unsupported interpreter mode). */
  plan(request: LaunchRequest): LaunchPlan;
}

export function planLaunch(request: LaunchRequest, launchers: readonly Launcher[]): LaunchPlan {
  const first = request.command[0];
  if (first === undefined || first === '') throw runnerErrors.emptyCommand();
  const launcher = launchers.find((l) => l.claims(request.command));
  if (!launcher) {
    throw runnerErrors.noRuntime(
      first,
      launchers.map((l) => l.describe),
      launchers.map((l) => l.runtime),
    );
  }
  return launcher.plan(request);
}

/**
 * The environment every recorded program gets on top of its plan's: recording on, into this file. The root pid is left
 * for the program to claim (see hooks/recording-root.ts): a value inherited from an outer
 * recording would make the program believe it is not the root.
 */
export function recordingEnv(base: NodeJS.ProcessEnv, traceFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...base, [ENV_TRACE_FILE]: traceFile };
  delete env[ENV_TRACE_ROOT_PID];
  return env;
}
