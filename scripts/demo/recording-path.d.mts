// Types of recording-path.mjs, for the TypeScript tests.
export declare function recordingPathFor(recordingsDir: string, example: string): string;
