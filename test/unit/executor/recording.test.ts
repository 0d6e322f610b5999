// What the executors tell the recording: the events of the trace format, checked with an in-memory Recorder.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { AsyncPoolExecutor, Future, TimeoutError, asCompleted, wait } from '../../../src/executor/index.ts';
import { callSite, firstOutsideLibrary } from '../../../src/executor/call-site.ts';
import { recording } from '../../../src/executor/recording/recorder.ts';
import { gate, sleep } from './helpers/gate.ts';
import { MemoryRecorder, withRecorder } from './helpers/memory-recorder.ts';

const thisFile = __filename;

/** The line of the caller, to compare with recorded call sites (`lineHere() + 1` names the next line). */
function lineHere(): number {
  return Number(/:(\d+):\d+\)?$/.exec(new Error().stack!.split('\n')[2]!)![1]);
}

describe('call sites', () => {
  test('point at the user’s line, skipping the library’s frames', () => {
    const line = lineHere() + 1;
    const site = callSite();
    assert.equal(site?.file, thisFile);
    assert.equal(site?.line, line);
  });

  test('skip library, node-internal and native frames', () => {
    const stack = [
      'Error',
      '    at callSite (/app/node_modules/poolscope/dist/lib/index.cjs:10:5)',
      '    at AsyncPoolExecutor.submit (/app/node_modules/poolscope/dist/lib/index.cjs:99:7)',
      '    at process.processTicksAndRejections (node:internal/process/task_queues:95:5)',
      '    at async main (file:///app/src/job%20runner.mjs:12:3)',
      '    at /app/src/other.mjs:1:1',
    ].join('\n');
    assert.deepEqual(firstOutsideLibrary(stack, '/app/node_modules/poolscope/dist/lib'), {
      file: '/app/src/job runner.mjs',
      line: 12,
      col: 3,
      fn: 'async main',
    });
    assert.equal(firstOutsideLibrary('Error\n    at x (/lib/a.js:1:1)', '/lib'), undefined);
    assert.equal(firstOutsideLibrary(undefined), undefined);
  });

  test('a sibling folder whose name starts like the library’s is not the library', () => {
    const stack = 'Error\n    at f (/app/dist/lib-extra/x.js:3:4)';
    assert.equal(firstOutsideLibrary(stack, '/app/dist/lib')?.file, '/app/dist/lib-extra/x.js');
  });
});

