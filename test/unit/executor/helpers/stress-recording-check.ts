import assert from 'node:assert/strict';
import type { ExecutorBase } from '../../../../src/executor/index.ts';
import type { MemoryRecorder } from './memory-recorder.ts';
import { expected, type Tracked } from './stress-ops.ts';

/** Checks the recording against the futures. */
export function checkRecording(
  rec: MemoryRecorder,
  executor: ExecutorBase,
  tracked: readonly Tracked[],
  startEndHere: boolean,
): void {
  const executors = rec.of('executor');
  assert.deepEqual(
    executors.map((e) => [e.xid, e.maxWorkers]),
    [[executor.id, executor.maxWorkers]],
  );
  const submits = rec.of('submit');
  const fids = submits.map((s) => s.fid);
  assert.equal(new Set(fids).size, fids.length, 'fids are unique');
  for (const s of submits) assert.equal(s.xid, executor.id);
  const trackedById = new Map(tracked.map((t) => [t.future.id, t]));
  for (const id of trackedById.keys()) assert.ok(fids.includes(id), `future ${id} has a submit event`);

  for (const fid of fids) {
    const events = rec.forFuture(fid);
    assert.equal(events[0]!.e, 'submit', `future ${fid} starts with submit`);
    const dones = rec.of('done').filter((d) => d.fid === fid);
    assert.equal(dones.length, 1, `future ${fid} has one done event`);
    const outcome = dones[0]!.outcome;
    const t = trackedById.get(fid);
    if (t) {
      const want = t.future.cancelled() ? 'cancelled' : expected(t.spec).ok ? 'result' : 'exception';
      assert.equal(outcome, want, `outcome of future ${fid}`);
    }
    const kinds = events.map((e) => e.e);
    for (const c of rec.of('cancel').filter((c) => c.fid === fid)) {
      if (c.ok) assert.equal(outcome, 'cancelled', `cancel() said true for future ${fid}`);
    }
    const starts = kinds.filter((k) => k === 'start').length;
    const ends = kinds.filter((k) => k === 'end').length;
    assert.ok(starts <= 1 && ends <= 1, `future ${fid} started ${starts} and ended ${ends} times`);
    if (startEndHere) {
      if (outcome === 'cancelled') assert.equal(starts, 0, `cancelled future ${fid} never started`);
      else {
        assert.deepEqual([starts, ends], [1, 1], `future ${fid} started and ended`);
        const order = (['start', 'end', 'done'] as const).map((k) => kinds.indexOf(k));
        assert.ok(order[0]! < order[1]! && order[1]! < order[2]!, `future ${fid}: ${kinds.join(' ')}`);
        const end = events.find((e) => e.e === 'end')!;
        assert.equal(end.e === 'end' && end.ok, outcome === 'result');
      }
    }
    if (t) {
      const begins = rec.of('cb-begin').filter((c) => c.fid === fid);
      const cbEnds = rec.of('cb-end').filter((c) => c.fid === fid);
      assert.equal(begins.length, t.callbacksAdded);
      assert.deepEqual(
        cbEnds.map((c) => [c.cb, c.raised]),
        begins.map((c) => [c.cb, false]),
      );
    }
  }

  if (startEndHere) {
    let active = 0;
    for (const ev of rec.events) {
      if (ev.e === 'start') active++;
      if (ev.e === 'end') active--;
      assert.ok(active <= executor.maxWorkers, `${active} running with maxWorkers ${executor.maxWorkers}`);
    }
  }

  const blockEnds = new Map(rec.of('block-end').map((b) => [b.bid, b]));
  assert.equal(blockEnds.size, rec.of('block-end').length, 'each block ends once');
  for (const b of rec.of('block-begin')) {
    const end = blockEnds.get(b.bid);
    assert.ok(end && end.ts > b.ts, `block ${b.bid} (${b.op}) ends after it begins`);
  }
  for (const t of rec.of('timeout')) {
    assert.ok(t.bid !== undefined && blockEnds.get(t.bid)?.timedOut === true, `timeout of block ${t.bid}`);
  }
  const shutdownBegins = rec.of('shutdown-begin').length;
  assert.ok(shutdownBegins >= 1);
  assert.ok(rec.of('shutdown-end').length <= shutdownBegins);
}
