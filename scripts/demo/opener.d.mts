// Types of opener.mjs, for the TypeScript tests.
type Env = Record<string, string | undefined>;
interface Lookup {
  env: Env;
  platform?: NodeJS.Platform;
  isExecutable?: (path: string) => boolean;
}
export declare function isExecutableFile(path: string): boolean;
export declare function findOnPath(name: string, lookup: Lookup): string | undefined;
export declare function chooseOpener(
  lookup: Lookup & { forceCodeServer: boolean },
): { mode: 'vscode'; code: string } | { mode: 'code-server'; why: string };
export declare function vscodeCommands(paths: {
  code: string;
  vsix: string;
  folder: string;
  recording: string;
}): { cmd: string; args: string[] }[];