describe('recording', () => {
  test('executor, submit, start, end and done events of a pool', async () => {
    await withRecorder(async (rec) => {
      const createdAt = lineHere() + 1;
      const pool = new AsyncPoolExecutor({ maxWorkers: 2, name: 'rec-pool' });
      const submittedAt = lineHere() + 1;
      const ok = pool.submit(
        function add(a: number, b: string) {
          return `${a}${b}`;
        },
        1,
        'a',
      );
      const bad = pool.submit(() => {
        throw new Error('nope');
      });
      await wait([ok, bad]);
      await pool.shutdown({ cancelFutures: true });

      const [executor] = rec.of('executor');
      assert.equal(rec.of('executor').length, 1);
      assert.deepEqual(
        { ...executor, ts: 0, site: undefined },
        {
          e: 'executor',
          ts: 0,
          xid: pool.id,
          kind: 'node-event-loop',
          maxWorkers: 2,
          name: 'rec-pool',
          lane: rec.lane,
          site: undefined,
        },
      );
      assert.equal(executor!.site?.file, thisFile);
      assert.equal(executor!.site?.line, createdAt);

      const submits = rec.of('submit');
      assert.deepEqual(
        submits.map((s) => [s.fid, s.xid, s.fn, s.args, s.map]),
        [
          [ok.id, pool.id, 'add', '1, "a"', undefined],
          [bad.id, pool.id, '<anonymous>', '', undefined],
        ],
      );
      assert.equal(submits[0]!.site?.line, submittedAt);

      for (const [f, endOk, outcome] of [
        [ok, true, 'result'],
        [bad, false, 'exception'],
      ] as const) {
        const kinds = rec.forFuture(f.id).map((ev) => ev.e);
        assert.deepEqual(kinds, ['submit', 'start', 'end', 'done'], `future ${f.id}`);
        assert.equal(rec.of('end').find((ev) => ev.fid === f.id)!.ok, endOk);
        assert.equal(rec.of('done').find((ev) => ev.fid === f.id)!.outcome, outcome);
      }
      assert.equal(rec.of('done').find((ev) => ev.fid === ok.id)!.value, '"1a"');
      assert.equal(rec.of('done').find((ev) => ev.fid === bad.id)!.error?.message, 'nope');

      assert.deepEqual(
        rec.events.filter((ev) => ev.e === 'shutdown-begin' || ev.e === 'shutdown-end').map((ev) => ({ ...ev, ts: 0 })),
        [
          { e: 'shutdown-begin', ts: 0, xid: pool.id, wait: true, cancelFutures: true, lane: rec.lane },
          { e: 'shutdown-end', ts: 0, xid: pool.id, lane: rec.lane },
        ],
      );
    });
  });

  test('map items carry the map id and their index; blocking iteration is a map block', async () => {
    await withRecorder(async (rec) => {
      await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
      const it = pool.map(
        async (x: number) => {
          await sleep(2);
          return x;
        },
        [10, 20, 30],
      );
      const results: number[] = [];
      const iteratedAt = lineHere() + 1;
      for await (const x of it) results.push(x);
      assert.deepEqual(results, [10, 20, 30]);
      const submits = rec.of('submit');
      assert.equal(submits.length, 3);
      assert.deepEqual(
        submits.map((s) => s.idx),
        [0, 1, 2],
      );
      assert.equal(new Set(submits.map((s) => s.map)).size, 1);
      assert.equal(typeof submits[0]!.map, 'number');
      const blocks = rec.of('block-begin');
      assert.ok(blocks.length >= 1);
      for (const b of blocks) {
        assert.equal(b.op, 'map');
        assert.equal(b.fids.length, 1);
        assert.equal(b.timeoutMs, undefined);
        assert.equal(b.site?.line, iteratedAt);
      }
      assert.equal(rec.of('block-end').length, blocks.length);
    });
  });

  test('a map timeout records the block, its end and the timeout with the unfinished futures', async () => {
    await withRecorder(async (rec) => {
      await using pool = new AsyncPoolExecutor({ maxWorkers: 1 });
      const g = gate();
      const it = pool.mapWith({ timeout: 5 }, (_x: number) => g.promise, [1, 2]);
      await assert.rejects(it.next(), TimeoutError);
      g.open();
      const [begin] = rec.of('block-begin');
      const [end] = rec.of('block-end');
      const [timeout] = rec.of('timeout');
      assert.equal(begin!.op, 'map');
      assert.ok(begin!.timeoutMs! <= 5);
      assert.deepEqual({ bid: end!.bid, timedOut: end!.timedOut }, { bid: begin!.bid, timedOut: true });
      const fids = rec.of('submit').map((s) => s.fid);
      assert.deepEqual(
        { op: timeout!.op, ms: timeout!.timeoutMs, pending: timeout!.pending, bid: timeout!.bid },
        {
          op: 'map',
          ms: 5,
          pending: fids,
          bid: begin!.bid,
        },
      );
      // The timed-out item and the one after it were cancelled (the first was already running).
      assert.deepEqual(
        rec.of('cancel').map((c) => [c.fid, c.ok]),
        [
          [fids[0], false],
          [fids[1], true],
        ],
      );
    });
  });

  test('wait and asCompleted record their blocks and timeouts; wait records nothing when it need not block', async () => {
    await withRecorder(async (rec) => {
      const h = new Future<number>('h');
      h.setRunningOrNotifyCancel();
      const d = new Future<number>('d');
      d.setResult(1);
      await wait([d]);
      assert.equal(rec.of('block-begin').length, 0);

      const waitedAt = lineHere() + 1;
      await wait([d, h], { timeout: 3 });
      await assert.rejects(async () => {
        for await (const f of asCompleted([h], { timeout: 3 })) void f;
      }, TimeoutError);
      const [waitBlock, acBlock] = rec.of('block-begin');
      assert.deepEqual([waitBlock!.op, waitBlock!.fids, waitBlock!.timeoutMs], ['wait', [h.id], 3]);
      assert.equal(waitBlock!.site?.file, thisFile);
      assert.equal(waitBlock!.site?.line, waitedAt);
      assert.deepEqual([acBlock!.op, acBlock!.fids], ['as_completed', [h.id]]);
      assert.deepEqual(
        rec.of('block-end').map((b) => [b.bid, b.timedOut]),
        [
          [waitBlock!.bid, true],
          [acBlock!.bid, true],
        ],
      );
      assert.deepEqual(
        rec.of('timeout').map((t) => [t.op, t.timeoutMs, t.pending, t.bid]),
        [
          ['wait', 3, [h.id], waitBlock!.bid],
          ['as_completed', 3, [h.id], acBlock!.bid],
        ],
      );
    });
  });

  test('nothing is recorded while recording is off, and the pool works the same', async () => {
    assert.equal(recording.current, undefined);
    const rec = new MemoryRecorder();
    const pool = new AsyncPoolExecutor();
    assert.equal(await pool.submit(() => 5), 5);
    recording.current = rec;
    try {
      assert.equal(await pool.submit(() => 6), 6);
    } finally {
      recording.current = undefined;
    }
    await pool.shutdown();
    // Awaiting the future is a `result` block (recorded by Future itself).
    assert.deepEqual(
      rec.events.map((ev) => ev.e),
      ['submit', 'block-begin', 'start', 'end', 'done', 'block-end'],
    );
    assert.equal(rec.of('block-begin')[0]!.op, 'result');
  });
});
