import { setTimeout as delay } from 'node:timers/promises';

/** A promise the test opens by hand: tasks that await it stay running until then. */
export interface Gate {
  readonly promise: Promise<void>;
  open(): void;
}

export function gate(): Gate {
  let open!: () => void;
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export const sleep = (ms: number): Promise<void> => delay(ms);

/** Lets every pending macrotask (setImmediate) and the microtasks after it run. */
export const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Captures what is written to stderr while `body` runs. */
export async function captureStderr(body: () => Promise<void> | void): Promise<string> {
  const write = process.stderr.write;
  let text = '';
  process.stderr.write = ((chunk: string | Uint8Array) => {
    text += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
    return true;
  }) as typeof process.stderr.write;
  try {
    await body();
  } finally {
    process.stderr.write = write;
  }
  return text;
}
