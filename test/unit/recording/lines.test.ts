import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import { headerLine } from '../../../src/executor/recording/header.ts';
import { drainRing } from '../../../src/executor/recording/ring-drain.ts';
import { createRing, viewRing } from '../../../src/executor/recording/ring-layout.ts';
import { RingRecorder, type RecorderHost } from '../../../src/executor/recording/ring-recorder.ts';
import { validateRecording } from '../../../src/trace/validate.ts';
import type { ErrorInfo } from '../../../src/trace/schema.ts';
import { tempPath } from './helpers.ts';

const HOSTILE =
  'a "quote", a \\ backslash,\na newline, \u2028 \u2029, lone \ud800 \udfff, <img src=x onerror=alert(1)>';

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

/** Every event type the Recorder writes, with hostile strings wherever the user's text goes. */
function recordEverything(main: RingRecorder, worker: RingRecorder): void {
  const site = { file: `/src/${HOSTILE}.ts`, line: 12, col: 3, fn: HOSTILE };
  const error: ErrorInfo = {
    type: `Bad${HOSTILE}`,
    message: HOSTILE,
    frames: [site, { file: '/x.js', line: 1 }],
    stack: `Error: ${HOSTILE}\n    at f (/x.js:1:1)`,
  };
  main.laneEvent(1, 0, HOSTILE, 'main');
  worker.laneEvent(1, 7, 'worker 7', 'worker-thread');
  main.executor(1, 'node-worker', 4, HOSTILE, site);
  main.executor(2, 'node-event-loop', 1, 'plain', undefined);
  main.workerSpawn(1, worker.lane);
  main.submit(1, 1, HOSTILE, HOSTILE, site);
  main.submit(2, 1, 'fn', '', undefined, 1, 0);
  main.submit(3, 2, 'fn', '1, 2', undefined, 1, 1);
  worker.start(1);
  worker.end(1, true);
  main.done(1, 'result', HOSTILE);
  worker.start(2);
  worker.end(2, false);
  main.done(2, 'exception', undefined, error);
  main.cancel(3, true);
  main.done(3, 'cancelled');
  main.callbackBegin(1, 0, HOSTILE);
  main.callbackEnd(1, 0, false);
  main.callbackBegin(2, 0, 'cb');
  main.callbackEnd(2, 0, true, error);
  const bid = main.blockBegin('wait', [1, 2, 3], 0.5, site);
  main.blockEnd(bid, true);
  main.timeout('wait', 0.5, [3], bid, site);
  const bid2 = main.blockBegin('result', [1], undefined, undefined);
  main.blockEnd(bid2, false);
  main.timeout('as_completed', 10, [2], undefined, undefined);
  main.shutdownBegin(1, true, false);
  main.workerCrash(1, worker.lane, [2], error);
  main.workerExit(1, worker.lane, null);
  main.broken(1, HOSTILE);
  main.shutdownEnd(1);
  main.mark(HOSTILE, HOSTILE);
  main.mark('no data');
  main.exit(1, 3);
}

test('every event validates against the trace format, hostile strings included', () => {
  const path = tempPath('lines.ndjson');
  const fd = openSync(path, 'a');
  writeSync(fd, headerLine(1, { program: HOSTILE, args: [HOSTILE] }));
  const mainRing = createRing(1 << 16, '1:0');
  const workerRing = createRing(1 << 16, '1:7');
  recordEverything(new RingRecorder(mainRing, host), new RingRecorder(workerRing, host));
  drainRing(viewRing(workerRing), fd);
  drainRing(viewRing(mainRing), fd);
  closeSync(fd);

  const text = readFileSync(path, 'utf8');
  const result = validateRecording(text);
  assert.deepEqual(result.issues, []);
  assert.ok(result.ok);
  const lines = text.trimEnd().split('\n');
  const records = lines.map((line) => JSON.parse(line) as Record<string, unknown>);
  assert.equal(records.length, 35, 'one line per event: no string broke a line');
  for (const line of lines.slice(1)) assert.match(line, /^[\x20-\x7e]+$/, 'event lines are printable ASCII');
  const submit = records.find((r) => r.e === 'submit' && r.fid === 1)!;
  assert.equal(submit.fn, HOSTILE);
  assert.equal(submit.args, HOSTILE);
  assert.deepEqual(submit.site, { file: `/src/${HOSTILE}.ts`, line: 12, col: 3, fn: HOSTILE });
  const failed = records.find((r) => r.e === 'done' && r.fid === 2)!;
  assert.equal((failed.error as ErrorInfo).message, HOSTILE);
  assert.equal(records.find((r) => r.e === 'mark' && r.data)!.name, HOSTILE);
  assert.deepEqual(
    records.filter((r) => r.e === 'start').map((r) => r.lane),
    ['1:7', '1:7'],
    'start and end carry the lane of the thread that ran the work',
  );
});

test('block ids come from the recording-wide counter, one per blockBegin', () => {
  const recorder = new RingRecorder(createRing(1 << 12, '1:0'), host);
  const first = recorder.blockBegin('result', [1], undefined, undefined);
  const second = recorder.blockBegin('result', [1], undefined, undefined);
  assert.ok(first >= 1);
  assert.equal(second, first + 1);
});
