// `npm run bench`: builds, then runs every benchmark in test/bench/ in one go. Results go to the
// terminal as markdown tables; the README quotes them with this command.
import { spawnSync } from 'node:child_process';

const only = process.argv[2];
const benches = [
  ['node', ['scripts/build.mjs']],
  ['node', ['test/bench/executors.bench.mjs'], 'executors'],
  ['node', ['--import', 'tsx', 'test/bench/recording-cost.ts'], 'recording'],
  ['node', ['--import', 'tsx', 'test/bench/trace-size.ts'], 'trace'],
  ['node', ['--import', 'tsx', 'test/bench/webview-lod.ts'], 'webview'],
  ['node', ['test/bench/python.bench.mjs'], 'python'],
  ['node', ['test/bench/python-floor.bench.mjs'], 'python-floor'],
];
for (const [cmd, args, name] of benches) {
  if (only && name && name !== only) continue;
  const r = spawnSync(cmd === 'node' ? process.execPath : cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
