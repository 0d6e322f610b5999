// `poolscope record` on the process-pool examples: worker processes are lanes of their own pids,
// the parent's futures run there and are settled back in the parent, and map(chunksize=…) submits
// one future per chunk.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { TraceModel } from '../../../src/trace/model.ts';
import { GROUPS } from './groups.ts';
import {
  example,
  examplePath,
  futuresOf,
  lineOf,
  programLines,
  recordAll,
  testRunAndRecording,
  type RecordedRun,
} from './recorded.ts';

const get = recordAll(GROUPS['process-pools']);

// multiprocessing names a worker after its start method: fork (Linux up to 3.13), spawn, forkserver (3.14).
const PROCESS_NAME = /^(Fork|Spawn|ForkServer)Process-\d+$/;

function executorsOfKind(model: TraceModel, kind: string) {
  return model.executors.filter((x) => x.kind === kind);
}

/**
 * The lanes a process pool's futures ran on: worker processes, each its own pid, none the root's.
 * `workers` is how many must have run some of the work, or the most that may have when tasks are so
 * short that one worker can take them all before another starts.
 */
function assertRanInWorkerProcesses(run: RecordedRun, xid: number, workers: number | { atMost: number }): string[] {
  const { model, header } = run;
  const rows = futuresOf(model, xid);
  const runLanes = [...new Set(rows.map((r) => r.runLane!))];
  if (typeof workers === 'number') assert.equal(runLanes.length, workers, `${workers} worker processes ran the work`);
  else assert.ok(runLanes.length >= 1 && runLanes.length <= workers.atMost, `${runLanes.length} worker processes`);
  const lanes = runLanes.map((id) => model.lanes.find((l) => l.id === id)!);
  for (const lane of lanes) {
    assert.equal(lane.kind, 'process');
    assert.match(lane.name, PROCESS_NAME);
    assert.notEqual(lane.pid, header.pid, 'a worker is not the root process');
    assert.equal(lane.id, `${lane.pid}:${lane.pid}`, 'a worker process is one lane, its main thread');
  }
  assert.equal(new Set(lanes.map((l) => l.pid)).size, runLanes.length, 'distinct pids');
  const spawned = model.workers.filter((w) => w.executor === model.executorIndex.get(xid));
  const spawnedLanes = spawned.map((w) => model.lanes[w.lane]!.id);
  if (typeof workers === 'number') assert.deepEqual(spawnedLanes.sort(), [...runLanes].sort());
  assert.ok(
    runLanes.every((id) => spawnedLanes.includes(id)),
    'worker-spawn names the lanes that ran the work',
  );
  assert.deepEqual(
    spawned.map((w) => w.code),
    spawned.map(() => 0),
    'each worker exits with code 0',
  );
  // The parent settles each future: its done comes from a thread of the root process.
  for (const row of rows) {
    const doneLane = model.lanes.find((l) => l.id === row.doneLane)!;
    assert.deepEqual([doneLane.pid, doneLane.kind], [header.pid, 'thread'], `${row.args}: done in the parent`);
    assert.deepEqual([row.outcome, row.endOk], ['result', true]);
    assert.ok(row.submitTs <= row.doneTs && row.startTs <= row.endTs);
  }
  return runLanes;
}

