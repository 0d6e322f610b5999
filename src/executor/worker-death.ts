// How a worker thread died, in words for BrokenExecutorError and the recording's worker-crash event.

/** A worker thread that called process.exit(): Node ends the thread, not the program. */
export function exitText(code: number): string {
  return `it exited with code ${code} (process.exit() in a worker thread ends that thread)`;
}

/** Why a worker thread died, from the error its 'error' event carried. */
export function deathText(err: unknown): string {
  if (err instanceof Error && (err as { code?: unknown }).code === 'ERR_WORKER_OUT_OF_MEMORY') {
    return `it ran out of memory (${(err as Error).message})`;
  }
  const text = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
  const exited = /^worker exited with code: (-?\d+)$/.exec(err instanceof Error ? err.message : '');
  if (exited) return exitText(Number(exited[1]));
  return `uncaught ${text}`;
}
