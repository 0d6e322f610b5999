/**
 * Ask three mirrors for the same file and take the first answer: wait() with FIRST_COMPLETED
 * returns as soon as one future is done. Then the losers are cancelled — which only works for the
 * one still queued: a running task cannot be cancelled, so its bar runs on to the end in the chart.
 *
 *   poolscope record media/examples/node/wait-first-completed.ts
 */
import { AsyncPoolExecutor, FIRST_COMPLETED, wait, type Future } from 'poolscope';

const mirrors: [name: string, ms: number][] = [
  ['eu.mirror.test', 120],
  ['us.mirror.test', 50],
  ['ap.mirror.test', 200],
];

async function fetchFrom(mirror: string, ms: number): Promise<string> {
  await new Promise((resolve) => setTimeout(resolve, ms));
  return `release.tar.gz from ${mirror}`;
}

// Two connections at a time: the third mirror waits in the queue.
const pool = new AsyncPoolExecutor({ maxWorkers: 2, name: 'mirrors' });
const futures = new Map<Future<string>, string>(mirrors.map(([name, ms]) => [pool.submit(fetchFrom, name, ms), name]));

const { done, notDone } = await wait(futures.keys(), { returnWhen: FIRST_COMPLETED });
for (const winner of done) console.log(`first: ${await winner.result()}`);
for (const loser of notDone) {
  const cancelled = loser.cancel();
  console.log(
    `cancel ${futures.get(loser)}: ${cancelled ? 'cancelled (it had not started)' : 'too late, it is running'}`,
  );
}

// A timeout does not cancel anything either: wait() just says what finished in time.
const running = [...notDone].filter((future) => !future.done());
const late = await wait(running, { timeout: 20 });
for (const future of late.notDone) console.log(`20 ms later ${futures.get(future)} is still running`);

await pool.shutdown();
