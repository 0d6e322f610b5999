// Side-by-side benchmarking: every variant of a case runs in each repetition, in a rotated order
// so no variant always runs first (warm JIT, warm caches), and ratios are taken within one
// repetition before the median — machine noise that hits one repetition hits both sides of a ratio.

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * Runs `variants` (name -> async () => ops/s) `reps` times interleaved and returns, per variant,
 * the median throughput and the median of its per-repetition ratio to `baseline`.
 */
export async function sideBySide({ variants, baseline, reps, warmup = 1 }) {
  const names = Object.keys(variants);
  const samples = Object.fromEntries(names.map((n) => [n, []]));
  for (let rep = -warmup; rep < reps; rep++) {
    const order = names.map((_, i) => names[(i + Math.max(rep, 0)) % names.length]);
    for (const name of order) {
      const opsPerSec = await variants[name]();
      if (rep >= 0) samples[name].push(opsPerSec);
    }
  }
  return names.map((name) => ({
    name,
    opsPerSec: median(samples[name]),
    ratio: median(samples[name].map((v, i) => v / samples[baseline][i])),
  }));
}

export function formatRows(title, rows, { target } = {}) {
  const lines = [
    `\n${title}`,
    '| variant | ops/s (median) | ratio to baseline (median of ratios) |',
    '| --- | ---: | ---: |',
  ];
  for (const row of rows) {
    lines.push(`| ${row.name} | ${Math.round(row.opsPerSec).toLocaleString('en-US')} | ${row.ratio.toFixed(3)}× |`);
  }
  if (target) lines.push(`target: ${target}`);
  return lines.join('\n');
}

export async function timeIt(fn) {
  const start = process.hrtime.bigint();
  const count = await fn();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  return count / seconds;
}
