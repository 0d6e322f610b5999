import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rowOfFuture } from '../../../src/webview/layout/rows.ts';
import { scaleOf } from '../../../src/webview/view/geometry.ts';
import { DEFAULT_GUTTER as GUTTER } from '../../../src/webview/view/responsive.ts';
import { hitTest, type Hit } from '../../../src/webview/view/hit-test.ts';
import { xOf } from '../../../src/webview/render/lod.ts';
import type { Viewport } from '../../../src/webview/view/viewport.ts';
import { goldenChart, syntheticChart, type Chart } from './fixture.ts';

const WIDTH = 1260;

function hitAt(chart: Chart, view: Viewport, t: number, row: number, dx = 0): Hit | null {
  const scale = scaleOf(view, WIDTH, GUTTER);
  const r = chart.layout.rows[row]!;
  return hitTest(
    { store: chart.store, index: chart.index, layout: chart.layout, scale, now: chart.store.lastTs },
    xOf(scale, t) + dx,
    r.y + r.height / 2,
  );
}

const wholeView = (chart: Chart): Viewport => ({
  start: chart.store.minTs - 10,
  end: chart.store.maxTs + 10,
  scrollY: 0,
});
const origin = (chart: Chart) => chart.store.origin!;
const threadRow = (chart: Chart, lane: number) =>
  chart.layout.rows.findIndex((r) => r.kind === 'thread' && r.lane === lane);

