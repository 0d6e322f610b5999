// Types of port.mjs, for the TypeScript tests.
export declare function assertPortFree(port: number, host?: string): Promise<void>;
