import { test } from 'node:test';
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { existsSync, readFileSync } from 'node:fs';
import { checkRecordingAgainstSchema } from '../../../src/trace/conformance.ts';
import { cleanEnv, completeLines, runFixture, startFixture, tempPath } from './helpers.ts';

const FAILURE_LINE = /^poolscope: recording stopped: .+; the program runs on untraced$/;

test('a SIGKILLed program leaves a readable recording: every complete line parses', async () => {
  const path = tempPath('killed.ndjson');
  const child = startFixture('child-recorder.ts', cleanEnv(), ['continuous', path]);
  let out = '';
  child.stdout!.on('data', (chunk) => (out += String(chunk)));
  const deadline = Date.now() + 20_000;
  while (!out.includes('ready') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
  assert.ok(out.includes('ready'), 'the program started recording');
  // Keep it recording a while longer, then kill it mid-stream.
  await new Promise((r) => setTimeout(r, 100));
  child.kill('SIGKILL');
  const [, signal] = await once(child, 'exit');
  assert.equal(signal, 'SIGKILL');

  const lines = completeLines(path);
  assert.equal(lines[0]!.e, 'header');
  const starts = lines.filter((l) => l.e === 'start').length;
  assert.ok(starts >= 500, `the lines that were in the file before the kill are still there (found ${starts} starts)`);
  const text = readFileSync(path, 'utf8');
  const tail = text.slice(text.lastIndexOf('\n') + 1);
  assert.ok(tail === '' || !tail.includes('\n'), 'at most one partial line, at the end');
});

test('a normal exit puts every event in the file, then the exit event', () => {
  const path = tempPath('exit.ndjson');
  const result = runFixture('child-recorder.ts', cleanEnv(), ['exit', path]);
  assert.equal(result.status, 5, result.stderr);
  assert.equal(result.stderr, '');
  const report = checkRecordingAgainstSchema(readFileSync(path));
  assert.deepEqual(report.problems, []);
  const lines = completeLines(path);
  const marks = lines.filter((l) => l.e === 'mark').map((l) => Number(l.data));
  assert.deepEqual(
    marks,
    Array.from({ length: 3000 }, (_, i) => i + 1),
  );
  assert.deepEqual(
    lines.filter((l) => l.e === 'exit').map((l) => [l.pid, l.code]),
    [[result.pid, 5]],
  );
  assert.equal(lines[0]!.pid, result.pid, 'the program is the root of its recording');
  assert.equal(lines.at(-1)!.e, 'exit');
});

test('POOLSCOPE_TRACE turns recording on in the main thread and in worker threads, under one header', () => {
  const path = tempPath('env.ndjson');
  const result = runFixture('child-recorder.ts', cleanEnv({ POOLSCOPE_TRACE: path }), ['env']);
  assert.equal(result.status, 3, result.stderr);
  assert.match(result.stdout, /main recording: true; worker recording: true/);
  const lines = completeLines(path);
  assert.equal(lines.filter((l) => l.e === 'header').length, 1);
  assert.deepEqual(
    lines
      .filter((l) => l.e === 'lane')
      .map((l) => l.kind)
      .sort(),
    ['main', 'worker-thread'],
  );
  assert.deepEqual(checkRecordingAgainstSchema(readFileSync(path)).problems, []);
});

test('an unwritable recording path: one line on stderr, output and exit code unchanged', () => {
  const untraced = runFixture('child-recorder.ts', cleanEnv(), ['env']);
  const path = '/nonexistent-poolscope-dir/rec.ndjson';
  const traced = runFixture('child-recorder.ts', cleanEnv({ POOLSCOPE_TRACE: path }), ['env']);
  assert.equal(traced.status, untraced.status);
  assert.equal(traced.status, 3);
  assert.equal(traced.stdout, untraced.stdout);
  assert.match(traced.stdout, /main recording: false; worker recording: false/);
  const stderrLines = traced.stderr.trimEnd().split('\n');
  assert.equal(stderrLines.length, 1, traced.stderr);
  assert.match(stderrLines[0]!, FAILURE_LINE);
  assert.match(stderrLines[0]!, /ENOENT/);
  assert.equal(existsSync(path), false);
});

test('the file system refusing writes mid-run (file size limit): one line on stderr, the program runs on', () => {
  const path = tempPath('full.ndjson');
  // bash's ulimit -f counts 1024-byte blocks: the recording stops growing at 64 KiB.
  const result = runFixture('child-recorder.ts', cleanEnv(), ['fill', path], 64);
  assert.equal(result.status, 0, result.stderr);
  assert.match(result.stdout, /program done; recording on: false/);
  const stderrLines = result.stderr.trimEnd().split('\n');
  assert.equal(stderrLines.length, 1, result.stderr);
  assert.match(stderrLines[0]!, FAILURE_LINE);
  assert.match(stderrLines[0]!, /EFBIG/);
  for (const line of completeLines(path)) assert.equal(typeof line.e, 'string');
});
