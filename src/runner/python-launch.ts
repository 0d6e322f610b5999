import { execFileSync } from 'node:child_process';
import { existsSync, statSync, type Stats } from 'node:fs';
import { basename, delimiter, join, resolve } from 'node:path';
import { PoolscopeError, reasonOf, runnerErrors } from './errors.ts';
import { type LaunchPlan, type LaunchRequest, type Launcher } from './launch-plan.ts';
import { packageRoot } from './paths.ts';

/**
 * Python programs: `script.py ARGS`, `python3 [OPTIONS] script.py ARGS` (the script may also be a
 * zipapp or a folder with a `__main__.py`), `python3 [OPTIONS] -m module ARGS` (and `-m module
 * ARGS` alone). The command runs as the user wrote it, on the
 * interpreter they named; the only change is PYTHONPATH, which starts with our bootstrap folder
 * (src/python/bootstrap, shipped as is). Its sitecustomize turns the tracer on in every Python
 * process that inherits the environment and then loads the user's own sitecustomize, if any
 * (see src/python/README.md).
 */

const SCRIPT = /\.pyw?$/i;
const PYTHON = /^(python|pypy)(\d+(\.\d+)*)?(\.exe)?$/i;
const ENV_INTERPRETER = 'POOLSCOPE_PYTHON';
const MIN_PYTHON: [number, number] = [3, 8];
/** What makes a folder runnable by `python3 DIR`, as for a zipapp. */
const MAIN_FILES = ['__main__.py', '__main__.pyc'];

/** Options taking a value, which may be attached (`-Wdefault`) or the next argument. */
const WITH_VALUE = new Set(['W', 'X']);
const LONG_WITH_VALUE = new Set(['--check-hash-based-pycs']);
/** Options after which Python runs no program file. */
const NO_PROGRAM = new Set(['c', 'h', 'V', '?']);
const LONG_NO_PROGRAM = new Set(['--help', '--version', '--help-env', '--help-xoptions', '--help-all']);
/** Options that keep sitecustomize from loading: -I (isolated), -E (ignore PYTHON* variables), -S (no site). */
const NO_BOOTSTRAP: Record<string, string> = {
  I: 'isolated mode ignores PYTHONPATH and does not import sitecustomize',
  E: 'it ignores PYTHONPATH',
  S: 'it does not import the site module, which loads sitecustomize',
};

export const pythonLauncher: Launcher = {
  runtime: 'python',
  describe: 'Python (.py)',
  claims: (command) => {
    const first = command[0] ?? '';
    return PYTHON.test(basename(first)) || SCRIPT.test(first) || first === '-m';
  },
  plan: planPython,
};

interface PythonCommand {
  options: string[];
  /** A script path, or the module of `-m`. */
  target: { script: string } | { module: string };
  targetArgs: string[];
}

function planPython(request: LaunchRequest): LaunchPlan {
  const [first = '', ...rest] = request.command;
  const explicit = PYTHON.test(basename(first));
  const command = explicit
    ? splitPythonCommand(first, rest)
    : first === '-m'
      ? splitPythonCommand('python', request.command)
      : { options: [], target: { script: first }, targetArgs: rest };
  if ('script' in command.target) checkScript(resolve(request.cwd, command.target.script), command.target.script);
  const bootstrap = bootstrapDir();
  const executable = explicit ? first : defaultInterpreter(request);
  const runtimeVersion = pythonVersion(executable, request);
  const target = 'script' in command.target ? [command.target.script] : ['-m', command.target.module];
  const inherited = request.env.PYTHONPATH;
  return {
    executable,
    args: [...command.options, ...target, ...command.targetArgs],
    env: { ...request.env, PYTHONPATH: inherited ? `${bootstrap}${delimiter}${inherited}` : bootstrap },
    runtime: 'python',
    runtimeVersion,
    program: 'script' in command.target ? command.target.script : command.target.module,
    programArgs: command.targetArgs,
  };
}

