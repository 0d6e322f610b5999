import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, EXAMPLES, tempDir } from '../runner/helpers.ts';
import { readRecording, runCli } from './helpers.ts';

const { dir, remove } = tempDir();

describe('poolscope record with worker threads', () => {
  before(() => {
    ensureBuilt();
    // A TypeScript task module, imported without extension as tsc users write it, in a folder
    // with no node_modules: the worker threads must transpile it and find poolscope themselves.
    writeFileSync(join(dir, 'tasks.ts'), 'export function cube(n: number): number {\n  return n ** 3;\n}\n');
    writeFileSync(
      join(dir, 'main.ts'),
      [
        "import { WorkerPoolExecutor } from 'poolscope';",
        "import { cube } from './tasks';",
        "const pool = new WorkerPoolExecutor({ maxWorkers: 2, name: 'cubes' });",
        'const results: number[] = [];',
        'for await (const r of pool.map(cube, [1, 2, 3, 4])) results.push(r);',
        'await pool.shutdown();',
        "console.log(results.join(' '));",
      ].join('\n'),
    );
  });
  after(remove);

  test('piscina workers load a .ts task module; their work is in the recording', () => {
    const out = join(dir, 'cubes.ndjson');
    const r = runCli(['record', '-o', out, 'main.ts'], { cwd: dir });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '1 8 27 64\n');
    const trace = readRecording(out);
    const main = `${trace.header!.pid}:0`;
    const starts = trace.events.filter((e) => e.e === 'start');
    assert.equal(starts.length, 4);
    for (const start of starts) assert.notEqual(start.lane, main, 'the work ran on a worker thread');
    assert.deepEqual(
      trace.events.filter((e) => e.e === 'executor').map((e) => e.name),
      ['cubes'],
    );
  });

  test('the cpu-bound example compares a worker pool with the event loop', () => {
    const out = join(dir, 'cpu.ndjson');
    const r = runCli(['record', '-o', out, join(EXAMPLES, 'cpu-bound.ts'), '0.05']);
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stdout,
      /^threads {6}\d+ primes in \d+ ms; event loop blocked for up to \d+ ms\nevent-loop {3}\d+ primes/,
    );
    const summary = runCli(['summary', out]);
    assert.match(summary.stdout, /#\d+ threads\s+node-worker\s+2\s+8\s+8\s/);
    assert.match(summary.stdout, /#\d+ event-loop\s+node-event-loop\s+2\s+8\s+8\s/);
  });
});
