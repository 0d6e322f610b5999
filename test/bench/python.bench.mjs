// What recording costs a Python program: each case of python_workloads.py runs untraced
// (`python3 python_workloads.py CASE`) and traced (`poolscope record -o FILE -- python3 …`),
// interleaved in one run, and the tables give the median of the per-repetition ratios of
//   - the pool work's own wall time (printed by the script: executor made, used, shut down): the
//     figure the targets are about;
//   - the CPU time of that pool work (the script's process and its worker processes), which a
//     busy machine disturbs less than the wall time;
//   - the whole process's wall time (interpreter start, and for the traced run the CLI too).
// Run: `npm run bench python` (after a build), or `node test/bench/python.bench.mjs [CASE...]`.
// BENCH_REPS (default 7, at least 5) sets the repetitions; POOLSCOPE_PYTHON the interpreter.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { median } from './harness.mjs';

const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'dist', 'cli', 'poolscope.cjs');
const WORKLOADS = join(import.meta.dirname, 'python_workloads.py');
const PYTHON = process.env.POOLSCOPE_PYTHON || 'python3';
const REPS = Math.max(5, Number(process.env.BENCH_REPS ?? 7));

const CASES = [
  { name: 'thread-noop', title: '20k no-op tasks, ThreadPoolExecutor(4)', target: 1.1 },
  { name: 'process-small', title: '2k small tasks, ProcessPoolExecutor(2)', target: 1.05 },
  { name: 'process-map-chunk1', title: 'map of 2k small tasks, chunksize 1, ProcessPoolExecutor(2)', target: 1.05 },
  {
    name: 'process-map-chunk100',
    title: 'map of 100k small tasks, chunksize 100, ProcessPoolExecutor(2)',
    target: 1.05,
  },
  { name: 'thread-sleep', title: '2k × time.sleep(0.001), ThreadPoolExecutor(8)', target: 1.02 },
];

// The environment of a user's shell: no recording of ours leaking in from a parent process.
const env = { ...process.env };
delete env.POOLSCOPE_TRACE;
delete env.POOLSCOPE_TRACE_ROOT_PID;
delete env.NODE_OPTIONS;

const tmp = mkdtempSync(join(tmpdir(), 'poolscope-pybench-'));

function run(caseName, traced, rep) {
  const out = join(tmp, `${caseName}-${rep}.ndjson`);
  const [cmd, args] = traced
    ? [process.execPath, [CLI, 'record', '-o', out, '--', PYTHON, WORKLOADS, caseName]]
    : [PYTHON, [WORKLOADS, caseName]];
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000 });
  const total = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0) {
    throw new Error(`${traced ? 'traced' : 'untraced'} ${caseName} failed (${r.status ?? r.signal}):\n${r.stderr}`);
  }
  const printed = JSON.parse(r.stdout.trim().split('\n').pop());
  rmSync(out, { force: true });
  return { work: printed.seconds, cpu: printed.cpuSeconds, total };
}

/** Untraced and traced runs of one case, interleaved (the order alternates), after one warm-up pair. */
function measure(caseName) {
  const samples = { untraced: [], traced: [] };
  for (let rep = -1; rep < REPS; rep++) {
    const order = rep % 2 === 0 ? [false, true] : [true, false];
    for (const traced of order) {
      const sample = run(caseName, traced, rep);
      if (rep >= 0) samples[traced ? 'traced' : 'untraced'].push(sample);
    }
  }
  const ratio = (key) => median(samples.traced.map((s, i) => s[key] / samples.untraced[i][key]));
  const med = (side, key) => median(samples[side].map((s) => s[key]));
  const row = (key) => ({ untraced: med('untraced', key), traced: med('traced', key), ratio: ratio(key) });
  return { work: row('work'), cpu: row('cpu'), total: row('total') };
}

const ms = (seconds) => (seconds * 1000).toFixed(1);
const only = process.argv.slice(2);
const rows = [];
try {
  for (const spec of CASES) {
    if (only.length && !only.includes(spec.name)) continue;
    const m = measure(spec.name);
    rows.push({ spec, m });
    console.log(
      [
        `\n${spec.title} (${spec.name}), ${REPS} repetitions`,
        '| measured | untraced ms (median) | traced ms (median) | traced ÷ untraced (median of ratios) |',
        '| --- | ---: | ---: | ---: |',
        `| pool work, wall | ${ms(m.work.untraced)} | ${ms(m.work.traced)} | ${m.work.ratio.toFixed(3)}× |`,
        `| pool work, CPU | ${ms(m.cpu.untraced)} | ${ms(m.cpu.traced)} | ${m.cpu.ratio.toFixed(3)}× |`,
        `| whole process, wall | ${ms(m.total.untraced)} | ${ms(m.total.traced)} | ${m.total.ratio.toFixed(3)}× |`,
        `target: pool work (wall) ≤ ${spec.target.toFixed(2)}× — ${m.work.ratio <= spec.target ? 'met' : 'NOT met'}`,
      ].join('\n'),
    );
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

console.log('\nSummary: pool work, traced ÷ untraced (median of per-repetition ratios)');
console.log('| case | wall | CPU | target (wall) |');
console.log('| --- | ---: | ---: | ---: |');
for (const { spec, m } of rows) {
  console.log(
    `| ${spec.name} | ${m.work.ratio.toFixed(3)}× | ${m.cpu.ratio.toFixed(3)}× | ≤ ${spec.target.toFixed(2)}× |`,
  );
}
