// Types of open-when-connected.mjs, for the TypeScript tests.
export declare function connectedSession(sessionSocket: string, file: string): Promise<string | undefined>;
export declare function openWithCli(options: {
  entry: string;
  configFile: string;
  userDataDir: string;
  file: string;
  env: Record<string, string | undefined>;
  signal?: AbortSignal;
  timeoutMs?: number;
}): Promise<CliOutcome>;
export interface CliOutcome {
  ok: boolean;
  output: string;
  aborted: boolean;
}
export declare function cliOutcome(
  error: (Error & { code?: unknown; killed?: boolean; signal?: string | null }) | null,
  output: string,
  timeoutMs: number,
): CliOutcome;
export declare function openWhenConnected<T>(options: {
  findSession: () => Promise<string | undefined>;
  open: () => T | Promise<T>;
  signal?: AbortSignal;
  intervalMs?: number;
}): Promise<T | undefined>;