describe('hit-testing', () => {
  test('the middle of every bar hits its future', () => {
    for (const name of ['node-async-pool', 'python-thread-pool', 'python-process-pool', 'node-worker-pool-crash']) {
      const chart = goldenChart(name);
      const f = chart.store.futures.cols;
      for (let i = 0; i < chart.store.futures.count; i++) {
        const row = rowOfFuture(chart.layout, chart.index, i);
        if (row < 0) continue;
        const from = Number.isNaN(f.startTs[i]!) ? f.submitTs[i]! : f.startTs[i]!;
        const to = Number.isNaN(f.endTs[i]!) ? chart.store.lastTs : f.endTs[i]!;
        // Zoomed onto the future, so neighbours are far in pixels.
        const view = { start: from - (to - from + 10), end: to + (to - from + 10), scrollY: 0 };
        const t = (from + to) / 2;
        const hit = hitAt(chart, view, t, row);
        if (chart.layout.rows[row]!.kind === 'executor') {
          // Queued futures overlap in their executor's row: any one waiting at that time will do.
          assert.equal(hit?.kind, 'future', `${name}: future ${i}`);
          const j = hit.kind === 'future' ? hit.future : -1;
          assert.ok(f.submitTs[j]! <= t && (Number.isNaN(f.endTs[j]!) || f.endTs[j]! >= t));
        } else assert.deepEqual(hit, { kind: 'future', future: i }, `${name}: future ${i}`);
      }
    }
  });

  test('at 100k futures, zoomed in anywhere, a bar is found by its middle and a gap hits nothing', () => {
    const chart = syntheticChart(100_000, 8, 40);
    const f = chart.store.futures.cols;
    for (let i = 0; i < 100_000; i += 997) {
      const row = rowOfFuture(chart.layout, chart.index, i);
      const mid = (f.startTs[i]! + (Number.isNaN(f.endTs[i]!) ? chart.store.maxTs : f.endTs[i]!)) / 2;
      const view = { start: mid - 200, end: mid + 200, scrollY: 0 };
      assert.deepEqual(hitAt(chart, view, mid, row), { kind: 'future', future: i });
    }
    const view = { start: -1000, end: 1000, scrollY: 0 };
    assert.equal(hitAt(chart, view, -500, rowOfFuture(chart.layout, chart.index, 0)), null);
  });

  test('marks on the caller row: timeouts, cancels, callbacks, user marks; then blocks under them', () => {
    const chart = goldenChart('node-async-pool');
    const main = threadRow(chart, 0);
    const at = (ts: number) => {
      const t = ts - origin(chart);
      return hitAt(chart, { start: t - 50, end: t + 50, scrollY: 0 }, t, main);
    };
    assert.deepEqual(at(1839201054330), { kind: 'timeout', timeout: 0 });
    assert.deepEqual(at(1839201054510), { kind: 'cancel', cancel: 0 });
    assert.deepEqual(at(1839201054520), { kind: 'cancel', cancel: 1 });
    assert.equal(at(1839201016410)?.kind, 'callback');
    assert.deepEqual(at(1839201004320), { kind: 'mark', mark: 0 });
    const block = hitAt(chart, { start: 1000, end: 20_000, scrollY: 0 }, 10_000, main);
    assert.deepEqual(block, { kind: 'block', block: 0 });
    assert.equal(hitAt(chart, { start: -1000, end: 0, scrollY: 0 }, -500, main), null);
  });

  test('a callback is a mark on the lane that ran it: a worker thread’s, not the caller’s', () => {
    const chart = goldenChart('python-thread-pool');
    // on_done of future 2 ran on dl_1 (lane 7001:7011), right after the future ended there.
    const t = 987654410060 - origin(chart);
    const worker = chart.store.lanes.findIndex((l) => l.id === '7001:7011');
    const main = chart.store.lanes.findIndex((l) => l.id === '7001:7001');
    const near = { start: t - 50, end: t + 50, scrollY: 0 };
    const onWorker = hitAt(chart, near, t, chart.layout.laneHome.get(worker)!);
    assert.equal(onWorker?.kind, 'callback', JSON.stringify(onWorker));
    assert.notEqual(hitAt(chart, near, t, chart.layout.laneHome.get(main)!)?.kind, 'callback');
  });

  test('a worker crash on its lane and a broken executor on its header', () => {
    const chart = goldenChart('node-worker-pool-crash');
    const crashTs = 2210450251000 - origin(chart);
    const lane = chart.store.lanes.findIndex((l) => l.id === '5100:2');
    const home = chart.layout.laneHome.get(lane)!;
    const near = { start: crashTs - 100, end: crashTs + 100, scrollY: 0 };
    assert.equal(hitAt(chart, near, crashTs, home)?.kind, 'crash');
    const header = chart.layout.executorRow.get(0)!;
    assert.deepEqual(hitAt(chart, near, crashTs + 100, header, -1), { kind: 'broken', executor: 0 });
  });

  test('the label column hits its row (for the whole label); the space below the rows hits nothing', () => {
    const chart = goldenChart('python-thread-pool');
    const scale = scaleOf(wholeView(chart), WIDTH, GUTTER);
    const ctx = { store: chart.store, index: chart.index, layout: chart.layout, scale, now: 0 };
    const second = chart.layout.rows[1]!;
    assert.deepEqual(hitTest(ctx, GUTTER - 5, second.y + 1), { kind: 'label', row: 1 });
    assert.deepEqual(hitTest(ctx, 0, 0), { kind: 'label', row: 0 });
    assert.equal(hitTest(ctx, GUTTER - 5, chart.layout.height + 10), null);
    assert.equal(hitTest(ctx, GUTTER + 50, chart.layout.height + 10), null);
  });

  test('a narrower label column moves where the time area starts', () => {
    const chart = goldenChart('python-thread-pool');
    const narrow = scaleOf(wholeView(chart), 600, 120);
    const ctx = { store: chart.store, index: chart.index, layout: chart.layout, scale: narrow, now: 0 };
    const track = chart.layout.rows.findIndex((r) => r.kind === 'track');
    const y = chart.layout.rows[track]!.y + 2;
    assert.equal(hitTest(ctx, 119, y)?.kind, 'label');
    assert.notEqual(hitTest(ctx, 121, y)?.kind, 'label');
  });
});
