// Regression tests for the robustness review of the CLI (notes/review-robustness.md).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, linkSync, lstatSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadRecording } from '../../../src/cli/load-recording.ts';
import { computeStats } from '../../../src/trace/stats.ts';
import { CLI, ensureBuilt, tempDir } from '../runner/helpers.ts';
import { assertPrintable } from '../trace/terminal-safety.ts';
import { cliEnv, errorLine, runCli } from './helpers.ts';

const { dir, remove } = tempDir();
after(remove);
const GOLDEN = join(import.meta.dirname, '../../golden/node-async-pool.ndjson');

/** Runs the CLI with stdout a pipe whose reader has gone before the first byte, as `| head -c 0` would. */
function closedEarly(args: string[]): Promise<{ status: number | null; stderr: string }> {
  const cli = spawn(process.execPath, [CLI, ...args], { cwd: dir, env: cliEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
  cli.stdout.destroy();
  let stderr = '';
  cli.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => cli.on('close', (status) => resolve({ status, stderr })));
}

function runWithStdin(args: string[], input: Buffer | string) {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: dir, env: cliEnv(), input, encoding: 'utf8' });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('poolscope reports, robustness', () => {
  const golden = () => readFileSync(GOLDEN, 'utf8');
  before(() => {
    ensureBuilt();
    const lines = golden().split('\n');
    writeFileSync(
      join(dir, 'many-bad.ndjson'),
      [lines[0], ...Array.from({ length: 20_000 }, (_, i) => `garbage ${i}`)].join('\n') + '\n',
    );
    writeFileSync(join(dir, 'rec.ndjson'), golden());
  });

  test('export -o equal to the input recording is refused with one line (bug 8)', () => {
    const rec = join(dir, 'rec.ndjson');
    const r = runCli(['export', '--chrome', rec, '-o', rec]);
    assert.equal(r.status, 1);
    assert.match(errorLine(r), /rec\.ndjson: the export would overwrite the recording it is made from/);
    linkSync(rec, join(dir, 'hard-link.ndjson'));
    const viaLink = runCli(['export', '--chrome', rec, '-o', join(dir, 'hard-link.ndjson')]);
    assert.equal(viaLink.status, 1);
    assert.match(errorLine(viaLink), /the export would overwrite the recording/);
    assert.equal(readFileSync(rec, 'utf8'), golden(), 'the recording is intact');
    assert.equal(readdirSync(dir).filter((name) => name.endsWith('.tmp')).length, 0);
  });

  test('EPIPE on stdout (`| head`) exits quietly, status 0, no stack (bug 7)', async () => {
    for (const args of [
      ['validate', 'many-bad.ndjson'],
      ['export', '--chrome', 'rec.ndjson', '-o', '-'],
      ['summary', 'many-bad.ndjson'],
    ]) {
      const r = await closedEarly(args);
      assert.equal(r.stderr, '', args.join(' '));
      assert.equal(r.status, 0, args.join(' '));
    }
  });

  test('validate counts every problem past the 1000 it lists (weakness 9)', () => {
    const r = runCli(['validate', join(dir, 'many-bad.ndjson')]);
    assert.equal(r.status, 1);
    const lines = r.stdout.trim().split('\n');
    assert.equal(lines.length, 1001);
    assert.match(lines.at(-1)!, /many-bad\.ndjson: invalid: 20000 errors, \d+ warnings? \(the first 1000 listed\)$/);
    const summary = runCli(['summary', join(dir, 'many-bad.ndjson')]);
    assert.match(summary.stdout, /^! … and 19990 more problems$/m);
  });

  test('summary, validate and error lines print no raw terminal control characters (bug 4)', () => {
    const evil = '\u001b[2J\u001b]0;owned\u0007\u202e';
    writeFileSync(
      join(dir, 'evil.ndjson'),
      golden().replace('"name":"fetch-pool"', `"name":${JSON.stringify(`fetch${evil}\npool`)}`),
    );
    writeFileSync(join(dir, 'evil-line.ndjson'), `{"e":"mark${evil}\n` + golden());
    writeFileSync(join(dir, 'evil-first.ndjson'), `${evil}\u0000\n`);
    const outputs = [
      runCli(['summary', join(dir, 'evil.ndjson')]),
      runCli(['validate', join(dir, 'evil-line.ndjson')]),
      runCli(['summary', join(dir, 'evil-line.ndjson')]),
      runCli(['summary', join(dir, 'evil-first.ndjson')]),
      runCli(['export', '--chrome', join(dir, 'evil-first.ndjson')]),
      runCli(['summary', join(dir, `no-such-${evil}.ndjson`)]),
    ];
    for (const r of outputs) {
      assertPrintable(r.stdout + r.stderr);
    }
    assert.match(outputs[0]!.stdout, /#1 fetch\\x1b\[2J\\x1b\]0;owned\\x07\\u202e\\x0apool/);
    assert.match(outputs[1]!.stdout, /not valid JSON.*\{"e":"mark\\x1b\[2J/);
    assert.match(errorLine(outputs[3]!), /\\x1b\]0;owned\\x07\\u202e\\x00$/);
  });

  test('a header with wallMs 1e300 is invalid, and summary and export still work (bug 5)', () => {
    const wall = join(dir, 'wall.ndjson');
    writeFileSync(wall, golden().replace(/"wallMs":\d+/, '"wallMs":1e300'));
    const v = runCli(['validate', wall]);
    assert.equal(v.status, 1);
    assert.match(v.stdout, /header\.wallMs: expected finite number ≥ 0 and ≤ 8640000000000000, got 1e\+300/);
    const s = runCli(['summary', wall]);
    assert.equal(s.status, 0, s.stderr);
    assert.match(s.stdout, /start time unknown/);
    const e = runCli(['export', '--chrome', wall, '-o', '-']);
    assert.equal(e.status, 0, e.stderr);
    assert.ok((JSON.parse(e.stdout) as { traceEvents: unknown[] }).traceEvents.length > 10);
  });

  test('summary - and export - read the recording from stdin (nit 23)', () => {
    const s = runWithStdin(['summary', '-'], golden());
    assert.equal(s.status, 0, s.stderr);
    assert.match(s.stdout, /#1 fetch-pool/);
    const e = runWithStdin(['export', '--chrome', '-'], golden());
    assert.equal(e.status, 0, e.stderr);
    assert.deepEqual(JSON.parse(e.stdout), JSON.parse(runCli(['export', '--chrome', GOLDEN, '-o', '-']).stdout));
    const v = runWithStdin(['validate', '-'], '');
    assert.equal(v.status, 1);
    assert.match(v.stdout, /^-: error: the recording is empty/m);
  });

  test('export to a FIFO writes through it, and a failed export keeps the old file', async () => {
    const fifo = join(dir, 'export-fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const reader = spawn('cat', [fifo], { stdio: ['ignore', 'pipe', 'inherit'] });
    let read = '';
    reader.stdout.setEncoding('utf8').on('data', (chunk: string) => (read += chunk));
    const closed = new Promise((resolve) => reader.on('close', resolve));
    const viaFifo = runCli(['export', '--chrome', join(dir, 'rec.ndjson'), '-o', fifo]);
    assert.equal(viaFifo.status, 0, viaFifo.stderr);
    await closed;
    assert.ok((JSON.parse(read) as { traceEvents: unknown[] }).traceEvents.length > 10);
    assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO, not replaced by a file');
    const out = join(dir, 'kept.json');
    writeFileSync(out, 'the old export\n');
    writeFileSync(join(dir, 'empty.ndjson'), '');
    const failed = runCli(['export', '--chrome', join(dir, 'empty.ndjson'), '-o', out]);
    assert.equal(failed.status, 1);
    assert.match(errorLine(failed), /the recording is empty/);
    assert.equal(readFileSync(out, 'utf8'), 'the old export\n');
    assert.equal(readdirSync(dir).filter((name) => name.endsWith('.tmp')).length, 0);
  });

  test('loadRecording reads in chunks: a recording read 7 bytes at a time gives the same summary (bug 2)', () => {
    const whole = loadRecording(GOLDEN);
    const chunked = loadRecording(GOLDEN, 7);
    assert.deepEqual(computeStats(chunked.model), computeStats(whole.model));
    assert.deepEqual(chunked.issues, whole.issues);
  });
});

describe('poolscope record, robustness', () => {
  before(() => {
    ensureBuilt();
    writeFileSync(join(dir, 'quick.mjs'), 'console.log("hi");\n');
  });

  test('concurrent record runs with the default name write one recording each (bug 6)', async () => {
    const folder = join(dir, 'race');
    spawnSync('mkdir', [folder]);
    writeFileSync(join(folder, 'a.mjs'), 'process.exitCode = 7;\n');
    const runs = Array.from(
      { length: 4 },
      () =>
        new Promise<number | null>((resolve) => {
          const cli = spawn(process.execPath, [CLI, 'record', 'a.mjs'], {
            cwd: folder,
            env: cliEnv(),
            stdio: 'ignore',
          });
          cli.on('close', resolve);
        }),
    );
    assert.deepEqual(await Promise.all(runs), [7, 7, 7, 7]);
    const recordings = readdirSync(folder).filter((name) => name.endsWith('.ndjson'));
    assert.equal(recordings.length, 4, recordings.join(' '));
    for (const name of recordings) {
      const v = runCli(['validate', join(folder, name)]);
      assert.equal(v.status, 0, v.stdout);
      assert.equal(readFileSync(join(folder, name), 'utf8').match(/"e":"header"/g)!.length, 1);
    }
    assert.equal(readdirSync(folder).filter((name) => name.endsWith('.tmp')).length, 0);
  });

  test('a script whose name starts with - is run as the script (nit 18)', () => {
    writeFileSync(join(dir, '-weird.mjs'), 'process.exitCode = 5;\n');
    const r = runCli(['record', '-o', 'weird.ndjson', '--', '-weird.mjs'], { cwd: dir });
    assert.equal(r.status, 5, r.stderr);
    const header = JSON.parse(readFileSync(join(dir, 'weird.ndjson'), 'utf8').split('\n')[0]!) as { program: string };
    assert.equal(header.program, '-weird.mjs');
  });

  test('record -o /dev/null-like paths are refused in one line before anything runs (bug 1)', () => {
    const fifo = join(dir, 'out-fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    const r = runCli(['record', '-o', fifo, 'quick.mjs'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(errorLine(r), /out-fifo: is a FIFO, not a regular file/);
    assert.equal(r.stdout, '', 'the program did not run');
    const self = runCli(['record', '-o', 'quick.mjs', 'quick.mjs'], { cwd: dir });
    assert.equal(self.status, 1);
    assert.match(errorLine(self), /quick\.mjs: is an input of the program/);
    assert.equal(readFileSync(join(dir, 'quick.mjs'), 'utf8'), 'console.log("hi");\n');
    assert.equal(existsSync(join(dir, 'ran')), false);
  });
});
