// How the demo's code-server is set up: its environment, its user settings and the URL to open.
// Pure (but for the random password), so the tests can check them.
import { randomBytes } from 'node:crypto';

/**
 * A fresh profile's settings, less what would greet the user instead of the chart. Workspace Trust
 * is off because this profile only ever opens the demo's own recordings folder, and code-server
 * listens on loopback only and asks for the demo's password; with it on, a trust prompt would
 * cover the chart on every start.
 */
export const DEMO_USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  // The recordings folder sits inside this checkout: no "open the parent repository?" prompt.
  'git.openRepositoryInParentFolders': 'never',
};

/** Environment variables that would send code-server or its CLI elsewhere; see codeServerEnv. */
const DROPPED = new Set(['VSCODE_IPC_HOOK_CLI', 'PORT', 'PASSWORD', 'HASHED_PASSWORD']);

/**
 * The environment of code-server and its CLI: the user's, without what would send them elsewhere.
 * VSCODE_IPC_HOOK_CLI (set in VS Code's terminal) would make code-server's CLI open files in *that*
 * VS Code; PORT overrides --bind-addr; a PASSWORD or HASHED_PASSWORD of the user's would replace the
 * demo's password (see serverEnv); npm_* of `npm run` would steer the extension's own npm calls.
 */
export function codeServerEnv(env, { scratch, esbuild }) {
  const clean = Object.fromEntries(Object.entries(env).filter(([k]) => !/^npm_/i.test(k) && !DROPPED.has(k)));
  return {
    ...clean,
    XDG_DATA_HOME: `${scratch}/xdg-data`,
    XDG_CONFIG_HOME: `${scratch}/xdg-config`,
    // The .vsix leaves esbuild out; profiling a TypeScript file from the demo uses this checkout's.
    POOLSCOPE_ESBUILD: env.POOLSCOPE_ESBUILD ?? esbuild,
  };
}

/**
 * The workbench URL of `folder` on the code-server at `base` (e.g. http://127.0.0.1:8080). Slashes
 * may stay as they are in a query; keeping them makes the printed URL readable.
 */
export function workbenchUrl(base, folder) {
  return `${base.replace(/\/+$/, '')}/?folder=${encodeURIComponent(folder).replace(/%2F/gi, '/')}`;
}

/**
 * A password for one run of the demo's code-server. Anyone on the machine can reach a loopback port,
 * and the workbench has a terminal running as the user: it must not be open to them.
 */
export function newPassword() {
  return randomBytes(18).toString('base64url');
}

/**
 * code-server's own environment: its CLI reads the password only from $PASSWORD or its config file,
 * and removes it from its environment before it starts the extension host and terminals.
 */
export function serverEnv(env, password) {
  return { ...env, PASSWORD: password };
}

/** The config file's contents: `--auth password` with the password from $PASSWORD (serverEnv). */
export const CODE_SERVER_CONFIG = 'auth: password\ncert: false\n';

/** What the demo prints once code-server serves. */
export function servingMessage(url, password) {
  return [
    `Open ${url} in a browser (password: ${password})`,
    'to see the chart (code-server on 127.0.0.1 only). Press Ctrl-C to stop.',
  ];
}
