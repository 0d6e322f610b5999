import { availableParallelism } from 'node:os';
import { ExecutorBase, claimFuture, settleFuture, type ExecutorOptions, type WorkItem } from './executor-base.ts';
import { recording } from './recording/recorder.ts';

/**
 * Python's default for ThreadPoolExecutor, `min(32, cpus + 4)`: here the workers are concurrent
 * async tasks, so the same number bounds how much I/O is in flight at once.
 */
export function defaultAsyncMaxWorkers(): number {
  return Math.min(32, availableParallelism() + 4);
}

/**
 * Runs sync or async functions on this thread's event loop, at most `maxWorkers` at a time, in
 * submission order. A synchronous, CPU-heavy function blocks the loop while it runs — that is the
 * nature of the event loop; use WorkerPoolExecutor for such work.
 *
 * Each task starts from its own macrotask (`setImmediate`), never inside `submit()`: the caller
 * always gets its future first, and timers and I/O get a turn between synchronous tasks.
 */
export class AsyncPoolExecutor extends ExecutorBase {
  /** FIFO of items waiting for a slot; `head` avoids the O(n) cost of `shift()` on long queues. */
  private queue: WorkItem[] = [];
  private head = 0;
  /** Slots taken: tasks running plus tasks whose start is scheduled. */
  private active = 0;

  constructor(options?: ExecutorOptions) {
    super('node-event-loop', options, { maxWorkers: defaultAsyncMaxWorkers(), namePrefix: 'AsyncPoolExecutor' });
  }

  protected dispatch(item: WorkItem): void {
    this.queue.push(item);
    this.pump();
  }

  private pump(): void {
    while (this.active < this.maxWorkers && this.head < this.queue.length) {
      const item = this.queue[this.head]!;
      this.queue[this.head++] = undefined as unknown as WorkItem;
      if (this.head > 1024 && this.head * 2 > this.queue.length) {
        this.queue = this.queue.slice(this.head);
        this.head = 0;
      }
      // Cancelled (or failed) while queued: it never takes a slot.
      if (item.future.done()) continue;
      this.active++;
      setImmediate(() => this.run(item));
    }
  }

  private run(item: WorkItem): void {
    const { future } = item;
    // It may have been cancelled between pump() and now; the slot is then given back.
    if (!claimFuture(future)) {
      this.active--;
      this.pump();
      return;
    }
    const rec = recording.current;
    if (rec) rec.start(future.id);
    let returned: unknown;
    try {
      returned = item.fn(...item.args);
    } catch (err) {
      this.finish(item, false, err);
      return;
    }
    let thenable = false;
    try {
      thenable = returned !== null && typeof (returned as { then?: unknown })?.then === 'function';
    } catch (err) {
      // A `then` getter that throws: Promise.resolve() would reject with that error too.
      this.finish(item, false, err);
      return;
    }
    if (!thenable) {
      this.finish(item, true, returned);
      return;
    }
    Promise.resolve(returned as PromiseLike<unknown>).then(
      (value) => this.finish(item, true, value),
      (err: unknown) => this.finish(item, false, err),
    );
  }

  private finish(item: WorkItem, ok: boolean, value: unknown): void {
    const rec = recording.current;
    if (rec) rec.end(item.future.id, ok);
    this.active--;
    // Done callbacks run inside settleFuture; they may submit more work, which queues behind
    // what is already waiting, so FIFO order holds.
    settleFuture(item.future, ok, value);
    this.pump();
  }
}
