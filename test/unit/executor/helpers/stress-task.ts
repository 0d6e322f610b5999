/**
 * The task of the executor stress test, a top-level export so a worker thread can load it by
 * reference. What it does is fully described by its arguments, so the test knows the outcome
 * each future must have.
 */
export type StressKind = 'sync-ok' | 'sync-throw' | 'async-ok' | 'async-reject';

export function stressTask(kind: StressKind, delayMs: number, value: number): number | Promise<number> {
  switch (kind) {
    case 'sync-ok':
      return value;
    case 'sync-throw':
      throw new Error(stressFailure(value));
    case 'async-ok':
      return new Promise((resolve) => setTimeout(() => resolve(value), delayMs));
    case 'async-reject':
      return new Promise((_, reject) => setTimeout(() => reject(new Error(stressFailure(value))), delayMs));
  }
}

/** The message of the error a failing stress task throws. */
export function stressFailure(value: number): string {
  return `stress task ${value} failed`;
}
