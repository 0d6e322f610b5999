// `poolscope record` on the examples about ending work early and ending pools: cancel() and its
// answer, shutdown(cancel_futures=True), and shutdown with wait=True (a `with` block or by hand)
// versus wait=False.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { GROUPS } from './groups.ts';
import {
  executorNamed,
  firstArg,
  futuresNamed,
  futuresOf,
  laneId,
  laneNamed,
  lineOf,
  recordAll,
  testRunAndRecording,
} from './recorded.ts';

const get = recordAll(GROUPS['cancel-and-shutdown']);

describe('cancel_queued.py recorded', () => {
  const file = 'cancel_queued.py';
  testRunAndRecording(file, get(file));

  test('cancel() answers false for the running wash and true for the queued dry and iron, in call order', () => {
    const { model } = get(file)();
    const rows = futuresNamed(model, 'chores', ['wash', 'dry', 'iron', 'fold']);
    const main = laneNamed(model, 'MainThread').id;
    const ours = model.cancels.filter((c) => rows.some((r) => r.index === c.future));
    assert.deepEqual(
      ours.map((c) => [firstArg(rows.find((r) => r.index === c.future)!), c.ok, laneId(model, c.lane)]),
      [
        ['wash', false, main],
        ['dry', true, main],
        ['iron', true, main],
      ],
    );
    assert.ok(ours[0]!.ts > rows[0]!.startTs, 'wash was already running when cancel() was called');
  });

  test('dry and iron end cancelled without ever starting; wash and fold run one after the other on the one worker', () => {
    const { model } = get(file)();
    const pool = executorNamed(model, 'chores');
    assert.equal(pool.maxWorkers, 1);
    const [wash, dry, iron, fold] = futuresOf(model, pool.xid);
    for (const cancelled of [dry!, iron!]) {
      assert.equal(cancelled.outcome, 'cancelled');
      assert.ok(Number.isNaN(cancelled.startTs) && Number.isNaN(cancelled.endTs), `${cancelled.args} never ran`);
      assert.equal(cancelled.doneLane, laneNamed(model, 'MainThread').id, 'cancelled by the caller');
      assert.equal(model.cancelsOf(cancelled.index)[0]!.ts <= cancelled.doneTs, true);
    }
    assert.deepEqual(
      [wash, fold].map((r) => [r!.outcome, r!.value]),
      [
        ['result', "'wash done'"],
        ['result', "'fold done'"],
      ],
    );
    assert.equal(wash!.runLane, fold!.runLane);
    assert.ok(fold!.startTs >= wash!.endTs, 'fold waited for the only worker');
    assert.equal(model.blocks.length, 0, 'result() of a cancelled future does not block');
  });

  test('shutdown(cancel_futures=True) is recorded with its options and cancels mop, dust and polish inside it', () => {
    const { model } = get(file)();
    const pool = executorNamed(model, 'cleanup');
    assert.deepEqual(
      [pool.shutdown?.wait, pool.shutdown?.cancelFutures, laneId(model, pool.shutdown!.lane)],
      [true, true, laneNamed(model, 'MainThread').id],
    );
    const [sweep, ...queued] = futuresOf(model, pool.xid);
    assert.deepEqual(
      queued.map((r) => firstArg(r)),
      ['mop', 'dust', 'polish'],
    );
    for (const row of queued) {
      const cancels = model.cancelsOf(row.index);
      assert.deepEqual(
        cancels.map((c) => c.ok),
        [true],
        `${row.args}`,
      );
      assert.ok(cancels[0]!.ts >= pool.shutdown!.beginTs && cancels[0]!.ts <= pool.shutdown!.endTs);
      assert.equal(row.outcome, 'cancelled');
      assert.ok(Number.isNaN(row.startTs), `${row.args} never started`);
    }
    assert.deepEqual([sweep!.outcome, sweep!.value], ['result', "'sweep done'"]);
    assert.ok(pool.shutdown!.endTs >= sweep!.doneTs, 'wait=True: shutdown returned after sweep was done');
    assert.equal(executorNamed(model, 'chores').shutdown?.cancelFutures, false, 'the with-block of part 1');
  });
});

describe('context_manager_vs_shutdown.py recorded', () => {
  const file = 'context_manager_vs_shutdown.py';
  testRunAndRecording(file, get(file));

  test('three pools of two workers get three tasks each; the third starts when a worker is free', () => {
    const { model } = get(file)();
    for (const name of ['with', 'manual', 'nowait']) {
      const pool = executorNamed(model, name);
      assert.deepEqual([pool.kind, pool.maxWorkers], ['python-thread', 2]);
      const rows = futuresOf(model, pool.xid);
      assert.deepEqual(
        rows.map((r) => [r.args, r.outcome, r.value]),
        [0, 1, 2].map((n) => [`${n}, 0.2`, 'result', String(n * 10)]),
        `${name}: the refused submit after shutdown is not a future`,
      );
      assert.equal(new Set(rows.map((r) => r.runLane)).size, 2, `${name}: two worker lanes`);
      assert.ok(rows[2]!.startTs >= Math.min(rows[0]!.endTs, rows[1]!.endTs), `${name}: the third task queued`);
    }
  });

  test('leaving the with-block and shutdown(wait=True) are both shutdowns with wait true that end after the last task', () => {
    const { model } = get(file)();
    for (const name of ['with', 'manual']) {
      const pool = executorNamed(model, name);
      const shutdown = pool.shutdown!;
      assert.deepEqual([shutdown.wait, shutdown.cancelFutures], [true, false], name);
      const rows = futuresOf(model, pool.xid);
      assert.ok(shutdown.beginTs < Math.min(...rows.map((r) => r.doneTs)), `${name}: called while all were running`);
      assert.ok(shutdown.endTs >= Math.max(...rows.map((r) => r.doneTs)), `${name}: returned after the last`);
      const exits = model.workers.filter((w) => w.executor === model.executorIndex.get(pool.xid));
      assert.deepEqual(
        exits.map((w) => w.code),
        [0, 0],
      );
      assert.ok(
        exits.every((w) => w.exitTs <= shutdown.endTs),
        `${name}: the workers were joined`,
      );
    }
  });

  test('shutdown(wait=False) returns at once with all three unfinished; a wait() block then lasts until the last', () => {
    const { model } = get(file)();
    const pool = executorNamed(model, 'nowait');
    const shutdown = pool.shutdown!;
    assert.deepEqual([shutdown.wait, shutdown.cancelFutures], [false, false]);
    const rows = futuresOf(model, pool.xid);
    assert.ok(shutdown.endTs < Math.min(...rows.map((r) => r.doneTs)), 'returned before any task was done');
    const waits = model.blocks.filter((b) => b.op === 'wait');
    assert.equal(waits.length, 1);
    assert.equal(model.blocks.length, 1, 'the with-block and shutdown(wait=True) are not recorded as blocks');
    assert.deepEqual([...waits[0]!.futures].sort(), rows.map((r) => r.index).sort());
    assert.equal(waits[0]!.site?.line, lineOf(file, 'wait(futures)'));
    assert.ok(waits[0]!.beginTs > shutdown.endTs);
    assert.ok(waits[0]!.endTs >= Math.max(...rows.map((r) => r.doneTs)));
  });
});
