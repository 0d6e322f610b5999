import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ChartStore } from '../../../src/webview/data/store.ts';
import { ChartIndex } from '../../../src/webview/layout/chart-index.ts';
import { buildRows, rowAt, rowOfFuture, type Row, type RowLayout } from '../../../src/webview/layout/rows.ts';
import { rowLabel } from '../../../src/webview/layout/row-label.ts';
import { liveOf } from '../protocol/sync-helpers.ts';
import { GOLDEN, goldenChart, syntheticChart, type Chart } from './fixture.ts';

const key = (row: Row) =>
  row.kind === 'thread'
    ? `thread ${row.lane}`
    : row.kind === 'executor'
      ? `executor ${row.executor}`
      : row.kind === 'track'
        ? `track ${row.executor}/${row.lane}/${row.track}`
        : 'threads';

const labels = (chart: Chart) => chart.layout.rows.map((r) => rowLabel(chart.store, r));

/** Every placed future sits in one track whose spans never overlap. */
function assertTracksDoNotOverlap(chart: Chart): void {
  const f = chart.store.futures.cols;
  for (const g of chart.index.groups) {
    if (g.kind !== 'run') continue;
    for (const track of g.packing.tracks) {
      for (let k = 1; k < track.length; k++) {
        const prev = track.ids[k - 1]!;
        assert.ok(!Number.isNaN(f.endTs[prev]!), 'only the last span of a track may be open');
        assert.ok(f.endTs[prev]! <= track.keys[k]!, `overlap in ${g.executor}/${g.lane}`);
        assert.ok(track.keys[k - 1]! <= track.keys[k]!);
      }
    }
  }
}

describe('lane layout', () => {
  test('callers first, then each executor: its header, then a row per worker lane', () => {
    const chart = goldenChart('python-process-pool');
    assert.deepEqual(labels(chart), [
      'Threads',
      'MainThread (8000:8000)',
      'SpawnProcess-2 (8102:8102)',
      'ProcessPoolExecutor · python-process · 2 workers',
      'SpawnProcess-1 (8101:8101)',
      'SpawnProcess-2 (8102:8102)',
      'inner · python-thread · 2 workers',
      'inner_0 (8102:8110)',
    ]);
    const kinds = chart.layout.rows.map((r) => r.kind);
    assert.deepEqual(kinds, ['threads', 'thread', 'thread', 'executor', 'track', 'track', 'executor', 'track']);
    // A lane's marks go on its first row: the caller row when it has one.
    assert.equal(chart.layout.laneHome.get(2), 2);
    assert.equal(chart.layout.laneHome.get(1), 4);
  });

  test('an event loop running futures at once gets one track per overlap; a broken pool says so', () => {
    const loop = goldenChart('node-async-pool');
    const tracks = loop.layout.rows.filter((r) => r.kind === 'track');
    assert.ok(tracks.length >= 3, `tracks: ${tracks.length}`);
    assert.ok(tracks.every((r) => r.kind === 'track' && r.lane === 0));
    assert.deepEqual(
      tracks.map((r) => (r.kind === 'track' ? r.track : -1)),
      tracks.map((_, i) => i),
    );
    assertTracksDoNotOverlap(loop);
    const crash = goldenChart('node-worker-pool-crash');
    assert.ok(labels(crash).includes('hash-pool (broken) · node-worker · 2 workers'));
    assertTracksDoNotOverlap(crash);
  });

  test('rows have increasing offsets; rowAt and rowOfFuture find them', () => {
    const chart = goldenChart('python-thread-pool');
    const { layout } = chart;
    let y = 0;
    layout.rows.forEach((row, r) => {
      assert.equal(row.y, y);
      assert.equal(rowAt(layout, y), r);
      assert.equal(rowAt(layout, y + row.height - 0.5), r);
      y += row.height;
    });
    assert.equal(layout.height, y);
    assert.equal(rowAt(layout, -1), -1);
    assert.equal(rowAt(layout, y), -1);
    const f = chart.store.futures.cols;
    for (let i = 0; i < chart.store.futures.count; i++) {
      const r = rowOfFuture(layout, chart.index, i);
      const row = layout.rows[r]!;
      if (f.lane[i]! >= 0) assert.ok(row.kind === 'track' && row.lane === f.lane[i], `future ${i}`);
      else if (!Number.isNaN(f.submitTs[i]!)) assert.equal(row.kind, 'executor');
    }
  });

  test('live: rows already shown keep their order as new ones appear, and the end matches a whole read', () => {
    for (const name of ['python-process-pool', 'node-async-pool', 'python-thread-pool', 'node-worker-pool-crash']) {
      const { messages } = liveOf(join(GOLDEN, `${name}.ndjson`), 1);
      const store = new ChartStore();
      const index = new ChartIndex(store);
      let before: string[] = [];
      let layout: RowLayout | undefined;
      for (const m of messages) {
        if (m.type !== 'init' && m.type !== 'append') continue;
        index.update(store.apply(m));
        layout = buildRows(store, index);
        const now = layout.rows.map(key);
        // Rows that stay keep their order: nothing moved above something it was below. (A row can
        // go: a worker's start may name a lane before the submit names the executor.)
        const kept = before.filter((k) => now.includes(k));
        let at = 0;
        for (const k of now) if (k === kept[at]) at++;
        assert.equal(at, kept.length, `${name}: ${before.join(', ')} → ${now.join(', ')}`);
        before = now;
      }
      const whole = goldenChart(name);
      assert.deepEqual(before, whole.layout.rows.map(key), name);
      assertTracksDoNotOverlap({ store, index, layout: layout! });
    }
  });

  test('deterministic: the same data gives the same rows', () => {
    const a = syntheticChart(2000, 4, 40, 10);
    const b = syntheticChart(2000, 4, 40, 10);
    assert.deepEqual(a.layout.rows.map(key), b.layout.rows.map(key));
    assert.equal(a.layout.rows.filter((r) => r.kind === 'track').length, 4);
    assertTracksDoNotOverlap(a);
  });

  test('a pool keeps one track per worker across batches, while the store grows its columns', () => {
    const chart = syntheticChart(70_000, 2, 40, 10);
    assert.ok(chart.store.futures.count > 65_536);
    assert.equal(chart.layout.rows.filter((r) => r.kind === 'track').length, 2);
    assertTracksDoNotOverlap(chart);
  });

  test('rebuilding from the store places every future the incremental updates placed', () => {
    const chart = goldenChart('node-async-pool');
    const placed = (c: Chart) =>
      Array.from({ length: c.store.futures.count }, (_, i) => c.index.placeOf(i)?.group.id ?? -1).map((g) => g >= 0);
    const before = placed(chart);
    chart.index.rebuild();
    assert.deepEqual(placed(chart), before);
    assertTracksDoNotOverlap(chart);
  });
});
