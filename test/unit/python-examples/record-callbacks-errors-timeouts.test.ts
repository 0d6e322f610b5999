// `poolscope record` on the examples about what happens around a future's end: done-callbacks
// (which lane runs them), exceptions (outcome, type, frames) and timeouts (the wait gives up, the
// work does not).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROUPS } from './groups.ts';
import {
  examplePath,
  executorNamed,
  firstArg,
  futuresNamed,
  futuresOf,
  laneId,
  laneNamed,
  lineOf,
  ofType,
  programLines,
  recordAll,
  testRunAndRecording,
} from './recorded.ts';

const get = recordAll(GROUPS['callbacks-errors-timeouts']);

/** Within `ms` milliseconds: timeouts are recorded in ms from seconds given as floats. */
function assertMs(actual: number | undefined, ms: number): void {
  assert.ok(actual !== undefined && Math.abs(actual - ms) < 1e-6, `expected ${ms} ms, got ${actual}`);
}

describe('done_callbacks.py recorded', () => {
  const file = 'done_callbacks.py';
  testRunAndRecording(file, get(file));

  test('a callback added while pending runs on the worker lane that finished the future, right after done', () => {
    const { model } = get(file)();
    const rows = futuresNamed(model, 'resizer', ['cat.png', 'corrupt.png', 'dog.png']);
    for (const row of rows) {
      const [first] = model.callbacksOf(row.index);
      assert.ok(first, `${row.args}: no callback recorded`);
      assert.deepEqual([first.cb, first.fn, first.raised], [0, 'report', false]);
      assert.equal(laneId(model, first.lane), row.runLane, `${row.args}: the callback ran on its worker lane`);
      assert.equal(model.lanes[first.lane]!.kind, 'thread');
      assert.ok(first.beginTs >= row.doneTs && first.endTs >= first.beginTs, 'after the future was done');
    }
  });

  test('the worker callbacks fire in completion order, which is the order they print in', () => {
    const run = get(file)();
    const { model } = run;
    const rows = futuresNamed(model, 'resizer');
    const onWorkers = model.callbacks.filter((c) => c.cb === 0).sort((a, b) => a.beginTs - b.beginTs);
    const order = onWorkers.map((c) => firstArg(rows.find((r) => r.index === c.future)!));
    assert.deepEqual(order, ['corrupt.png', 'dog.png', 'cat.png']);
    assert.deepEqual(
      order,
      [...rows].sort((a, b) => a.doneTs - b.doneTs).map((r) => firstArg(r)),
    );
    const printed = programLines(run).filter((line) => line.startsWith('callback (in a worker thread)'));
    assert.deepEqual(
      printed.map((line) => /(cat|corrupt|dog)\.png/.exec(line)![0]),
      order,
    );
  });

  test('the callback added after done runs at once on the main lane, after the pool was shut down', () => {
    const { model } = get(file)();
    const pool = executorNamed(model, 'resizer');
    const [cat] = futuresOf(model, pool.xid);
    const late = model.callbacksOf(cat!.index).filter((c) => c.cb === 1);
    assert.equal(late.length, 1);
    assert.equal(model.callbacks.length, 4, 'three on workers, one late');
    const main = laneNamed(model, 'MainThread');
    assert.deepEqual([late[0]!.fn, laneId(model, late[0]!.lane), late[0]!.raised], ['report', main.id, false]);
    assert.ok(late[0]!.beginTs > pool.shutdown!.endTs);
  });

  test('the corrupt image fails with ValueError raised in resize(), and still gets its callback', () => {
    const { model } = get(file)();
    const rows = futuresNamed(model, 'resizer');
    assert.deepEqual(
      rows.map((r) => [r.outcome, r.endOk]),
      [
        ['result', true],
        ['exception', false],
        ['result', true],
      ],
    );
    const error = rows[1]!.error!;
    assert.deepEqual([error.type, error.message], ['ValueError', 'cannot decode corrupt.png']);
    const raise = lineOf(file, 'raise ValueError(');
    const innermost = error.frames?.at(-1);
    assert.deepEqual([innermost?.file, innermost?.line, innermost?.fn], [examplePath(file), raise, 'resize']);
    assert.equal(model.callbacksOf(rows[1]!.index).length, 1);
  });
});

