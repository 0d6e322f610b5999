import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Record_ } from '../../../src/trace/schema.ts';
import { toLines } from '../../../src/trace/writer.ts';
import { ensureBuilt, EXAMPLES, tempDir } from '../runner/helpers.ts';
import { errorLine, runCli } from './helpers.ts';

const { dir, remove } = tempDir();
const MAIN = '100:0';
const WORKER = '100:1';

/** A small recording written by hand: two executors, futures that succeed, fail and are cancelled. */
function syntheticRecording(): Record_[] {
  const t = 1_000_000;
  const records: Record_[] = [
    {
      e: 'header',
      v: 1,
      ts: t,
      wallMs: 1_700_000_000_000,
      clock: 'CLOCK_MONOTONIC',
      unit: 'us',
      runtime: 'node',
      runtimeVersion: '20.20.2',
      program: 'synthetic.ts',
      args: [],
      cwd: '/tmp',
      pid: 100,
      writer: 'test/1',
    },
    { e: 'lane', ts: t, lane: MAIN, pid: 100, tid: 0, name: 'main', kind: 'main' },
    { e: 'executor', ts: t + 10, xid: 1, kind: 'node-event-loop', maxWorkers: 2, name: 'downloads', lane: MAIN },
    { e: 'executor', ts: t + 20, xid: 2, kind: 'node-worker', maxWorkers: 1, name: 'crunch', lane: MAIN },
  ];
  const run = (fid: number, xid: number, lane: string, submit: number, start: number, end: number, ok: boolean) => {
    records.push({ e: 'submit', ts: t + submit, fid, xid, fn: 'job', args: `(${fid})`, lane: MAIN });
    records.push({ e: 'start', ts: t + start, fid, lane });
    records.push({ e: 'end', ts: t + end, fid, lane, ok });
    records.push(
      ok
        ? { e: 'done', ts: t + end, fid, lane, outcome: 'result', value: String(fid) }
        : { e: 'done', ts: t + end, fid, lane, outcome: 'exception', error: { type: 'Error', message: 'boom' } },
    );
  };
  run(1, 1, MAIN, 100, 100, 5_100, true);
  run(2, 1, MAIN, 100, 100, 3_100, true);
  run(3, 1, MAIN, 100, 3_100, 9_100, false);
  records.push({ e: 'submit', ts: t + 100, fid: 4, xid: 1, fn: 'job', args: '(4)', lane: MAIN });
  records.push({ e: 'cancel', ts: t + 200, fid: 4, ok: true, lane: MAIN });
  records.push({ e: 'done', ts: t + 200, fid: 4, lane: MAIN, outcome: 'cancelled' });
  records.push({ e: 'lane', ts: t + 150, lane: WORKER, pid: 100, tid: 1, name: 'worker 1', kind: 'worker-thread' });
  run(5, 2, WORKER, 150, 200, 20_200, true);
  run(6, 2, WORKER, 150, 20_200, 30_200, true);
  records.push({ e: 'exit', ts: t + 40_000, pid: 100, code: 0 });
  return records;
}

