/**
 * A program whose event loop runs dry while futures are still pending or running can never finish
 * them: nothing is left to drive them (a running worker task keeps the loop alive, so this is a
 * deadlock — a task waiting on a future of its own full pool, a future nobody sets). CPython would
 * hang there; Node would exit 0 in silence. Say so on stderr, naming the futures, and let the
 * program end as it would have.
 */

export interface BusyExecutor {
  readonly name: string;
  /** The executor's unfinished futures, oldest first. */
  unfinished(): readonly { toString(): string }[];
}

const busy = new Set<BusyExecutor>();
let hooked = false;
let reported = false;

export function noteBusy(executor: BusyExecutor): void {
  busy.add(executor);
  if (hooked) return;
  hooked = true;
  process.on('beforeExit', reportUnfinished);
}

export function noteIdle(executor: BusyExecutor): void {
  busy.delete(executor);
}

function reportUnfinished(): void {
  if (reported || busy.size === 0) return;
  reported = true;
  const lines: string[] = [];
  let total = 0;
  for (const executor of busy) {
    const futures = executor.unfinished();
    total += futures.length;
    for (const future of futures.slice(0, 5)) lines.push(`  ${executor.name}: ${future.toString()}`);
    if (futures.length > 5) lines.push(`  ${executor.name}: … and ${futures.length - 5} more`);
  }
  process.stderr.write(
    `poolscope: the program is ending with ${total} future(s) that can never finish (nothing is left to ` +
      `run them — a deadlock, such as a task waiting on a future of its own full pool):\n${lines.join('\n')}\n`,
  );
}