describe('cpu_threads_vs_processes.py recorded', () => {
  const file = 'cpu_threads_vs_processes.py';
  testRunAndRecording(file, get(file));

  test('a python-thread and a python-process executor of 2 workers each map the same four sizes', () => {
    const { model } = get(file)();
    const [threads] = executorsOfKind(model, 'python-thread');
    const [processes] = executorsOfKind(model, 'python-process');
    assert.equal(model.executors.length, 2);
    const created = lineOf(file, 'with pool_class(max_workers=2)');
    for (const pool of [threads!, processes!]) {
      assert.equal(pool.maxWorkers, 2);
      assert.deepEqual([pool.site?.file, pool.site?.line], [examplePath(file), created]);
    }
    assert.match(threads!.name, /^ThreadPoolExecutor-\d+$/);
    assert.equal(processes!.name, 'ProcessPoolExecutor');
    const sizes = [2_000_000, 2_200_000, 2_400_000, 2_600_000].map((n) => String(n * Number(example(file).args[0])));
    const mapped = [threads!, processes!].map((pool) => futuresOf(model, pool.xid));
    for (const rows of mapped) {
      assert.deepEqual(
        rows.map((r) => [r.fn, r.args, r.idx, r.site?.line]),
        sizes.map((size, i) => ['sum_of_squares', size, i, lineOf(file, 'pool.map(sum_of_squares')]),
      );
      assert.equal(new Set(rows.map((r) => r.map)).size, 1);
    }
    assert.notEqual(mapped[0]![0]!.map, mapped[1]![0]!.map, 'two map calls, two map ids');
  });

  test('thread workers are lanes ThreadPoolExecutor-N_0 and _1 of the root process', () => {
    const { model, header } = get(file)();
    const [threads] = executorsOfKind(model, 'python-thread');
    const rows = futuresOf(model, threads!.xid);
    const lanes = [...new Set(rows.map((r) => r.runLane))].map((id) => model.lanes.find((l) => l.id === id)!);
    assert.deepEqual(
      lanes.map((l) => [l.name, l.kind, l.pid]).sort(),
      [0, 1].map((i) => [`${threads!.name}_${i}`, 'thread', header.pid]),
    );
    assert.ok(
      rows.every((r) => r.doneLane === r.runLane),
      'a thread settles its own future',
    );
  });

  test('process workers are lanes of two distinct pids other than the root; the parent settles their futures', () => {
    const run = get(file)();
    const [processes] = executorsOfKind(run.model, 'python-process');
    assertRanInWorkerProcesses(run, processes!.xid, 2);
  });

  test('both pools compute the printed sums: each done value is the line printed for its size', () => {
    const run = get(file)();
    const printed = programLines(run)
      .filter((line) => line.startsWith('sum of squares below'))
      .map((line) => line.split(' = ')[1]);
    for (const pool of run.model.executors) {
      assert.deepEqual(
        futuresOf(run.model, pool.xid).map((r) => r.value),
        printed,
        pool.name,
      );
    }
  });
});

describe('map_chunksize.py recorded', () => {
  const file = 'map_chunksize.py';
  testRunAndRecording(file, get(file));

  /** How many items the example mapped, as it printed it. */
  function itemCount(run: RecordedRun): number {
    const line = programLines(run).find((l) => l.startsWith('items: '))!;
    return Number(line.slice('items: '.length));
  }

  test('chunksize=1 submits one future per item, idx 0..N-1 of one map, each showing its item', () => {
    const run = get(file)();
    const n = itemCount(run);
    const [ones] = run.model.executors;
    assert.equal(ones!.kind, 'python-process');
    const rows = futuresOf(run.model, ones!.xid);
    assert.equal(rows.length, n);
    assert.deepEqual(
      rows.map((r) => [r.idx, r.args]),
      rows.map((_, i) => [i, String(i)]),
    );
    assert.ok(rows.every((r) => r.fn === 'checksum' && r.site?.line === lineOf(file, 'pool.map(checksum')));
    assert.equal(new Set(rows.map((r) => r.map)).size, 1);
  });

  test('chunksize=10 submits a tenth as many futures, each a chunk of ten items starting at idx 0, 10, 20…', () => {
    const run = get(file)();
    const n = itemCount(run);
    const [, tens] = run.model.executors;
    assert.equal(tens!.kind, 'python-process');
    const rows = futuresOf(run.model, tens!.xid);
    assert.equal(rows.length, n / 10);
    assert.deepEqual(
      rows.map((r) => r.idx),
      rows.map((_, i) => i * 10),
    );
    for (const row of rows) {
      assert.ok(row.args.startsWith(`[${row.idx}, ${row.idx! + 1}, `), `${row.idx}: ${row.args}`);
      assert.equal(row.fn, 'checksum');
      assert.match(row.value!, /^\[\d+, \d+, /, 'the chunk’s results');
    }
    assert.equal(new Set(rows.map((r) => r.map)).size, 1);
    assert.notEqual(rows[0]!.map, futuresOf(run.model, run.model.executors[0]!.xid)[0]!.map);
  });

  test('every chunk runs in one of two worker processes of each pool and is settled in the parent', () => {
    const run = get(file)();
    assert.equal(run.model.executors.length, 2);
    const [first, second] = run.model.executors.map((pool) =>
      assertRanInWorkerProcesses(run, pool.xid, { atMost: pool.maxWorkers }),
    );
    assert.ok(!second!.some((lane) => first!.includes(lane)), 'the second pool has processes of its own');
  });

  test('the results of chunksize=1 add up to the printed total', () => {
    const run = get(file)();
    const total = Number(/^chunksize=1: +\d+ results, total (\d+)$/m.exec(run.stdout)![1]);
    const rows = futuresOf(run.model, run.model.executors[0]!.xid);
    assert.equal(
      rows.reduce((sum, r) => sum + Number(r.value), 0),
      total,
    );
  });
});
