// Types of open-in-vscode.mjs, for the TypeScript tests.
export type RunResult = { status: number | string | null; output: string };
export declare function runCommand(cmd: string, args: string[]): RunResult;
export declare function openInVscode(options: {
  code: string;
  vsix: string;
  folder: string;
  recording: string;
  run?: (cmd: string, args: string[]) => RunResult;
  log?: (line: string) => void;
}): void;
