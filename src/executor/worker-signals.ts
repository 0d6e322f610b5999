/**
 * The user's AbortSignals a worker pool listens to: one listener per signal, however many tasks share
 * it (a listener per task would pass Node's limit of 10 and warn), removed when its last task is over.
 */
export class SignalWatches<Task> {
  private readonly watches = new Map<AbortSignal, { tasks: Set<Task>; onAbort: () => void }>();

  /** `onAbort` gets the tasks that still watched the signal when it fired. */
  constructor(private readonly onAbort: (signal: AbortSignal, tasks: Task[]) => void) {}

  add(signal: AbortSignal, task: Task): void {
    let watch = this.watches.get(signal);
    if (watch === undefined) {
      watch = { tasks: new Set(), onAbort: () => this.fire(signal) };
      this.watches.set(signal, watch);
      signal.addEventListener('abort', watch.onAbort, { once: true });
    }
    watch.tasks.add(task);
  }

  remove(signal: AbortSignal, task: Task): void {
    const watch = this.watches.get(signal);
    if (watch === undefined || !watch.tasks.delete(task) || watch.tasks.size > 0) return;
    this.watches.delete(signal);
    signal.removeEventListener('abort', watch.onAbort);
  }

  private fire(signal: AbortSignal): void {
    const watch = this.watches.get(signal);
    if (watch === undefined) return;
    this.watches.delete(signal);
    this.onAbort(signal, [...watch.tasks]);
  }
}
