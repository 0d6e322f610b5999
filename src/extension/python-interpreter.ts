import * as vscode from 'vscode';

/**
 * The interpreter the Python extension has selected for a file, through its public API
 * (`environments`, the API that @vscode/python-extension wraps), so Poolscope runs a script on the
 * same Python the user runs it on. Undefined when that extension is not installed or says nothing
 * within a few seconds: the runner then uses python3 or python.
 */

interface PythonEnvironmentsApi {
  environments: {
    getActiveEnvironmentPath(resource?: vscode.Uri): { id: string; path: string };
    resolveEnvironment(
      env: { id: string; path: string } | string,
    ): Promise<{ executable: { uri: vscode.Uri | undefined } } | undefined>;
  };
}

const PYTHON_EXTENSION = 'ms-python.python';
const TIMEOUT_MS = 5000;

export async function activePythonInterpreter(resource: vscode.Uri): Promise<string | undefined> {
  const extension = vscode.extensions.getExtension<PythonEnvironmentsApi>(PYTHON_EXTENSION);
  if (!extension) return undefined;
  try {
    return await withTimeout(ask(extension, resource), TIMEOUT_MS);
  } catch {
    return undefined;
  }
}

async function ask(
  extension: vscode.Extension<PythonEnvironmentsApi>,
  resource: vscode.Uri,
): Promise<string | undefined> {
  const api = extension.isActive ? extension.exports : await extension.activate();
  const environments = api?.environments;
  if (!environments) return undefined;
  const active = environments.getActiveEnvironmentPath(resource);
  const resolved = await environments.resolveEnvironment(active);
  // `path` is the interpreter for most environments but a folder for some (conda without python).
  return resolved?.executable.uri?.fsPath ?? active.path ?? undefined;
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
