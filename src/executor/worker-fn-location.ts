import { Session } from 'node:inspector';

/**
 * Where a function object was defined, asked of V8 through an in-process inspector session (the
 * only way to get from a function object to its script). `session.post` runs synchronously for a
 * session on the calling thread, so this is a plain synchronous call; it works alongside an
 * external debugger (`--inspect`), which uses a session of its own.
 */
export type FunctionLocation =
  | {
      kind: 'source';
      /** The script's URL as V8 knows it: a `file://` URL for files, something else for eval/REPL code. */
      url: string;
      /** V8's scope chain of the function, innermost first, without `Global`/`Script`: `['Module']`, `['Closure (make)', 'Module']`… */
      scopes: string[];
    }
  | { kind: 'bound' }
  | { kind: 'native' }
  /** The inspector is unavailable or did not answer; `why` says what went wrong. */
  | { kind: 'unknown'; why: string };

const TEMP_GLOBAL = '__poolscopeLocateFunction__';
const GROUP = 'poolscope-locate';

let session: Session | undefined;
let unavailable: string | undefined;
/** scriptId → URL, refreshed when a function comes from a script not seen before. */
const scriptUrls = new Map<string, string>();

export function locateFunction(fn: (...args: never[]) => unknown): FunctionLocation {
  if (unavailable !== undefined) return { kind: 'unknown', why: unavailable };
  try {
    session ??= connect();
    return locate(session, fn);
  } catch (err) {
    // Without an inspector (a Node built without it, a policy…) resolution falls back to scanning.
    unavailable = err instanceof Error ? err.message : String(err);
    return { kind: 'unknown', why: unavailable };
  }
}

function connect(): Session {
  const s = new Session();
  s.connect();
  s.on('Debugger.scriptParsed', (message) => {
    scriptUrls.set(message.params.scriptId, message.params.url);
  });
  return s;
}

function locate(s: Session, fn: (...args: never[]) => unknown): FunctionLocation {
  const g = globalThis as Record<string, unknown>;
  g[TEMP_GLOBAL] = fn;
  try {
    const evaluated = post<{ result: { objectId?: string } }>(s, 'Runtime.evaluate', {
      expression: `globalThis.${TEMP_GLOBAL}`,
      objectGroup: GROUP,
      silent: true,
    });
    const objectId = evaluated.result.objectId;
    if (objectId === undefined) return { kind: 'unknown', why: 'the inspector did not return the function' };
    const props = post<PropertiesResult>(s, 'Runtime.getProperties', { objectId, ownProperties: true });
    const internal = props.internalProperties ?? [];
    if (internal.some((p) => p.name === '[[TargetFunction]]')) return { kind: 'bound' };
    const location = internal.find((p) => p.name === '[[FunctionLocation]]')?.value?.value as
      { scriptId: string } | undefined;
    if (!location) return { kind: 'native' };
    const url = urlOf(s, location.scriptId);
    if (url === undefined) return { kind: 'unknown', why: `the inspector does not know script ${location.scriptId}` };
    const scopesId = internal.find((p) => p.name === '[[Scopes]]')?.value?.objectId;
    const scopes = scopesId === undefined ? [] : scopeNames(s, scopesId);
    return { kind: 'source', url, scopes };
  } finally {
    delete g[TEMP_GLOBAL];
    post(s, 'Runtime.releaseObjectGroup', { objectGroup: GROUP });
  }
}

function urlOf(s: Session, scriptId: string): string | undefined {
  if (!scriptUrls.has(scriptId)) {
    // Enabling the debugger replays a `scriptParsed` event per loaded script, synchronously. It is
    // disabled again at once: an enabled debugger keeps every script's source alive.
    post(s, 'Debugger.enable', {});
    post(s, 'Debugger.disable', {});
  }
  return scriptUrls.get(scriptId);
}

function scopeNames(s: Session, objectId: string): string[] {
  const scopes = post<PropertiesResult>(s, 'Runtime.getProperties', { objectId, ownProperties: true });
  const names: string[] = [];
  for (const scope of scopes.result ?? []) {
    const name = scope.value?.description ?? '';
    if (name && name !== 'Global' && name !== 'Script') names.push(name);
  }
  return names;
}

interface RemoteObject {
  objectId?: string;
  description?: string;
  value?: unknown;
}

interface PropertiesResult {
  result?: { name: string; value?: RemoteObject }[];
  internalProperties?: { name: string; value?: RemoteObject }[];
}

function post<T = unknown>(s: Session, method: string, params: object): T {
  let answered = false;
  let failure: Error | null = null;
  let result: T | undefined;
  s.post(method, params, (err: Error | null, value?: object) => {
    answered = true;
    failure = err;
    result = value as T;
  });
  if (!answered) throw new Error(`the inspector answered ${method} asynchronously`);
  if (failure) throw failure;
  return result as T;
}
