// Types of vsix.mjs, for the TypeScript tests.
export declare const VSIX_INPUTS: string[];
export declare function newestMtime(root: string, paths?: string[]): number;
export declare function vsixIsFresh(root: string, vsix?: string, paths?: string[]): boolean;
export declare function ensureVsix(options: {
  root: string;
  env: Record<string, string | undefined>;
  log?: (line: string) => void;
}): string;
