import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ModelSync } from '../../../src/protocol/model-sync.ts';
import { parseHostMessage } from '../../../src/protocol/parse-host.ts';
import { FUTURE_STATE, type AppendMessage, type HostMessage } from '../../../src/protocol/messages.ts';
import { ChartStore } from '../../../src/webview/data/store.ts';
import { BROKEN_DIR, GOLDEN_DIR } from '../trace/golden-files.ts';
import { liveOf, overTheWire, snapshotOf, validGoldens } from './sync-helpers.ts';

/** The webview's view of a stream of messages. */
function replicate(messages: HostMessage[]): ChartStore {
  const store = new ChartStore();
  for (const message of messages) {
    const parsed = parseHostMessage(overTheWire(message));
    assert.ok(parsed.ok, !parsed.ok ? parsed.error : '');
    const m = parsed.message;
    if (m.type === 'init' || m.type === 'append') store.apply(m);
    if (m.type === 'reset') store.clear();
  }
  return store;
}

/** Everything the chart draws, with interned strings resolved (their ids depend on batching). */
function picture(store: ChartStore) {
  const rows = <K extends string>(table: { count: number; cols: Record<K, ArrayLike<number>> }) =>
    Array.from({ length: table.count }, (_, i) =>
      Object.fromEntries(Object.entries<ArrayLike<number>>(table.cols).map(([k, col]) => [k, col[i]])),
    );
  const futures = rows(store.futures).map((f) => ({ ...f, fn: store.string(f.fn!) }));
  const callbacks = rows(store.callbacks).map((c) => ({ ...c, fn: store.string(c.fn!) }));
  const marks = rows(store.marks).map((m) => ({ ...m, name: store.string(m.name!) }));
  return {
    origin: store.origin,
    header: store.header,
    lanes: store.lanes,
    executors: store.executors,
    workers: store.workers,
    futures,
    callbacks,
    blocks: rows(store.blocks),
    cancels: rows(store.cancels),
    marks,
    timeouts: store.timeouts,
    lastTs: store.lastTs,
  };
}

