// How the demo's code-server is set up: its environment, its user settings and the URL to open.
// Pure, so the tests can check them.

/**
 * A fresh profile's settings, less what would greet the user instead of the chart. Workspace Trust
 * is off because this profile only ever opens the demo's own recordings folder (and code-server
 * listens on loopback only); with it on, a trust prompt would cover the chart on every start.
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

/**
 * The environment of code-server and its CLI: the user's, without what would send them elsewhere.
 * VSCODE_IPC_HOOK_CLI (set in VS Code's terminal) would make code-server's CLI open files in *that*
 * VS Code; PORT overrides --bind-addr; npm_* of `npm run` would steer the extension's own npm calls.
 */
export function codeServerEnv(env, { scratch, esbuild }) {
  const clean = Object.fromEntries(
    Object.entries(env).filter(([k]) => !/^npm_/i.test(k) && k !== 'VSCODE_IPC_HOOK_CLI' && k !== 'PORT'),
  );
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
