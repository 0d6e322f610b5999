import { availableParallelism } from 'node:os';
import { errors } from './errors.ts';
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
 * Tasks started one after another without the event loop turning; then the pool yields one
 * macrotask, so timers and I/O get a turn even under a long queue of synchronous tasks.
 */
const STARTS_PER_TURN = 1024;

/**
 * Runs sync or async functions on this thread's event loop, at most `maxWorkers` at a time, in
 * submission order. A synchronous, CPU-heavy function blocks the loop while it runs — that is the
 * nature of the event loop; use WorkerPoolExecutor for such work.
 *
 * Work submitted to a pool with a free slot starts from a macrotask (`setImmediate`), never inside
 * `submit()` nor in the microtasks right after it: the caller always gets its future first, and
 * can `await` it before it starts. Work that waited in the queue starts as soon as a slot frees,
 * in the same microtask as the task that freed it (as p-limit does, with no macrotask per task);
 * every STARTS_PER_TURN starts the pool yields one macrotask.
 */
export class AsyncPoolExecutor extends ExecutorBase {
  /** FIFO of items waiting for a slot; `head` avoids the O(n) cost of `shift()` on long queues. */
  private queue: WorkItem[] = [];
  private head = 0;
  /** Tasks running. */
  private active = 0;
  /** A macrotask that starts work is queued. */
  private scheduled = false;
  /** pump() is on the stack: a task that ends synchronously inside it must not start another pump. */
  private pumping = false;
  private startsSinceYield = 0;
  private readonly onImmediate = (): void => {
    this.scheduled = false;
    this.startsSinceYield = 0;
    this.pump();
  };

  constructor(options?: ExecutorOptions) {
    super('node-event-loop', options, { maxWorkers: defaultAsyncMaxWorkers(), namePrefix: 'AsyncPoolExecutor' });
  }

  protected dispatch(item: WorkItem): void {
    this.queue.push(item);
    // A full pool starts it when a slot frees; the caller may be inside submit() either way.
    if (this.active < this.maxWorkers) this.schedule();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    setImmediate(this.onImmediate);
  }

  private pump(): void {
    if (this.pumping) return;
    this.pumping = true;
    try {
      while (this.active < this.maxWorkers && this.head < this.queue.length) {
        if (this.startsSinceYield >= STARTS_PER_TURN) {
          this.schedule();
          return;
        }
        const item = this.queue[this.head]!;
        this.queue[this.head++] = undefined as unknown as WorkItem;
        if (this.head > 1024 && this.head * 2 > this.queue.length) {
          this.queue = this.queue.slice(this.head);
          this.head = 0;
        }
        // Cancelled (or failed) while queued: it never takes a slot.
        if (!claimFuture(item.future)) continue;
        this.startsSinceYield++;
        this.run(item);
      }
    } finally {
      this.pumping = false;
    }
  }

  private run(item: WorkItem): void {
    this.active++;
    const rec = recording.current;
    if (rec) rec.start(item.future.id);
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
    // Adopting its own future would wait for itself: the future would stay RUNNING for ever.
    // (A task that returns another future resolves to that future's result — promises adopt.)
    if (returned === item.future) {
      this.finish(item, false, errors.returnedOwnFuture(item.future.id, item.future.fnName));
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