describe('ModelSync', () => {
  test('following a recording line by line ends with the same picture as reading it whole', () => {
    for (const path of validGoldens()) {
      const whole = picture(replicate(snapshotOf(path).messages));
      for (const step of [1, 7]) {
        const live = liveOf(path, step);
        assert.deepEqual(picture(replicate(live.messages)), whole, `${path}, ${step} lines per flush`);
      }
      assert.ok(whole.futures.length > 0);
      assert.equal(whole.origin, snapshotOf(path).sync.model.header!.ts);
    }
  });

  test('big batches are split so no column passes maxBatch, and nothing is lost', () => {
    for (const path of validGoldens()) {
      const whole = picture(replicate(snapshotOf(path).messages));
      const small = snapshotOf(path, { maxBatch: 2 });
      for (const m of small.messages) {
        if (m.type !== 'append') continue;
        for (const part of [m.futures, m.callbacks, m.blocks, m.timeouts, m.cancels, m.marks]) {
          if (part) assert.ok(part.idx.length <= 2);
        }
        if (m.strings) assert.ok(m.strings.values.length <= 2);
      }
      assert.ok(small.messages.length > 2);
      assert.deepEqual(picture(replicate(small.messages)), whole, path);
    }
  });

  test('times are µs since the header; futures carry state, lanes and callback counts', () => {
    const { sync, messages } = snapshotOf(join(GOLDEN_DIR, 'node-async-pool.ndjson'));
    const store = replicate(messages);
    const origin = sync.model.header!.ts;
    const f = store.futures.cols;
    const i = store.indexOfFid(2);
    assert.equal(f.submitTs[i], 1839201004230 - origin);
    assert.equal(f.startTs[i], 1839201004235 - origin);
    assert.equal(f.endTs[i], 1839201016400 - origin);
    assert.equal(f.state[i], FUTURE_STATE.result);
    assert.equal(f.callbacks[i], 1);
    assert.equal(store.string(f.fn[i]!), 'fetchJson');
    assert.equal(store.lanes[f.lane[i]!]!.id, '4242:0');
    assert.equal(f.state[store.indexOfFid(1)], FUTURE_STATE.exception);
  });

  test('flush sends only what changed, and nothing when nothing did', () => {
    const sync = new ModelSync();
    sync.snapshot();
    assert.deepEqual(sync.flush(), []);
    const lane = '1:0';
    sync.header({
      e: 'header',
      v: 1,
      ts: 1000,
      wallMs: 0,
      clock: 'CLOCK_MONOTONIC',
      unit: 'us',
      runtime: 'node',
      runtimeVersion: '20',
      program: 'p',
      args: [],
      cwd: '/',
      pid: 1,
      writer: 't',
    });
    sync.event({ e: 'submit', ts: 1010, fid: 1, xid: 1, fn: 'work', args: '', lane });
    sync.event({ e: 'submit', ts: 1020, fid: 2, xid: 1, fn: 'work', args: '', lane });
    const first = sync.flush() as AppendMessage[];
    assert.equal(first.length, 1);
    assert.equal(first[0]!.origin, 1000);
    assert.deepEqual(first[0]!.futures!.idx, [0, 1]);
    assert.deepEqual(first[0]!.strings, { base: 0, values: ['work'] });
    assert.deepEqual(sync.flush(), []);
    sync.event({ e: 'start', ts: 1030, fid: 2, lane: '1:5' });
    const second = sync.flush() as AppendMessage[];
    assert.deepEqual(second[0]!.futures!.idx, [1]);
    assert.deepEqual(second[0]!.futures!.startTs, [30]);
    assert.equal(second[0]!.origin, undefined);
    assert.equal(second[0]!.strings, undefined);
    assert.deepEqual(
      second[0]!.lanes!.map((l) => l.id),
      ['1:5'],
    );
  });

  test('status counts futures by state and reads the exit from the recording', () => {
    const { sync } = snapshotOf(join(GOLDEN_DIR, 'node-worker-pool-crash.ndjson'));
    const status = sync.status();
    assert.equal(status.futures, sync.model.futures.count);
    const { queued, running, done, failed, cancelled, unfinished } = status;
    assert.equal(queued + running + done + failed + cancelled + unfinished, status.futures);
    assert.equal(queued + running, 0, 'after the exit nothing is queued or running any more');
    assert.ok(status.failed >= 2);
    assert.equal(status.program.state, 'exited');
    assert.equal(sync.status({ state: 'running' }, { now: sync.model.header!.ts + 5 }).now, 5);
  });

  test('details carry the error with its frames, callbacks, timeouts, cancels and the crash', () => {
    const async = snapshotOf(join(GOLDEN_DIR, 'node-async-pool.ndjson')).sync;
    const failed = async.details(1).details!;
    assert.equal(failed.error!.type, 'TypeError');
    assert.ok(failed.error!.frames.length > 0);
    assert.equal(failed.fn, 'fetchJson');
    assert.equal(async.details(2).details!.callbacks[0]!.fn, 'logResult');
    assert.ok(async.details(4).details!.timeouts.length === 1);
    const cancelled = [5, 6].map((fid) => async.details(fid).details!);
    assert.ok(cancelled.some((d) => d.cancels.length > 0));
    assert.equal(async.details(999).details, null);
    const crash = snapshotOf(join(GOLDEN_DIR, 'node-worker-pool-crash.ndjson')).sync.details(2).details!;
    assert.match(crash.crash!.error.message, /heap out of memory/);
  });

  test("a newer writer's extra fields never reach the webview", () => {
    const { sync, messages } = snapshotOf(join(BROKEN_DIR, 'newer-writer.ndjson'));
    for (const m of [...messages, sync.details(1)]) assert.ok(parseHostMessage(overTheWire(m)).ok);
    assert.equal(sync.details(1).details!.site!.file, '/srv/job/job.mjs');
  });

  test('reset forgets everything; the next snapshot starts from nothing', () => {
    const { sync } = snapshotOf(join(GOLDEN_DIR, 'python-thread-pool.ndjson'));
    assert.deepEqual(sync.reset('recording replaced'), { type: 'reset', reason: 'recording replaced' });
    const again = sync.snapshot();
    assert.equal(again.length, 1);
    assert.deepEqual(again[0], {
      type: 'init',
      v: 1,
      title: '',
      origin: null,
      header: null,
      lanes: [],
      executors: [],
      workers: [],
    });
    assert.equal(sync.model.futures.count, 0);
  });
});
