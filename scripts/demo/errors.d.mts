// Types of errors.mjs, for the TypeScript tests.
export declare class DemoError extends Error {
  constructor(message: string, exitCode?: number);
  readonly exitCode: number;
}
export declare const demoErrors: Record<string, (...args: never[]) => DemoError>;