describe('exception_handling.py recorded', () => {
  const file = 'exception_handling.py';
  testRunAndRecording(file, get(file));

  test("both tasks parsing 'oops' end with a ValueError whose frames lead into parse() of the example", () => {
    const { model } = get(file)();
    const rows = futuresNamed(model, 'parser');
    assert.deepEqual(
      rows.map((r) => [firstArg(r), r.outcome, r.endOk, r.value]),
      [
        ['10', 'result', true, '10'],
        ['oops', 'exception', false, undefined],
        ['30', 'result', true, '30'],
        ['10', 'result', true, '10'],
        ['oops', 'exception', false, undefined],
        ['30', 'result', true, '30'],
      ],
    );
    for (const failed of rows.filter((r) => r.outcome === 'exception')) {
      const error = failed.error!;
      assert.deepEqual([error.type, error.message], ['ValueError', "invalid literal for int() with base 10: 'oops'"]);
      const inParse = error.frames!.filter((f) => f.file === examplePath(file));
      assert.deepEqual(
        inParse.map((f) => [f.fn, f.line]),
        [['parse', lineOf(file, 'return int(text)')]],
      );
      assert.deepEqual(error.frames!.at(-1), inParse[0], 'the innermost frame is parse()');
      assert.match(error.stack!, /^Traceback \(most recent call last\):\n/);
      assert.match(error.stack!, /ValueError: invalid literal for int\(\) with base 10: 'oops'$/);
      assert.ok(!error.stack!.includes('poolscope_tracer'), 'no frame of the tracer in the traceback');
    }
  });

  test('result() blocks while futures run; exception() never blocks, they are all done by then', () => {
    const { model } = get(file)();
    const rows = futuresNamed(model, 'parser');
    const results = model.blocks.filter((b) => b.op === 'result');
    assert.ok(results.length >= 1 && results.length <= 3, `${results.length} result() waits`);
    assert.ok(results.every((b) => b.site?.line === lineOf(file, 'future.result()))')));
    assert.ok(results.every((b) => b.futures.every((f) => rows.slice(0, 3).some((r) => r.index === f))));
    assert.deepEqual(
      model.blocks.filter((b) => b.op === 'exception'),
      [],
    );
  });

  test("map() submits items 0-2 of one map; the '30' task ran to its result although map raised before it", () => {
    const { model } = get(file)();
    const mapped = futuresNamed(model, 'parser').slice(3);
    assert.deepEqual(
      mapped.map((r) => [r.idx, r.site?.line]),
      [0, 1, 2].map((i) => [i, lineOf(file, 'pool.map(parse')]),
    );
    assert.equal(new Set(mapped.map((r) => r.map)).size, 1);
    assert.ok(mapped[0]!.map !== undefined);
    const thirty = mapped[2]!;
    assert.ok(!Number.isNaN(thirty.startTs) && !Number.isNaN(thirty.endTs), 'it ran');
    // The map iterator's clean-up calls cancel() on what it never handed out: too late, it is running or done.
    assert.deepEqual(
      model.cancels.map((c) => [c.future, c.ok]),
      [[thirty.index, false]],
    );
    const blocks = model.blocks.filter((b) => b.op === 'map');
    assert.ok(blocks.length >= 1, 'the iterator waits for the first item');
    assert.deepEqual(blocks[0]!.futures, [mapped[0]!.index]);
  });
});

describe('timeouts.py recorded', () => {
  const file = 'timeouts.py';
  testRunAndRecording(file, get(file));

  test('result(timeout=0.3) times out on report: a timeout event names it pending and ends its block', () => {
    const { model } = get(file)();
    const [report] = futuresNamed(model, 'renderer');
    assert.equal(firstArg(report!), 'report');
    const line = lineOf(file, 'report.result(timeout=');
    const timedOut = model.blocks.filter((b) => b.site?.line === line);
    assert.equal(timedOut.length, 1);
    assert.deepEqual([timedOut[0]!.op, timedOut[0]!.futures, timedOut[0]!.timedOut], ['result', [report!.index], true]);
    assertMs(timedOut[0]!.timeoutMs, 300);
    const timeouts = model.timeouts.filter((t) => t.op === 'result');
    assert.equal(timeouts.length, 1);
    assert.deepEqual(timeouts[0]!.pending, [report!.index]);
    assertMs(timeouts[0]!.timeoutMs, 300);
    assert.equal(model.blocks[timeouts[0]!.block], timedOut[0]);
    assert.equal(timeouts[0]!.site?.line, line);
    assert.ok(timeouts[0]!.ts < report!.doneTs, 'the timeout fired while report was still running');
  });

  test('the timed-out report still ends with its result later, collected by a second wait without timeout', () => {
    const { model } = get(file)();
    const [report] = futuresNamed(model, 'renderer');
    assert.deepEqual([report!.outcome, report!.value, report!.endOk], ['result', "'report rendered'", true]);
    const again = model.blocks.filter(
      (b) => b.site?.line === lineOf(file, 'without a timeout -> %s" % report.result()'),
    );
    assert.equal(again.length, 1);
    assert.deepEqual([again[0]!.op, again[0]!.timeoutMs, again[0]!.timedOut], ['result', undefined, false]);
    assert.ok(again[0]!.endTs >= report!.doneTs);
    const timeout = model.timeouts.find((t) => t.op === 'result')!;
    assert.ok(report!.endTs - report!.startTs >= 700_000, 'the work was not cut short by the timeout');
    assert.ok(report!.doneTs > timeout.ts);
  });

  test('as_completed(timeout=0.3) yields thumbnail, then times out with video pending; video ends later with its result', () => {
    const { model, events } = get(file)();
    const [, video, thumbnail] = futuresNamed(model, 'renderer');
    assert.deepEqual(
      [video, thumbnail].map((r) => firstArg(r!)),
      ['video', 'thumbnail'],
    );
    const blocks = model.blocks.filter((b) => b.op === 'as_completed');
    assert.ok(blocks.length >= 1);
    assert.ok(blocks.every((b) => b.site?.line === lineOf(file, 'in as_completed([video, thumbnail]')));
    blocks.forEach((b) => assertMs(b.timeoutMs, 300));
    assert.deepEqual(blocks.at(-1)!.futures, [video!.index]);
    assert.equal(blocks.at(-1)!.timedOut, true);
    assert.ok(blocks.slice(0, -1).every((b) => b.timedOut === false));
    const timeouts = model.timeouts.filter((t) => t.op === 'as_completed');
    assert.equal(timeouts.length, 1);
    assert.deepEqual(timeouts[0]!.pending, [video!.index]);
    assertMs(timeouts[0]!.timeoutMs, 300);
    assert.equal(model.blocks[timeouts[0]!.block], blocks.at(-1));
    assert.ok(thumbnail!.doneTs < timeouts[0]!.ts && timeouts[0]!.ts < video!.doneTs);
    assert.deepEqual([video!.outcome, video!.value], ['result', "'video rendered'"]);
    assert.equal(ofType(events, 'timeout').length, 2, 'two timeouts in all');
  });
});
