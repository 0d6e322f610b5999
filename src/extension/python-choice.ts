import type { PythonExtension } from '@vscode/python-extension';

/**
 * Which interpreter to run a `.py` file with, given the Python extension's API. Pure (no vscode
 * import; the API arrives through `loadApi`) so the choice is unit-tested with a fake API.
 * python-interpreter.ts wires it to `PythonExtension.api()` of @vscode/python-extension.
 *
 * Undefined means "no opinion": the runner then tries python3, else python.
 */

/** The part of the Python extension's API used here (`environments`, from @vscode/python-extension). */
export type PythonEnvironments = Pick<
  PythonExtension['environments'],
  'getActiveEnvironmentPath' | 'resolveEnvironment'
>;
export type PythonResource = Parameters<PythonEnvironments['getActiveEnvironmentPath']>[0];

/** The Python extension activates on first use and can be slow; Profile never waits longer than this. */
export const PYTHON_API_TIMEOUT_MS = 5000;

/** A path that names an interpreter, not an environment folder: `python`, `python3`, `python3.11`, `pypy3.exe`… */
const INTERPRETER_NAME = /(^|[\\/])(python|pypy)[\d.]*(\.exe)?$/i;

export interface PythonChoiceOptions {
  /** The API, or a rejection when the extension is not installed or fails to activate. */
  loadApi: () => Promise<{ environments?: PythonEnvironments } | undefined>;
  resource: PythonResource;
  timeoutMs?: number;
}

export async function choosePythonInterpreter(options: PythonChoiceOptions): Promise<string | undefined> {
  try {
    return await withTimeout(ask(options), options.timeoutMs ?? PYTHON_API_TIMEOUT_MS);
  } catch {
    // Not installed, disabled, failed to activate, or an API that changed shape: the fallback runs.
    return undefined;
  }
}

async function ask({ loadApi, resource }: PythonChoiceOptions): Promise<string | undefined> {
  const environments = (await loadApi())?.environments;
  if (!environments) return undefined;
  const active = environments.getActiveEnvironmentPath(resource);
  const resolved = await environments.resolveEnvironment(active);
  if (resolved) {
    // A resolved environment without an executable (a conda env with no python in it) cannot run
    // the script; its folder path would fail to spawn, so python3/python is the better guess.
    return nonEmpty(resolved.executable.uri?.fsPath);
  }
  // Not resolvable (yet): the active path is the interpreter itself for most environments, a
  // folder for some; only an interpreter is worth trying.
  const path = nonEmpty(active?.path);
  return path && INTERPRETER_NAME.test(path) ? path : undefined;
}

function nonEmpty(value: string | undefined): string | undefined {
  const trimmed = value?.trim();
  return trimmed ? trimmed : undefined;
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | undefined> {
  return new Promise((done, fail) => {
    const timer = setTimeout(() => done(undefined), ms);
    promise.then(
      (value) => {
        clearTimeout(timer);
        done(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        fail(error);
      },
    );
  });
}
