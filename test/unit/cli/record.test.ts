import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, EXAMPLES, ROOT, tempDir } from '../runner/helpers.ts';
import { cliEnv, readRecording, runCli } from './helpers.ts';

const { dir, remove } = tempDir();
const FIXTURE = join(ROOT, 'test/unit/cli/fixtures/exit-three.mjs');

/** The last stderr line of a recording run, and the recording it names. */
function recordedLine(stderr: string): { events: number; file: string } {
  const last = stderr.trimEnd().split('\n').at(-1)!;
  const m = /^poolscope: recorded (\d+) events? to (.+)$/.exec(last);
  assert.ok(m, `expected the recorded line last on stderr, got: ${stderr}`);
  return { events: Number(m[1]), file: m[2]! };
}

describe('poolscope record', () => {
  before(ensureBuilt);
  after(remove);

  test('stdout, stderr, stdin and the exit code are the program’s own', () => {
    const out = join(dir, 'three.ndjson');
    const args = ['a b', '--flag', '-o', 'x', '--echo-stdin'];
    const plain = spawnSync(process.execPath, [FIXTURE, ...args], { env: cliEnv(), input: 'typed\n' });
    assert.equal(plain.status, 3);
    const recorded = spawnSync(
      process.execPath,
      [join(ROOT, 'dist/cli/poolscope.cjs'), 'record', '-o', out, FIXTURE, ...args],
      {
        env: cliEnv(),
        input: 'typed\n',
      },
    );
    assert.equal(recorded.status, 3);
    assert.ok(Buffer.compare(recorded.stdout, plain.stdout) === 0, 'stdout differs from a plain run');
    const stderr = recorded.stderr.toString('utf8');
    assert.ok(stderr.startsWith(plain.stderr.toString('utf8')));
    const { events, file } = recordedLine(stderr);
    assert.equal(file, out);
    const trace = readRecording(out);
    assert.equal(events, trace.events.length);
    assert.deepEqual(trace.header?.args, args);
    assert.deepEqual({ ...trace.events.at(-1), ts: 0 }, { e: 'exit', ts: 0, pid: trace.header!.pid, code: 3 });
  });

  test('records a TypeScript example: no compile step, poolscope from the package', () => {
    const out = join(dir, 'wait.ndjson');
    const r = runCli(['record', '-o', out, join(EXAMPLES, 'wait-first-completed.ts')]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^first: release\.tar\.gz from us\.mirror\.test$/m);
    assert.equal(recordedLine(r.stderr).file, out);
    assert.equal(readRecording(out).header?.program, join(EXAMPLES, 'wait-first-completed.ts'));
  });

  test('records an ES module example and a CommonJS example', () => {
    const mjs = runCli(['record', '-o', join(dir, 'mjs.ndjson'), join(EXAMPLES, 'as-completed-vs-map.mjs')]);
    assert.equal(mjs.status, 0, mjs.stderr);
    assert.match(mjs.stdout, /asCompleted \(completion order\):\n {2}tea after 30 ms\n/);
    const cjs = runCli(['record', '-o', join(dir, 'cjs.ndjson'), join(EXAMPLES, 'callbacks-and-cancel.cjs')]);
    assert.equal(cjs.status, 0, cjs.stderr);
    assert.match(cjs.stdout, /dog\.bmp: failed \(dog\.bmp: unsupported format\)/);
    for (const name of ['mjs.ndjson', 'cjs.ndjson'])
      assert.equal(readRecording(join(dir, name)).events.at(-1)?.e, 'exit');
  });

  test('-- node [options] SCRIPT passes the options to node and the rest to the script', () => {
    const out = join(dir, 'node-form.ndjson');
    const r = runCli([
      'record',
      '--output',
      out,
      '--',
      'node',
      '--no-warnings',
      '--title',
      'probe',
      FIXTURE,
      '--x',
      '1',
    ]);
    assert.equal(r.status, 3);
    assert.match(r.stdout, /^args=\["--x","1"\]$/m);
    assert.equal(readRecording(out).header?.program, FIXTURE);
  });

  test('a program in a folder without node_modules imports poolscope; the recording lands in that folder', () => {
    const project = join(dir, 'project');
    mkdirSync(project);
    writeFileSync(
      join(project, 'jobs.ts'),
      [
        "import { AsyncPoolExecutor } from 'poolscope';",
        'const square = async (n: number): Promise<number> => n * n;',
        "const pool = new AsyncPoolExecutor({ maxWorkers: 2, name: 'squares' });",
        'const results: number[] = [];',
        'for await (const r of pool.map(square, [1, 2, 3])) results.push(r);',
        'await pool.shutdown();',
        'console.log(results.join(","));',
      ].join('\n'),
    );
    const r = runCli(['record', 'jobs.ts'], { cwd: project });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '1,4,9\n');
    const { file } = recordedLine(r.stderr);
    assert.match(file, /^poolscope-jobs-\d{8}-\d{6}\.ndjson$/);
    assert.deepEqual(readdirSync(project).sort(), ['jobs.ts', file]);
    assert.equal(readRecording(join(project, file)).header?.program, 'jobs.ts');
  });
});
