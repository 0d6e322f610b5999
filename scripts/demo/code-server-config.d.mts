// Types of code-server-config.mjs, for the TypeScript tests.
export declare const DEMO_USER_SETTINGS: Record<string, unknown>;
export declare function codeServerEnv(
  env: Record<string, string | undefined>,
  dirs: { scratch: string; esbuild: string },
): Record<string, string | undefined>;
export declare function workbenchUrl(base: string, folder: string): string;
export declare function newPassword(): string;
export declare function serverEnv(
  env: Record<string, string | undefined>,
  password: string,
): Record<string, string | undefined>;
export declare const CODE_SERVER_CONFIG: string;
export declare function servingMessage(url: string, password: string): string[];
