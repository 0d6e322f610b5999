import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  choosePythonInterpreter,
  PYTHON_API_TIMEOUT_MS,
  type PythonEnvironments,
  type PythonResource,
} from '../../../src/extension/python-choice.ts';

/** A fake of the Python extension's `environments` API: what it selected and how that resolves. */
function fakeApi(options: {
  active: string;
  resolved?: { executable: string | undefined } | undefined;
  resolveThrows?: boolean;
  seen?: unknown[];
}): { environments: PythonEnvironments } {
  const environments = {
    getActiveEnvironmentPath(resource: PythonResource) {
      options.seen?.push(resource);
      return { id: `id:${options.active}`, path: options.active };
    },
    async resolveEnvironment(env: unknown) {
      options.seen?.push(env);
      if (options.resolveThrows) throw new Error('cannot resolve');
      if (!options.resolved) return undefined;
      const uri = options.resolved.executable === undefined ? undefined : { fsPath: options.resolved.executable };
      return { executable: { uri } };
    },
  };
  return { environments: environments as unknown as PythonEnvironments };
}

const file = { fsPath: '/ws/job.py', scheme: 'file' } as unknown as PythonResource;

describe('choosePythonInterpreter (the Python extension’s selected interpreter)', () => {
  test('the selected environment’s executable is chosen, asked for the profiled file', async () => {
    const seen: unknown[] = [];
    const api = fakeApi({ active: '/ws/.venv', resolved: { executable: '/ws/.venv/bin/python' }, seen });
    const chosen = await choosePythonInterpreter({ loadApi: async () => api, resource: file });
    assert.equal(chosen, '/ws/.venv/bin/python');
    assert.equal(seen[0], file, 'getActiveEnvironmentPath gets the file, so per-folder selections count');
    assert.deepEqual(seen[1], { id: 'id:/ws/.venv', path: '/ws/.venv' }, 'resolveEnvironment gets the active path');
  });

  test('the extension not installed (PythonExtension.api() rejects): no choice, the fallback runs', async () => {
    const chosen = await choosePythonInterpreter({
      loadApi: () => Promise.reject(new Error('Python extension is not installed or is disabled')),
      resource: file,
    });
    assert.equal(chosen, undefined);
  });

  test('an API without environments (an old Python extension): no choice', async () => {
    assert.equal(await choosePythonInterpreter({ loadApi: async () => ({}), resource: file }), undefined);
    assert.equal(await choosePythonInterpreter({ loadApi: async () => undefined, resource: file }), undefined);
  });

  test('an API that never answers gives up after the timeout', async () => {
    const chosen = await choosePythonInterpreter({
      loadApi: () => new Promise(() => {}),
      resource: file,
      timeoutMs: 20,
    });
    assert.equal(chosen, undefined);
  });

  test('the timeout is 5 s by default', () => {
    assert.equal(PYTHON_API_TIMEOUT_MS, 5000);
  });

  test('an activation slower than a moment but within the timeout still answers', async () => {
    const api = fakeApi({ active: '/usr/bin/python3.11', resolved: { executable: '/usr/bin/python3.11' } });
    const chosen = await choosePythonInterpreter({
      loadApi: () => new Promise((done) => setTimeout(() => done(api), 30)),
      resource: file,
      timeoutMs: 5000,
    });
    assert.equal(chosen, '/usr/bin/python3.11');
  });

  test('resolveEnvironment throwing: no choice', async () => {
    const api = fakeApi({ active: '/usr/bin/python3', resolveThrows: true });
    assert.equal(await choosePythonInterpreter({ loadApi: async () => api, resource: file }), undefined);
  });

  test('a resolved environment with no executable (conda env without python): no choice, not its folder', async () => {
    const api = fakeApi({ active: '/opt/conda/envs/empty', resolved: { executable: undefined } });
    assert.equal(await choosePythonInterpreter({ loadApi: async () => api, resource: file }), undefined);
  });

  test('an unresolved environment: its path is used only when it names an interpreter', async () => {
    const interpreter = fakeApi({ active: '/home/me/.pyenv/versions/3.12.1/bin/python3.12' });
    assert.equal(
      await choosePythonInterpreter({ loadApi: async () => interpreter, resource: file }),
      '/home/me/.pyenv/versions/3.12.1/bin/python3.12',
    );
    const windows = fakeApi({ active: 'C:\\Python311\\python.exe' });
    assert.equal(
      await choosePythonInterpreter({ loadApi: async () => windows, resource: file }),
      'C:\\Python311\\python.exe',
    );
    const folder = fakeApi({ active: '/home/me/envs/project' });
    assert.equal(await choosePythonInterpreter({ loadApi: async () => folder, resource: file }), undefined);
  });

  test('an empty executable path counts as none', async () => {
    const api = fakeApi({ active: '', resolved: { executable: '  ' } });
    assert.equal(await choosePythonInterpreter({ loadApi: async () => api, resource: file }), undefined);
  });
});
