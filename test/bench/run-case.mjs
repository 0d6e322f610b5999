// One measurement in a fresh process: `node run-case.mjs CASE VARIANT` prints {"opsPerSec": N}.
// A fresh process per measurement lets "recording on" be switched exactly as the CLI does it (the
// environment variable, read when the library loads) and keeps one variant's garbage out of the next.
import { createRequire } from 'node:module';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [caseName, variant] = process.argv.slice(2);
const WORKERS = Number(process.env.BENCH_WORKERS ?? 2);
const ASYNC_LIMIT = 16;
const tmp = mkdtempSync(join(tmpdir(), 'poolscope-bench-'));
if (variant.endsWith('-on')) process.env.POOLSCOPE_TRACE = join(tmp, 'bench.ndjson');
const require = createRequire(import.meta.url);
const lib = require('../../dist/lib/index.cjs');
const taskFile = resolve(import.meta.dirname, 'fixtures/tiny-task.mjs');
const { tiny } = await import(pathToFileURL(taskFile).href);

async function closedLoop(runOne, total, inflight) {
  let next = 0;
  const lane = async () => {
    while (next < total) await runOne(next++);
  };
  await Promise.all(Array.from({ length: inflight }, lane));
}

async function burst(runOne, total) {
  const pending = new Array(total);
  for (let i = 0; i < total; i++) pending[i] = runOne(i);
  await Promise.all(pending);
}

async function workerRunner() {
  if (variant === 'piscina') {
    const { Piscina } = require('piscina');
    const pool = new Piscina({ filename: taskFile, minThreads: WORKERS, maxThreads: WORKERS, idleTimeout: 60_000 });
    return { run: (i) => pool.run(i, { name: 'tiny' }), close: () => pool.destroy() };
  }
  const pool = new lib.WorkerPoolExecutor({ maxWorkers: WORKERS });
  return { run: (i) => pool.submit(tiny, i), close: () => pool.shutdown() };
}

async function asyncRunner() {
  if (variant === 'p-limit') {
    const { default: pLimit } = await import('p-limit');
    const limit = pLimit(ASYNC_LIMIT);
    return { run: (i) => limit(async () => i), close: async () => {} };
  }
  const pool = new lib.AsyncPoolExecutor({ maxWorkers: ASYNC_LIMIT });
  return { run: (i) => pool.submit(async (x) => x, i), close: () => pool.shutdown() };
}

const cases = {
  'worker-closed-loop': { make: workerRunner, total: 20_000, drive: (r, n) => closedLoop(r.run, n, WORKERS * 4) },
  'worker-burst-10k': { make: workerRunner, total: 10_000, drive: (r, n) => burst(r.run, n) },
  'worker-burst-100k': { make: workerRunner, total: 100_000, drive: (r, n) => burst(r.run, n) },
  'async-100k': { make: asyncRunner, total: 100_000, drive: (r, n) => burst(r.run, n) },
};

const spec = cases[caseName];
if (!spec) throw new Error(`unknown case ${caseName}`);
const runner = await spec.make();
await spec.drive(runner, Math.min(2_000, spec.total)); // warm-up: threads started, code compiled
const start = process.hrtime.bigint();
await spec.drive(runner, spec.total);
const seconds = Number(process.hrtime.bigint() - start) / 1e9;
await runner.close();
if (lib.stopRecording) lib.stopRecording();
rmSync(tmp, { recursive: true, force: true });
process.stdout.write(JSON.stringify({ opsPerSec: spec.total / seconds }) + '\n');
