// The events every task produces with text in them (submit, done, a `result` block) go into the
// ring as binary frames; the drainer must turn them into the same lines a line writer would.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { drainRing } from '../../../src/executor/recording/ring-drain.ts';
import { createRing, viewRing } from '../../../src/executor/recording/ring-layout.ts';
import { RingRecorder, type RecorderHost } from '../../../src/executor/recording/ring-recorder.ts';
import { validateRecording } from '../../../src/trace/validate.ts';
import { headerLine } from '../../../src/executor/recording/header.ts';
import { tempPath } from './helpers.ts';

const host: RecorderHost = {
  ctl: undefined,
  reattach() {},
  drainNow() {},
  flushAll() {},
  fail(error) {
    throw error;
  },
  stopQuietly() {},
  laneEnded() {},
};

function drained(record: (rec: RingRecorder) => void, ringBytes = 1 << 16): Record<string, unknown>[] {
  const path = tempPath('text-frames.ndjson');
  const sab = createRing(ringBytes, '9:1');
  record(new RingRecorder(sab, host));
  const fd = openSync(path, 'a');
  try {
    drainRing(viewRing(sab), fd);
  } finally {
    closeSync(fd);
  }
  const text = readFileSync(path, 'utf8');
  // Each line against the format; what these lines leave out (their executor, their lane) is not checked.
  const check = validateRecording(headerLine(9, { program: 'p', args: [] }) + text);
  assert.deepEqual(
    check.issues.filter((issue) => issue.code !== 'crossRecord' && issue.code !== 'laneUndescribed'),
    [],
  );
  for (const line of text.trimEnd().split('\n')) assert.match(line, /^[\x20-\x7e]+$/, 'printable ASCII');
  return text
    .trimEnd()
    .split('\n')
    .map((line) => JSON.parse(line) as Record<string, unknown>)
    .map(({ ts, ...rest }) => {
      assert.equal(typeof ts, 'number');
      return rest;
    });
}

test('submit frames carry name, arguments, site and map position, any text included', () => {
  const wide = 'é, ü, 日本, \ud83d\ude00, lone \ud800, "quoted" \\ and\nnewline \u2028';
  const site = { file: '/src/a "b".ts', line: 3, col: 9, fn: 'main' };
  const events = drained((rec) => {
    rec.submit(1, 2, 'plain', '1, 2', undefined);
    rec.submit(2, 2, wide, wide, site);
    rec.submit(3, 2, 'mapped', 'x'.repeat(200), site, 7, 0);
    rec.submit(4, 2, '', '', undefined, 7, 1);
  });
  assert.deepEqual(events, [
    { e: 'submit', fid: 1, xid: 2, fn: 'plain', args: '1, 2', lane: '9:1' },
    { e: 'submit', fid: 2, xid: 2, fn: wide, args: wide, site, lane: '9:1' },
    { e: 'submit', fid: 3, xid: 2, fn: 'mapped', args: 'x'.repeat(200), site, map: 7, idx: 0, lane: '9:1' },
    { e: 'submit', fid: 4, xid: 2, fn: '', args: '', map: 7, idx: 1, lane: '9:1' },
  ]);
});

test('done with a value, done cancelled and the one-future result block come out as lines', () => {
  const events = drained((rec) => {
    const bid = rec.blockBegin('result', [5], undefined, undefined);
    rec.done(5, 'result', '"ok" – done');
    rec.blockEnd(bid, false);
    rec.done(6, 'cancelled');
    rec.done(7, 'result', '');
  });
  const bid = events[0]!.bid;
  assert.equal(typeof bid, 'number');
  assert.deepEqual(events, [
    { e: 'block-begin', bid, op: 'result', fids: [5], lane: '9:1' },
    { e: 'done', fid: 5, outcome: 'result', value: '"ok" – done', lane: '9:1' },
    { e: 'block-end', bid, lane: '9:1', timedOut: false },
    { e: 'done', fid: 6, outcome: 'cancelled', lane: '9:1' },
    { e: 'done', fid: 7, outcome: 'result', value: '', lane: '9:1' },
  ]);
});

test('a line longer than the drainer’s buffer is written whole', () => {
  const name = 'n'.repeat(300_000);
  const events = drained((rec) => rec.submit(1, 1, name, '', undefined), 1 << 21);
  assert.equal(events.length, 1);
  assert.equal(events[0]!.fn, name);
});
