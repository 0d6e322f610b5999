import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startRecording, stopRecording } from '../../../src/executor/recording/api.ts';
import { WorkerPoolExecutor } from '../../../src/executor/worker-pool.ts';
import type { SubmitEvent, TraceEvent } from '../../../src/trace/schema.ts';
import { esmFixture, until, type Module } from './fixtures.ts';

const dir = mkdtempSync(join(tmpdir(), 'poolscope-worker-rec-'));
const file = join(dir, 'trace.ndjson');

function events(): TraceEvent[] {
  let text = '';
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line) as TraceEvent | { e: 'header' })
    .filter((e): e is TraceEvent => e.e !== 'header');
}

describe('recording of a WorkerPoolExecutor', { timeout: 20_000 }, () => {
  let esm: Module;
  before(async () => {
    esm = await esmFixture('esm-tasks.mjs');
    assert.equal(startRecording(file), true);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  test('workers record their own start (while the task runs) and end, on their own lanes', async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 2, name: 'rec' });
    const words = new Int32Array(new SharedArrayBuffer(8));
    const stuck = pool.submit(esm.startThenWait!, words.buffer);
    // A stuck task must show as running: its start reaches the file while it still runs.
    await until(() => events().some((e) => e.e === 'start' && e.fid === stuck.id), 10);
    assert.equal(stuck.running(), true);
    Atomics.store(words, 1, 1);
    Atomics.notify(words, 1);
    assert.equal(await stuck, true);

    const squares: unknown[] = [];
    for await (const v of pool.mapWith({ chunkSize: 2 }, esm.square!, [1, 2, 3])) squares.push(v);
    assert.deepEqual(squares, [1, 4, 9]);
    const refused = pool.submit(esm.makeAdder!(1), 1);
    await refused.exception();
    await pool.shutdown();
    stopRecording();

    const all = events();
    const executor = all.find((e) => e.e === 'executor');
    assert.ok(executor && executor.e === 'executor');
    assert.deepEqual([executor.kind, executor.name, executor.maxWorkers], ['node-worker', 'rec', 2]);
    const mainLane = executor.lane;

    const submits = all.filter((e): e is SubmitEvent => e.e === 'submit' && e.xid === executor.xid);
    assert.equal(submits.length, 5);
    const ran = submits.filter((e) => e.fid !== refused.id).map((e) => e.fid);
    const spawned = new Set(all.flatMap((e) => (e.e === 'worker-spawn' && e.xid === executor.xid ? [e.lane] : [])));
    assert.ok(spawned.size >= 1 && spawned.size <= 2);
    for (const fid of ran) {
      const start = all.find((e) => e.e === 'start' && e.fid === fid);
      const end = all.find((e) => e.e === 'end' && e.fid === fid);
      assert.ok(start && start.e === 'start' && end && end.e === 'end', `start and end of ${fid}`);
      assert.notEqual(start.lane, mainLane);
      assert.ok(spawned.has(start.lane), `${start.lane} is a lane the pool spawned`);
      assert.equal(end.lane, start.lane);
      assert.equal(end.ok, true);
    }
    assert.equal(
      all.some((e) => (e.e === 'start' || e.e === 'end') && e.fid === refused.id),
      false,
      'a refused function never starts',
    );
    const refusedDone = all.find((e) => e.e === 'done' && e.fid === refused.id);
    assert.ok(refusedDone && refusedDone.e === 'done' && refusedDone.outcome === 'exception');
    for (const lane of spawned) {
      const laneEvent = all.find((e) => e.e === 'lane' && e.lane === lane);
      assert.ok(laneEvent && laneEvent.e === 'lane');
      assert.equal(laneEvent.kind, 'worker-thread');
      assert.match(laneEvent.name, /^rec worker \d+$/);
      assert.ok(
        all.some((e) => e.e === 'worker-exit' && e.lane === lane),
        `${lane} exited`,
      );
    }
  });
});
