// Types of open-when-connected.mjs, for the TypeScript tests.
export declare function connectedSession(sessionSocket: string, file: string): Promise<string | undefined>;
export declare function openWithCli(options: {
  entry: string;
  configFile: string;
  userDataDir: string;
  file: string;
  env: Record<string, string | undefined>;
}): { ok: boolean; output: string };
export declare function openWhenConnected<T>(options: {
  findSession: () => Promise<string | undefined>;
  open: () => T;
  signal?: AbortSignal;
  intervalMs?: number;
}): Promise<T | undefined>;
