// The floor under any pure-Python tracer of thread pools (see python_floor.py): 20k no-op tasks on
// ThreadPoolExecutor(4) with no hooks, with a call-through wrapper, and with the minimal recording
// hooks (three clock readings a task kept in a deque), interleaved, median of per-repetition ratios.
// Run: `node test/bench/python-floor.bench.mjs`; BENCH_REPS (default 15) sets the repetitions.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { median } from './harness.mjs';

const SCRIPT = join(import.meta.dirname, 'python_floor.py');
const PYTHON = process.env.POOLSCOPE_PYTHON || 'python3';
const REPS = Math.max(5, Number(process.env.BENCH_REPS ?? 15));
const MODES = ['off', 'call', 'minimal'];

function run(mode) {
  const r = spawnSync(PYTHON, [SCRIPT, mode], { encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`python_floor.py ${mode} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim()).seconds;
}

const samples = Object.fromEntries(MODES.map((m) => [m, []]));
for (let rep = -1; rep < REPS; rep++) {
  const order = MODES.map((_, i) => MODES[(i + Math.max(rep, 0)) % MODES.length]);
  for (const mode of order) {
    const seconds = run(mode);
    if (rep >= 0) samples[mode].push(seconds);
  }
}
console.log(`20k no-op tasks, ThreadPoolExecutor(4), ${PYTHON}, ${REPS} repetitions`);
console.log('| hooks | pool work ms (median) | ÷ no hooks (median of ratios) |');
console.log('| --- | ---: | ---: |');
for (const mode of MODES) {
  const ratio = median(samples[mode].map((s, i) => s / samples.off[i]));
  console.log(`| ${mode} | ${(median(samples[mode]) * 1000).toFixed(1)} | ${ratio.toFixed(3)}× |`);
}