/** Splits `python [OPTIONS] (SCRIPT | -m MODULE) ARGS` the way CPython reads its command line. */
export function splitPythonCommand(python: string, args: readonly string[]): PythonCommand {
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === '--') {
      const script = args[i + 1];
      if (script === undefined) break;
      return { options: args.slice(0, i + 1), target: { script }, targetArgs: args.slice(i + 2) };
    }
    if (arg === '-') throw pythonErrors.noProgram(arg);
    if (!arg.startsWith('-'))
      return { options: args.slice(0, i), target: { script: arg }, targetArgs: args.slice(i + 1) };
    if (arg.startsWith('--')) {
      const name = arg.split('=')[0]!;
      if (LONG_NO_PROGRAM.has(name)) throw pythonErrors.noProgram(arg);
      if (LONG_WITH_VALUE.has(name) && !arg.includes('=')) i++;
      continue;
    }
    for (let j = 1; j < arg.length; j++) {
      const flag = arg[j]!;
      if (NO_BOOTSTRAP[flag]) throw pythonErrors.noBootstrap(flag, NO_BOOTSTRAP[flag]);
      if (NO_PROGRAM.has(flag)) throw pythonErrors.noProgram(`-${flag}`);
      if (flag === 'm') {
        const attached = arg.slice(j + 1);
        const module = attached || args[i + 1];
        if (!module) throw pythonErrors.noModule();
        const after = attached ? i + 1 : i + 2;
        return {
          options: args.slice(0, i).concat(j > 1 ? [arg.slice(0, j)] : []),
          target: { module },
          targetArgs: args.slice(after),
        };
      }
      if (WITH_VALUE.has(flag)) {
        if (j === arg.length - 1) i++;
        break;
      }
    }
  }
  throw pythonErrors.noProgram([python, ...args].join(' '));
}

/**
 * The script must be a file (a .py, a zipapp…) or, as for `python3 DIR`, a folder Python can run:
 * one holding a `__main__.py` (or only its compiled `__main__.pyc`).
 */
function checkScript(path: string, named: string): void {
  let stats: Stats;
  try {
    stats = statSync(path);
  } catch {
    throw runnerErrors.missingScript(named);
  }
  if (stats.isFile()) return;
  if (!stats.isDirectory()) throw runnerErrors.notAFile(named);
  if (!MAIN_FILES.some((main) => isFile(join(path, main)))) throw pythonErrors.folderWithoutMain(named);
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Where the bootstrap lives: src/python/bootstrap under the package root, in both layouts. */
export function bootstrapDir(): string {
  const dir = join(packageRoot(), 'src', 'python', 'bootstrap');
  if (!existsSync(join(dir, 'sitecustomize.py'))) throw pythonErrors.tracerMissing(dir);
  return dir;
}

/** The interpreter for a bare script: the configured one, POOLSCOPE_PYTHON, else python3, else python. */
function defaultInterpreter(request: LaunchRequest): string {
  const configured = request.interpreters?.python ?? request.env[ENV_INTERPRETER];
  if (configured) return configured;
  return runs('python3', request) ? 'python3' : 'python';
}

function runs(executable: string, request: LaunchRequest): boolean {
  try {
    execFileSync(executable, ['-c', ''], {
      env: probeEnv(request.env),
      cwd: request.cwd,
      stdio: 'ignore',
      timeout: 10_000,
    });
    return true;
  } catch {
    return false;
  }
}

/** The interpreter's version; it also proves the interpreter exists and runs. */
function pythonVersion(executable: string, request: LaunchRequest): string {
  let version: string;
  try {
    version = execFileSync(executable, ['-c', 'import sys; print("%d.%d.%d" % sys.version_info[:3])'], {
      env: probeEnv(request.env),
      cwd: request.cwd,
      encoding: 'utf8',
      timeout: 10_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim();
  } catch (error) {
    throw runnerErrors.interpreterNotFound(executable, reasonOf(error));
  }
  const [major = 0, minor = 0] = version.split('.').map(Number);
  if (major < MIN_PYTHON[0] || (major === MIN_PYTHON[0] && minor < MIN_PYTHON[1]))
    throw pythonErrors.tooOld(executable, version);
  return version;
}

/** The probe must not record itself, nor be the recording's root. */
function probeEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const clean = { ...env };
  delete clean.POOLSCOPE_TRACE;
  delete clean.POOLSCOPE_TRACE_ROOT_PID;
  return clean;
}

export const pythonErrors = {
  noProgram: (what: string) =>
    new PoolscopeError(
      what,
      'no program to record: Poolscope records a script or a module (python [options] SCRIPT [args] or python [options] -m MODULE [args]), not -c, stdin or the interactive prompt',
      2,
    ),
  folderWithoutMain: (folder: string) =>
    new PoolscopeError(
      folder,
      'is a folder without a __main__.py: Python runs a folder only when it holds one; name a script in it instead',
    ),
  noModule: () => new PoolscopeError('-m', 'a module name must follow -m', 2),
  noBootstrap: (flag: string, why: string) =>
    new PoolscopeError(
      `-${flag}`,
      `cannot record with this Python option: ${why}, so Poolscope's tracer cannot load; run the program without -${flag}`,
      2,
    ),
  tooOld: (executable: string, version: string) =>
    new PoolscopeError(executable, `Python ${version} is too old: the Poolscope tracer needs Python 3.8 or newer`),
  tracerMissing: (dir: string) =>
    new PoolscopeError(dir, "missing: Poolscope's Python tracer is not where the package should have it"),
};
