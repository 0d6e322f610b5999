import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Canvas2D } from '../../../src/webview/render/canvas.ts';
import { DEFAULT_PALETTE, type Palette } from '../../../src/webview/render/palette.ts';
import { Painter, type Frame } from '../../../src/webview/render/painter.ts';
import { rowOfFuture } from '../../../src/webview/layout/rows.ts';
import { fitAll } from '../../../src/webview/view/viewport.ts';
import { goldenChart, syntheticChart, type Chart } from './fixture.ts';

interface Call {
  op: string;
  args: unknown[];
  fill: unknown;
  stroke: unknown;
  dashed: boolean;
}

/** A 2D context that records what is drawn; text is 6 px per character. */
class RecordingCanvas implements Canvas2D {
  calls: Call[] = [];
  fillStyle: unknown = '';
  strokeStyle: unknown = '';
  lineWidth = 1;
  font = '';
  textBaseline = '';
  textAlign = '';
  globalAlpha = 1;
  private dash: number[] = [];
  private record(op: string, args: unknown[]) {
    this.calls.push({ op, args, fill: this.fillStyle, stroke: this.strokeStyle, dashed: this.dash.length > 0 });
  }
  save = () => this.record('save', []);
  restore = () => this.record('restore', []);
  setTransform = (...args: number[]) => this.record('setTransform', args);
  clearRect = (...args: number[]) => this.record('clearRect', args);
  fillRect = (...args: number[]) => this.record('fillRect', args);
  strokeRect = (...args: number[]) => this.record('strokeRect', args);
  fillText = (...args: unknown[]) => this.record('fillText', args);
  measureText = (text: string) => ({ width: text.length * 6 });
  beginPath = () => this.record('beginPath', []);
  moveTo = (...args: number[]) => this.record('moveTo', args);
  lineTo = (...args: number[]) => this.record('lineTo', args);
  closePath = () => this.record('closePath', []);
  rect = (...args: number[]) => this.record('rect', args);
  arc = (...args: number[]) => this.record('arc', args);
  stroke = () => this.record('stroke', []);
  fill = () => this.record('fill', []);
  clip = () => this.record('clip', []);
  setLineDash = (segments: number[]) => {
    this.dash = segments;
  };
  texts = () => this.calls.filter((c) => c.op === 'fillText').map((c) => c.args[0] as string);
  count = (op: string, where: (c: Call) => boolean = () => true) =>
    this.calls.filter((c) => c.op === op && where(c)).length;
}

function paint(chart: Chart, changes: Partial<Frame> = {}, palette: Palette = DEFAULT_PALETTE): RecordingCanvas {
  const ctx = new RecordingCanvas();
  const frame: Frame = {
    width: 1220,
    height: 600,
    dpr: 2,
    view: fitAll({ min: chart.store.minTs, max: chart.store.maxTs }),
    now: chart.store.lastTs,
    showNow: false,
    ended: false,
    gutter: 260,
    selected: -1,
    hover: null,
    palette,
    ...changes,
  };
  new Painter().paint(ctx, chart.store, chart.index, chart.layout, frame);
  return ctx;
}

describe('painter', () => {
  test('labels every row, draws bars in their outcome colours and the caller thread’s marks', () => {
    const chart = goldenChart('node-async-pool');
    const ctx = paint(chart);
    const texts = ctx.texts();
    for (const label of ['Threads', 'main (4242:0)', 'fetch-pool · node-event-loop · 3 workers']) {
      assert.ok(texts.includes(label), `${label} in ${texts.join(' | ')}`);
    }
    assert.ok(
      texts.some((t) => /ms$/.test(t)),
      'the axis has labels in ms',
    );
    const p = DEFAULT_PALETTE;
    assert.ok(ctx.count('fillRect', (c) => c.fill === p.result) > 0, 'results');
    assert.ok(ctx.count('fillRect', (c) => c.fill === p.exception) > 0, 'exceptions');
    assert.ok(ctx.count('fillRect', (c) => c.fill === p.callback) >= 1, 'callbacks');
    assert.ok(ctx.count('fillRect', (c) => c.fill === p.exception && c.args[3] === 4) >= 1, 'a callback that raised');
    assert.ok(ctx.count('fill', (c) => c.fill === p.timeout) >= 1, 'timeout diamond');
    assert.ok(
      ctx.count('stroke', (c) => c.stroke === p.timeout && c.dashed) >= 3,
      'links to the 3 futures given up on',
    );
    assert.ok(ctx.count('stroke', (c) => c.stroke === p.cancelled) >= 1, 'a successful cancel');
    assert.ok(ctx.count('fillRect', (c) => c.fill === p.block) >= 1, 'the caller blocked');
    assert.equal(ctx.calls[0]!.op, 'setTransform');
    assert.deepEqual(ctx.calls[0]!.args, [2, 0, 0, 2, 0, 0], 'device pixel ratio');
  });

  test('a crashed worker and a broken pool are marked', () => {
    const ctx = paint(goldenChart('node-worker-pool-crash'));
    assert.ok(ctx.count('stroke', (c) => c.stroke === DEFAULT_PALETTE.exception) >= 1, 'crash cross');
    assert.ok(ctx.count('fill', (c) => c.fill === DEFAULT_PALETTE.exception) >= 1, 'broken diamond');
    assert.ok(ctx.texts().some((t) => t.startsWith('hash-pool (broken) · node-worker')));
  });

  test('selection is outlined in the focus colour; high contrast outlines bars; the now line shows while running', () => {
    const chart = goldenChart('python-thread-pool');
    const selected = Array.from({ length: chart.store.futures.count }, (_, i) => i).find(
      (i) => rowOfFuture(chart.layout, chart.index, i) >= 0,
    )!;
    const p = DEFAULT_PALETTE;
    assert.equal(
      paint(chart).count('strokeRect', (c) => c.stroke === p.selection),
      0,
    );
    assert.equal(
      paint(chart, { selected }).count('strokeRect', (c) => c.stroke === p.selection),
      1,
    );
    const contrast = paint(chart, {}, { ...p, contrast: '#6fc3df' });
    assert.ok(contrast.count('strokeRect', (c) => c.stroke === '#6fc3df') > 0);
    const running = paint(chart, { showNow: true, now: chart.store.maxTs - 1 });
    assert.ok(running.count('stroke', (c) => c.stroke === p.selection && c.dashed) >= 1);
  });

  test('100k futures at full range cost rectangles by the pixel, not by the future', () => {
    const chart = syntheticChart(100_000, 8, 40, 500);
    const ctx = paint(chart);
    const rects = ctx.count('fillRect');
    assert.ok(rects < 20_000, `${rects} rectangles`);
    assert.ok(ctx.count('fillRect', (c) => c.fill === DEFAULT_PALETTE.pending) > 0, 'queued work is drawn');
  });

  test('only visible rows are drawn', () => {
    const chart = syntheticChart(1000, 200, 40);
    const all = paint(chart, { height: 5000 }).count('fillText');
    const few = paint(chart, { height: 100 }).count('fillText');
    assert.ok(few < all / 5, `${few} vs ${all}`);
  });
});
