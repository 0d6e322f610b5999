/**
 * One way to own disposables (after vscode-extension-samples' custom-editor-sample dispose.ts):
 * every listener, timer and child object is registered the moment it is created, so disposing the
 * owner releases all of it, in reverse order, exactly once. Structural types only, so the pure
 * modules that use it run in plain Node tests.
 */
export interface DisposableLike {
  dispose(): unknown;
}

export function disposeAll(disposables: DisposableLike[]): void {
  while (disposables.length) {
    const item = disposables.pop();
    try {
      item?.dispose();
    } catch (error) {
      // One failing dispose must not leak the rest; the error is still reported.
      console.error('Poolscope: dispose failed:', error);
    }
  }
}

export abstract class Disposable implements DisposableLike {
  private disposed = false;
  private readonly owned: DisposableLike[] = [];

  get isDisposed(): boolean {
    return this.disposed;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.owned);
  }

  /** Takes ownership; something registered after dispose() is disposed at once. */
  protected register<T extends DisposableLike>(value: T): T {
    if (this.disposed) value.dispose();
    else this.owned.push(value);
    return value;
  }
}

/** A timer as a disposable. */
export function interval(callback: () => void, ms: number): DisposableLike {
  const timer = setInterval(callback, ms);
  return { dispose: () => clearInterval(timer) };
}

export function toDisposable(dispose: () => unknown): DisposableLike {
  return { dispose };
}
