// Types of code-server-config.mjs, for the TypeScript tests.
export declare const DEMO_USER_SETTINGS: Record<string, unknown>;
export declare function codeServerEnv(
  env: Record<string, string | undefined>,
  dirs: { scratch: string; esbuild: string },
): Record<string, string | undefined>;
export declare function workbenchUrl(base: string, folder: string): string;
