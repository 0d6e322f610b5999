// `poolscope record` on the thread-pool examples about submitting and collecting results: what the
// recording says must be what each lesson shows (counts, lanes, overlap, blocking, order).
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
  lineOf,
  programLines,
  recordAll,
  testRunAndRecording,
  type FutureRow,
  type RecordedRun,
} from './recorded.ts';

const get = recordAll(GROUPS['thread-pools']);

/** The most futures running at once: a sweep over their start and end times. */
function maxRunningAtOnce(rows: FutureRow[]): number {
  const points = rows.flatMap((r) => [
    [r.startTs, 1],
    [r.endTs, -1],
  ]);
  // At equal times an end comes first: a worker that ends one task and starts the next is not two.
  points.sort((a, b) => a[0]! - b[0]! || a[1]! - b[1]!);
  let running = 0;
  let most = 0;
  for (const [, step] of points) most = Math.max(most, (running += step!));
  return most;
}

/** `block-end` after the future was done: the caller was released by it. */
function assertEndedAfter(blockEndTs: number, row: FutureRow, what: string): void {
  assert.ok(blockEndTs >= row.doneTs, `${what}: the wait ended before ${row.args} was done`);
}

describe('io_threads_vs_sequential.py recorded', () => {
  const file = 'io_threads_vs_sequential.py';
  testRunAndRecording(file, get(file));

  test('map() on a ThreadPoolExecutor(max_workers=3) submits the six pages as items 0-5 of one map', () => {
    const { model, events } = get(file)();
    assert.equal(model.executors.length, 1, 'the sequential loop creates no executor');
    const pool = executorNamed(model, 'downloader');
    assert.deepEqual([pool.kind, pool.maxWorkers], ['python-thread', 3]);
    assert.deepEqual([pool.site?.file, pool.site?.line], [examplePath(file), lineOf(file, 'with ThreadPoolExecutor(')]);
    const rows = futuresOf(model, pool.xid);
    assert.deepEqual(
      rows.map((r) => [r.fn, firstArg(r), r.idx, r.site?.line]),
      ['home', 'about', 'blog', 'docs', 'faq', 'shop'].map((page, i) => [
        'download',
        page,
        i,
        lineOf(file, 'pool.map(download'),
      ]),
    );
    assert.equal(new Set(rows.map((r) => r.map)).size, 1, 'one map id');
    assert.ok(rows[0]!.map !== undefined);
    assert.equal(events.filter((e) => e.e === 'submit').length, 6, 'the plain loop submits nothing');
  });

  test('the downloads run on 3 distinct worker lanes downloader_0-2 of the main process', () => {
    const { model, header } = get(file)();
    const rows = futuresNamed(model, 'downloader');
    const runLanes = [...new Set(rows.map((r) => r.runLane))].sort();
    const workers = model.lanes.filter((l) => l.kind === 'thread');
    assert.deepEqual(workers.map((l) => l.name).sort(), ['downloader_0', 'downloader_1', 'downloader_2']);
    assert.deepEqual(runLanes, workers.map((l) => l.id).sort());
    assert.ok(workers.every((l) => l.pid === header.pid));
    const main = model.lanes.find((l) => l.kind === 'main')!;
    assert.deepEqual([main.name, main.pid], ['MainThread', header.pid]);
    assert.ok(rows.every((r) => r.submitLane === main.id));
  });

  test('three downloads run at once and never more: their run phases overlap', () => {
    const { model } = get(file)();
    const rows = futuresNamed(model, 'downloader');
    assert.ok(rows.every((r) => r.endTs > r.startTs));
    assert.equal(maxRunningAtOnce(rows), 3);
    const firstThree = rows.slice(0, 3);
    assert.ok(
      Math.max(...firstThree.map((r) => r.startTs)) < Math.min(...firstThree.map((r) => r.endTs)),
      'home, about and blog all run at the same moment',
    );
  });

  test('the caller blocks in the map iterator in submission order and gets the printed results', () => {
    const run = get(file)();
    const { model } = run;
    const rows = futuresNamed(model, 'downloader');
    const blocks = model.blocks.filter((b) => b.op === 'map');
    assert.ok(blocks.length >= 1, 'the first result at least is waited for');
    assert.equal(blocks.length, model.blocks.length, 'no other kind of wait');
    const waitedIdx = blocks.map((b) => rows.find((r) => r.index === b.futures[0])!.idx!);
    assert.equal(waitedIdx[0], 0, 'the iterator first waits for "home"');
    assert.deepEqual(waitedIdx, [...waitedIdx].sort(), 'in submission order');
    for (const block of blocks) {
      assert.equal(block.timedOut, false);
      assert.equal(block.site?.line, lineOf(file, 'pool.map(download'));
      assertEndedAfter(
        block.endTs,
        rows.find((r) => r.index === block.futures[0])!,
        'map',
      );
    }
    const printed = programLines(run);
    const threaded = printed.slice(printed.indexOf('thread pool (3 workers):') + 1, -1);
    assert.deepEqual(
      rows.map((r) => [r.outcome, r.value]),
      threaded.map((line) => ['result', `'${line.trim()}'`]),
    );
  });
});

