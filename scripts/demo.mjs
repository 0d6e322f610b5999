// `npm run demo`: builds Poolscope, records a bundled example with the real CLI and prints its summary.
import { spawnSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const example = process.argv[2] ?? 'media/examples/node/cpu-bound.ts';
const out = join('.cache', 'demo', 'recording.ndjson');
mkdirSync(join('.cache', 'demo'), { recursive: true });

step('node', ['scripts/build.mjs']);
step('node', ['dist/cli/poolscope.cjs', 'record', '-o', out, example]);
step('node', ['dist/cli/poolscope.cjs', 'summary', out]);
console.log(`\nRecording: ${out}  (Perfetto: node dist/cli/poolscope.cjs export --chrome ${out})`);

function step(cmd, args) {
  const r = spawnSync(cmd === 'node' ? process.execPath : cmd, args, { stdio: 'inherit' });
  if (r.status !== 0) process.exit(r.status ?? 1);
}