describe('poolscope summary, export and validate', () => {
  const file = join(dir, 'synthetic.ndjson');
  before(() => {
    ensureBuilt();
    writeFileSync(file, toLines(syntheticRecording()));
  });
  after(remove);

  test('summary prints one row per executor with its counts and times', () => {
    const r = runCli(['summary', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stderr, '');
    assert.match(r.stdout, /synthetic\.ts/);
    assert.match(r.stdout, /#1 downloads\s+node-event-loop\s+2\s+4\s+2\s+1\s+1\s/);
    assert.match(r.stdout, /#2 crunch\s+node-worker\s+1\s+2\s+2\s+0\s+0\s/);
    assert.match(r.stdout, /queue wait p50 \/ p95 \/ max/);
    assert.match(r.stdout, /#2 crunch\s+50 µs \/ 20\.1 ms \/ 20\.1 ms\s+10\.0 ms \/ 20\.0 ms \/ 20\.0 ms/);
  });

  test('summary of a truncated recording works and warns', () => {
    const text = readFileSync(file, 'utf8');
    const truncated = join(dir, 'truncated.ndjson');
    writeFileSync(truncated, text.slice(0, text.length - 20));
    const r = runCli(['summary', truncated]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /#1 downloads/);
    assert.equal(r.stdout.split('\n').filter((l) => /warning: .*(mid-record|truncated|partial)/i.test(l)).length, 1);
  });

  test('export --chrome writes Chrome trace JSON next to the recording, or to -o', () => {
    const r = runCli(['export', '--chrome', file]);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, '');
    const out = join(dir, 'synthetic.chrome.json');
    assert.match(r.stderr, /^poolscope: wrote \d+ trace events to .*synthetic\.chrome\.json/);
    const trace = JSON.parse(readFileSync(out, 'utf8')) as { traceEvents: { name: string }[] };
    assert.ok(trace.traceEvents.length > 6);

    const other = join(dir, 'other.json');
    assert.equal(runCli(['export', file, '--chrome', '-o', other]).status, 0);
    assert.deepEqual(JSON.parse(readFileSync(other, 'utf8')), trace);

    const piped = runCli(['export', '--chrome', '-o', '-', file]);
    assert.equal(piped.status, 0);
    assert.deepEqual(JSON.parse(piped.stdout), trace);
  });

  test('validate accepts a good recording and lists the problems of a bad one', () => {
    const good = runCli(['validate', file]);
    assert.equal(good.status, 0, good.stdout);
    assert.equal(good.stdout, `${file}: valid\n`);
    const bad = join(dir, 'bad.ndjson');
    writeFileSync(bad, readFileSync(file, 'utf8').replace('"fid":5,"lane"', '"fid":"five","lane"'));
    const r = runCli(['validate', bad]);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /bad\.ndjson: error: line \d+ \(byte \d+\): start\.fid: /);
    assert.match(r.stdout, /bad\.ndjson: invalid: \d+ errors?, \d+ warnings?\n$/);
  });

  test('a recorded example summarizes its executors', () => {
    const out = join(dir, 'baristas.ndjson');
    const rec = runCli(['record', '-o', out, join(EXAMPLES, 'as-completed-vs-map.mjs')]);
    assert.equal(rec.status, 0, rec.stderr);
    const r = runCli(['summary', out]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /#\d+ baristas\s+node-event-loop\s+3\s+6\s+6\s+0\s+0\s/);
    assert.match(r.stdout, /exit code 0/);
    assert.equal(runCli(['validate', out]).status, 0);
  });

  test('a malformed, empty, missing or unreadable recording is one error line and exit 1', () => {
    const cases: [string, string, RegExp][] = [
      [
        'notes.txt',
        'these are\nnot events\n',
        /^poolscope: .*notes\.txt: not a Poolscope recording: line 1 \(byte 0\): /,
      ],
      ['chrome.json', '{"traceEvents":[]}\n', /^poolscope: .*chrome\.json: not a Poolscope recording: .*"e"/],
      ['empty.ndjson', '', /^poolscope: .*empty\.ndjson: the recording is empty$/],
      [
        'future.ndjson',
        '{"e":"header","v":99}\n',
        /^poolscope: .*future\.ndjson: line 1 .*version 99 is not supported/,
      ],
    ];
    for (const [name, text, pattern] of cases) {
      writeFileSync(join(dir, name), text);
      for (const command of [['summary'], ['export', '--chrome']]) {
        const r = runCli([...command, join(dir, name)]);
        assert.equal(r.status, 1, `${command[0]} ${name}`);
        assert.match(errorLine(r), pattern);
        assert.equal(r.stdout, '');
      }
    }
    assert.equal(existsSync(join(dir, 'notes.chrome.json')), false);
    for (const command of [['summary'], ['export', '--chrome'], ['validate']]) {
      const missing = runCli([...command, join(dir, 'nope.ndjson')]);
      assert.equal(missing.status, 1);
      assert.match(errorLine(missing), /nope\.ndjson: cannot read the recording \(no such file or directory\)$/);
      const folder = runCli([...command, dir]);
      assert.equal(folder.status, 1);
      assert.match(errorLine(folder), /cannot read the recording \(is a directory\)$/);
    }
  });
});