describe('submit_and_result.py recorded', () => {
  const file = 'submit_and_result.py';
  testRunAndRecording(file, get(file));

  test('submit() records three futures at once, keyword arguments in the preview, all three start together', () => {
    const { model } = get(file)();
    const pool = executorNamed(model, 'barista');
    const rows = futuresOf(model, pool.xid);
    assert.deepEqual(
      rows.map((r) => [r.fn, r.args]),
      [
        ['prepare', "'espresso', 0.6"],
        ['prepare', "'tea', 0.2, size='large'"],
        ['prepare', "'latte', 0.4, size='small'"],
      ],
    );
    assert.ok(
      rows.every((r) => r.map === undefined && r.idx === undefined),
      'plain submits, no map',
    );
    assert.deepEqual(new Set(rows.map((r) => r.runLane)).size, 3, 'three workers');
    assert.ok(Math.max(...rows.map((r) => r.startTs)) < Math.min(...rows.map((r) => r.doneTs)), 'all run together');
  });

  test('only the first result() blocks: on espresso, until it is done; tea and latte were done before', () => {
    const { model } = get(file)();
    const [espresso, tea, latte] = futuresNamed(model, 'barista');
    assert.equal(model.blocks.length, 1, 'result() of a done future does not block');
    const [block] = model.blocks;
    assert.deepEqual([block!.op, block!.futures, block!.timeoutMs], ['result', [espresso!.index], undefined]);
    assert.equal(block!.site?.line, lineOf(file, 'print("result() of %s'));
    assert.equal(laneId(model, block!.lane), espresso!.submitLane);
    assertEndedAfter(block!.endTs, espresso!, 'result()');
    assert.ok(tea!.doneTs < latte!.doneTs && latte!.doneTs < espresso!.doneTs, 'done in order tea, latte, espresso');
    assert.deepEqual(
      [espresso, tea, latte].map((r) => r!.value),
      ["'regular espresso ready'", "'large tea ready'", "'small latte ready'"],
    );
  });
});

