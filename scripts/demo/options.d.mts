// Types of options.mjs, for the TypeScript tests.
export declare const DEFAULT_EXAMPLE: string;
export declare const HELP: string;
export interface DemoOptions {
  help: boolean;
  example: string;
  open: boolean;
  /** Why the chart is not opened; undefined when it is. */
  notOpeningBecause: string | undefined;
  /** 0: a free port. */
  port: number;
  forceCodeServer: boolean;
}
export declare function parseDemoArgs(
  argv: string[],
  context: { env: Record<string, string | undefined>; stdoutIsTTY: boolean },
): DemoOptions;
