import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel, modelOf } from '../../../src/trace/model-builder.ts';
import { OUTCOME } from '../../../src/trace/future-table.ts';
import type { TraceEvent } from '../../../src/trace/schema.ts';
import { readGolden } from './golden-files.ts';

test('futures live in columns indexed densely, found by fid', () => {
  const events: TraceEvent[] = [];
  for (let fid = 1; fid <= 1000; fid++) {
    events.push({
      e: 'submit',
      ts: fid,
      fid: fid * 7,
      xid: 1,
      fn: fid % 2 ? 'odd' : 'even',
      args: String(fid),
      lane: '1:0',
    });
    events.push({ e: 'start', ts: fid + 1, fid: fid * 7, lane: '1:1' });
  }
  const model = modelOf(undefined, events);
  const f = model.futures;
  assert.equal(f.count, 1000);
  const i = f.indexOf(700);
  assert.equal(i, 99);
  assert.equal(f.fid[i], 700);
  assert.equal(f.submitTs[i], 100);
  assert.equal(f.startTs[i], 101);
  assert.ok(Number.isNaN(f.endTs[i]!));
  assert.equal(f.args[i], '100');
  assert.equal(model.fnNames[f.fn[i]!], 'even');
  assert.equal(model.fnNames.length, 2, 'function names are interned');
  assert.equal(model.lanes[f.runLane[i]!]!.id, '1:1');
  assert.equal(f.indexOf(3), -1);
  // No executor event: one is inferred from the submits, with unknown size.
  assert.deepEqual(
    [model.executors.length, model.executors[0]!.maxWorkers, model.executors[0]!.name],
    [1, 0, 'executor 1'],
  );
});

test('events of one future may arrive in any order', () => {
  const model = modelOf(undefined, [
    { e: 'done', ts: 40, fid: 5, lane: '2:0', outcome: 'exception', error: { type: 'ValueError', message: 'bad' } },
    { e: 'end', ts: 30, fid: 5, lane: '3:3', ok: false },
    { e: 'start', ts: 20, fid: 5, lane: '3:3' },
    { e: 'cb-end', ts: 50, fid: 5, cb: 0, lane: '2:0', raised: false },
    { e: 'cb-begin', ts: 45, fid: 5, cb: 0, fn: 'log', lane: '2:0' },
    { e: 'submit', ts: 10, fid: 5, xid: 2, fn: 'work', args: '', lane: '2:0' },
    { e: 'executor', ts: 1, xid: 2, kind: 'python-process', maxWorkers: 4, name: 'pool', lane: '2:0' },
  ]);
  const f = model.futures;
  const i = f.indexOf(5);
  assert.deepEqual([f.submitTs[i], f.startTs[i], f.endTs[i], f.doneTs[i]], [10, 20, 30, 40]);
  assert.equal(f.outcome[i], OUTCOME.exception);
  assert.equal(model.outcomeOf(i), 'exception');
  assert.equal(f.errors.get(i)?.type, 'ValueError');
  assert.equal(f.endOk[i], 0);
  assert.deepEqual(
    model.callbacksOf(i).map((c) => [c.fn, c.beginTs, c.endTs, c.raised]),
    [['log', 45, 50, false]],
  );
  assert.equal(model.executors[f.executor[i]!]!.maxWorkers, 4);
  assert.deepEqual([model.firstTs, model.lastTs], [1, 50]);
});

test('the golden thread pool: lanes, workers, blocks, timeouts, cancels, stacks per future', () => {
  const { model } = buildModel(readGolden('python-thread-pool.ndjson'));
  assert.deepEqual(
    model.lanes.map((l) => `${l.id} ${l.name} ${l.kind}`),
    ['7001:7001 MainThread main', '7001:7010 dl_0 thread', '7001:7011 dl_1 thread', '7001:7012 dl_2 thread'],
  );
  assert.equal(model.executors[0]!.workers.length, 3);
  const five = model.futures.indexOf(5);
  assert.deepEqual(
    model.blocksOf(five).map((b) => [b.bid, b.op, b.timedOut]),
    [
      [1, 'wait', false],
      [3, 'result', true],
    ],
  );
  assert.deepEqual(
    model.timeoutsOf(five).map((t) => [t.timeoutMs, model.blocks[t.block]!.bid]),
    [[2000, 3]],
  );
  assert.deepEqual(
    model.cancelsOf(five).map((c) => c.ok),
    [false],
  );
  assert.equal(model.stacks[0]!.future, five);
  assert.equal(model.stacks[0]!.frames.at(-1)!.fn, 'read');
  assert.equal(model.futures.mapId[model.futures.indexOf(7)], 1);
  assert.equal(model.futures.mapIdx[model.futures.indexOf(7)], 1);
  assert.equal(model.marks[0]!.data, '3 of 5 downloads finished');
  assert.deepEqual(
    model.sites.map((s) => `${s.line}:${s.col}`),
    ['44:19', '49:22', '63:19'],
    'call sites of submits are interned',
  );
  assert.equal(model.futures.site[model.futures.indexOf(4)], 0);
  assert.equal(model.exit?.signal, 'SIGTERM');
});

test('the golden crash: the worker records its crash and exit, the executor its breakage', () => {
  const { model } = buildModel(readGolden('node-worker-pool-crash.ndjson'));
  const crashed = model.workers.find((w) => w.crash)!;
  assert.equal(model.lanes[crashed.lane]!.id, '5100:2');
  assert.equal(crashed.code, 1);
  assert.deepEqual(
    crashed.crash!.futures.map((i) => model.futures.fid[i]),
    [2],
  );
  assert.match(model.executors[0]!.broken!.reason, /exited with code 1/);
  assert.deepEqual([model.executors[0]!.shutdown!.wait, model.executors[0]!.shutdown!.cancelFutures], [true, true]);
});

test('a thread id reused by a second worker makes a second worker', () => {
  const model = modelOf(undefined, [
    { e: 'worker-spawn', ts: 1, xid: 1, lane: '1:5' },
    { e: 'worker-exit', ts: 2, xid: 1, lane: '1:5', code: 0 },
    { e: 'worker-spawn', ts: 3, xid: 1, lane: '1:5' },
  ]);
  assert.equal(model.workers.length, 2);
  assert.deepEqual(
    model.workers.map((w) => [w.spawnTs, w.exitTs]),
    [
      [1, 2],
      [3, NaN],
    ],
  );
});