describe('as_completed_vs_map.py recorded', () => {
  const file = 'as_completed_vs_map.py';
  testRunAndRecording(file, get(file));

  /** The map round's futures and the as_completed round's, each espresso, tea, latte. */
  function rounds(run: RecordedRun) {
    const rows = futuresNamed(run.model, 'barista');
    assert.equal(rows.length, 6);
    return { mapped: rows.slice(0, 3), submitted: rows.slice(3) };
  }

  test('round 1 is one map of items 0-2, round 2 three plain submits of the same work', () => {
    const run = get(file)();
    const { mapped, submitted } = rounds(run);
    assert.deepEqual(
      mapped.map((r) => [firstArg(r), r.idx]),
      [
        ['espresso', 0],
        ['tea', 1],
        ['latte', 2],
      ],
    );
    assert.equal(new Set(mapped.map((r) => r.map)).size, 1);
    assert.deepEqual(
      submitted.map((r) => [r.args, r.map]),
      mapped.map((r) => [r.args, undefined]),
    );
  });

  test('map() waits on espresso first, so every result reaches the caller after the longest bar', () => {
    const run = get(file)();
    const { mapped } = rounds(run);
    const blocks = run.model.blocks.filter((b) => b.op === 'map');
    assert.deepEqual(
      blocks.map((b) => b.futures),
      [[mapped[0]!.index]],
      'one wait, for espresso: tea and latte are done by then',
    );
    assertEndedAfter(blocks[0]!.endTs, mapped[0]!, 'map');
    assert.ok(mapped[1]!.doneTs < mapped[0]!.doneTs && mapped[2]!.doneTs < mapped[0]!.doneTs);
  });

  test('as_completed() blocks on the futures not yet done, and their completion order is the printed order', () => {
    const run = get(file)();
    const { submitted } = rounds(run);
    const blocks = run.model.blocks.filter((b) => b.op === 'as_completed');
    assert.ok(blocks.length >= 1 && blocks.length <= 3, `${blocks.length} as_completed waits`);
    const sizes = blocks.map((b) => b.futures.length);
    assert.deepEqual(sizes, [...sizes].sort().reverse(), 'each wait is over fewer futures');
    assert.equal(new Set(sizes).size, sizes.length);
    const ours = new Set(submitted.map((r) => r.index));
    assert.ok(blocks.every((b) => b.futures.every((f) => ours.has(f))));
    assert.deepEqual(blocks.at(-1)!.futures, [submitted[0]!.index], 'the last wait is for espresso alone');
    for (const block of blocks) {
      assert.equal(block.timedOut, false);
      assert.equal(block.site?.line, lineOf(file, 'in as_completed(futures)'));
      const released = Math.min(...block.futures.map((f) => submitted.find((r) => r.index === f)!.doneTs));
      assert.ok(block.endTs >= released, 'each wait ends when one of its futures is done');
    }
    const completion = [...submitted].sort((a, b) => a.doneTs - b.doneTs).map((r) => r.value!.slice(1, -1));
    const printed = programLines(run);
    const yielded = printed.slice(printed.indexOf('as_completed (completion order):') + 1).map((l) => l.trim());
    assert.deepEqual(completion, yielded);
    assert.deepEqual(completion, ['tea', 'latte', 'espresso']);
  });
});

describe('wait_first_completed.py recorded', () => {
  const file = 'wait_first_completed.py';
  testRunAndRecording(file, get(file));

  test("wait(FIRST_COMPLETED) blocks on all three futures and ends when 'ping' is done, before the rest", () => {
    const { model } = get(file)();
    const [backup, ping, report] = futuresNamed(model, 'job');
    assert.deepEqual(
      [backup, ping, report].map((r) => firstArg(r!)),
      ['backup', 'ping', 'report'],
    );
    const waits = model.blocks.filter((b) => b.op === 'wait');
    assert.equal(waits.length, 2);
    assert.equal(model.blocks.length, 2, 'only the two wait() calls block');
    const [first, second] = waits;
    assert.deepEqual([...first!.futures].sort(), [backup, ping, report].map((r) => r!.index).sort());
    assert.equal(first!.site?.line, lineOf(file, 'return_when=FIRST_COMPLETED)'));
    assert.equal(first!.timedOut, false);
    assertEndedAfter(first!.endTs, ping!, 'FIRST_COMPLETED');
    assert.ok(first!.endTs < report!.doneTs && first!.endTs < backup!.doneTs, 'it did not wait for the others');
    assert.equal(second!.site?.line, lineOf(file, 'return_when=ALL_COMPLETED)'));
  });

  test("wait(ALL_COMPLETED) on the rest blocks on 'backup' and 'report' and ends after both are done", () => {
    const { model } = get(file)();
    const [backup, , report] = futuresNamed(model, 'job');
    const second = model.blocks.filter((b) => b.op === 'wait')[1]!;
    assert.deepEqual([...second.futures].sort(), [backup!.index, report!.index].sort());
    assert.equal(second.timedOut, false);
    assertEndedAfter(second.endTs, backup!, 'ALL_COMPLETED');
    assertEndedAfter(second.endTs, report!, 'ALL_COMPLETED');
    assert.equal(model.timeouts.length, 0);
    assert.ok(futuresNamed(model, 'job').every((r) => r.runLane !== r.submitLane));
    assert.equal(new Set([backup!.runLane, report!.runLane]).size, 2, 'on their own worker lanes');
  });
});
