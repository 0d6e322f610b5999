/**
 * CPU-bound work needs threads. The same eight prime counts run twice: on a WorkerPoolExecutor
 * (worker threads, in parallel) and on an AsyncPoolExecutor (the event loop, one after the other
 * however many "workers" it has). A 10 ms heartbeat timer shows the difference: on the event loop
 * it cannot fire while a count runs — look for the gap in the main thread's lane.
 *
 *   poolscope record media/examples/node/cpu-bound.ts
 *
 * Worker threads load this same file to find `countPrimes`, so the demo itself only runs in the
 * main thread.
 */
import { isMainThread } from 'node:worker_threads';
import { AsyncPoolExecutor, WorkerPoolExecutor, type ExecutorBase } from 'poolscope';

/** Primes below `limit`, by trial division: pure CPU, no I/O to wait for. */
export function countPrimes(limit: number): number {
  let count = 0;
  for (let n = 2; n < limit; n++) {
    let prime = true;
    for (let d = 2; d * d <= n; d++) {
      if (n % d === 0) {
        prime = false;
        break;
      }
    }
    if (prime) count++;
  }
  return count;
}

/** Runs the jobs on `pool` while a heartbeat measures the longest time the event loop was blocked. */
async function timed(pool: ExecutorBase, limits: number[]): Promise<void> {
  let last = performance.now();
  let longestGap = 0;
  const heartbeat = setInterval(() => {
    const now = performance.now();
    longestGap = Math.max(longestGap, now - last);
    last = now;
  }, 10);
  const started = performance.now();
  let primes = 0;
  for await (const count of pool.map(countPrimes, limits)) primes += count;
  await pool.shutdown();
  clearInterval(heartbeat);
  const total = Math.round(performance.now() - started);
  console.log(
    `${pool.name.padEnd(12)} ${primes} primes in ${total} ms; event loop blocked for up to ${Math.round(longestGap)} ms`,
  );
}

if (isMainThread) {
  // An optional argument scales the work: `cpu-bound.ts 0.2` for a quick run.
  const scale = Number(process.argv[2] ?? 1);
  const limits = [1_400_000, 1_000_000, 1_300_000, 1_100_000, 1_400_000, 1_000_000, 1_300_000, 1_100_000].map((n) =>
    Math.round(n * scale),
  );
  await timed(new WorkerPoolExecutor({ maxWorkers: 2, name: 'threads' }), limits);
  await timed(new AsyncPoolExecutor({ maxWorkers: 2, name: 'event-loop' }), limits);
}
