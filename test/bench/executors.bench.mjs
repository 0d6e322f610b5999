// Executor throughput against the plain baselines, side by side: raw piscina for the worker pool,
// p-limit for the event-loop pool; recording off and on. Run with `npm run bench`.
import { execFileSync } from 'node:child_process';
import { formatRows, sideBySide } from './harness.mjs';

const REPS = Number(process.env.BENCH_REPS ?? 5);
const runCase = (caseName, variant) => () => {
  const out = execFileSync(process.execPath, [new URL('./run-case.mjs', import.meta.url).pathname, caseName, variant], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  return JSON.parse(out.trim().split('\n').pop()).opsPerSec;
};

const worker = (caseName) => ({
  piscina: runCase(caseName, 'piscina'),
  'WorkerPoolExecutor, recording off': runCase(caseName, 'pool-off'),
  'WorkerPoolExecutor, recording on': runCase(caseName, 'pool-on'),
});

const sections = [];
const results = {};
for (const [title, caseName] of [
  ['Worker pool, tiny tasks, closed loop (8 in flight, 2 workers)', 'worker-closed-loop'],
  ['Worker pool, tiny tasks, burst of 10k', 'worker-burst-10k'],
  ['Worker pool, tiny tasks, burst of 100k', 'worker-burst-100k'],
]) {
  const rows = await sideBySide({ variants: worker(caseName), baseline: 'piscina', reps: REPS });
  results[caseName] = rows;
  sections.push(formatRows(title, rows, { target: 'recording on ≥ 0.95× piscina' }));
  console.log(sections.at(-1));
}
const asyncRows = await sideBySide({
  variants: {
    'p-limit(16)': runCase('async-100k', 'p-limit'),
    'AsyncPoolExecutor(16), recording off': runCase('async-100k', 'pool-off'),
    'AsyncPoolExecutor(16), recording on': runCase('async-100k', 'pool-on'),
  },
  baseline: 'p-limit(16)',
  reps: REPS,
});
sections.push(
  formatRows('Event-loop pool, 100k zero-work async tasks', asyncRows, { target: 'recording on ≥ 1.0× p-limit' }),
);
console.log(sections.at(-1));

// Per-task cost with 100k queued against 10k queued: a queue that degrades with depth shows here.
const perTask = (rows, name) => 1 / rows.find((r) => r.name === name).opsPerSec;
console.log('\nPer-task cost at 100k queued ÷ cost at 10k queued (target ≤ 1.1)');
for (const name of ['piscina', 'WorkerPoolExecutor, recording off', 'WorkerPoolExecutor, recording on']) {
  const ratio = perTask(results['worker-burst-100k'], name) / perTask(results['worker-burst-10k'], name);
  console.log(`| ${name} | ${ratio.toFixed(3)} |`);
}
