// What the Gantt webview spends on big recordings, in plain Node (no DOM): taking in the `append`
// batches (store + index), laying out rows, merging bars at full-range zoom (LOD), painting a whole
// frame into a canvas that draws nothing, and hit-testing. Each timed figure is the best of 5.
// Run: node --import tsx test/bench/webview-lod.ts [futures...]   (default 100000 1000000)
import { performance } from 'node:perf_hooks';
import type { Canvas2D } from '../../src/webview/render/canvas.ts';
import { LodSpans, mergeSpans } from '../../src/webview/render/lod.ts';
import { DEFAULT_PALETTE } from '../../src/webview/render/palette.ts';
import { Painter } from '../../src/webview/render/painter.ts';
import { buildRows } from '../../src/webview/layout/rows.ts';
import { trackWindow } from '../../src/webview/layout/window.ts';
import { scaleOf } from '../../src/webview/view/geometry.ts';
import { hitTest } from '../../src/webview/view/hit-test.ts';
import { DEFAULT_GUTTER } from '../../src/webview/view/responsive.ts';
import { fitAll } from '../../src/webview/view/viewport.ts';
import { syntheticChart, type Chart } from '../unit/webview/fixture.ts';

const sizes = process.argv.slice(2).map(Number);
const WIDTH = 1260;
const HEIGHT = 800;

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    fn();
    min = Math.min(min, performance.now() - t);
  }
  return min;
}

/** Counts calls; draws nothing. */
function nullCanvas(): Canvas2D & { calls: number } {
  const c = {
    calls: 0,
    fillStyle: '',
    strokeStyle: '',
    lineWidth: 1,
    font: '',
    textBaseline: '',
    textAlign: '',
    globalAlpha: 1,
  };
  const count = () => {
    c.calls++;
  };
  const methods = ['save', 'restore', 'setTransform', 'clearRect', 'fillRect', 'strokeRect', 'fillText', 'beginPath'];
  const more = ['moveTo', 'lineTo', 'closePath', 'rect', 'arc', 'stroke', 'fill', 'clip', 'setLineDash'];
  const canvas = c as unknown as Canvas2D & { calls: number } & Record<string, unknown>;
  for (const m of [...methods, ...more]) canvas[m] = count;
  canvas.measureText = (text: string) => ({ width: text.length * 6 });
  return canvas;
}

function lodAll(chart: Chart, out: LodSpans): number {
  const view = fitAll({ min: chart.store.minTs, max: chart.store.maxTs });
  const scale = scaleOf(view, WIDTH, DEFAULT_GUTTER);
  const f = chart.store.futures.cols;
  const ends = f.endTs as Float64Array;
  let spans = 0;
  for (const g of chart.index.groups) {
    if (g.kind !== 'run') continue;
    for (const track of g.packing.tracks) {
      const [from, to] = trackWindow(track, ends, view.start, view.end);
      out.clear();
      mergeSpans(
        { ids: track.ids, keys: track.keys, from, to, ends, states: f.state as Uint8Array, now: chart.store.maxTs },
        scale,
        out,
      );
      spans += out.n;
    }
  }
  return spans;
}

function measure(label: string, build: () => Chart): string {
  let chart!: Chart;
  const ingest = best(1, () => {
    chart = build();
  });
  const rows = best(5, () => buildRows(chart.store, chart.index));
  const out = new LodSpans();
  const spans = lodAll(chart, out);
  const lod = best(5, () => lodAll(chart, out));
  const painter = new Painter();
  const canvas = nullCanvas();
  const frame = {
    width: WIDTH,
    height: HEIGHT,
    dpr: 2,
    view: fitAll({ min: chart.store.minTs, max: chart.store.maxTs }),
    now: chart.store.maxTs,
    showNow: true,
    ended: false,
    gutter: DEFAULT_GUTTER,
    selected: 0,
    hover: null,
    palette: DEFAULT_PALETTE,
  };
  const paint = best(5, () => {
    canvas.calls = 0;
    painter.paint(canvas, chart.store, chart.index, chart.layout, frame);
  });
  const scale = scaleOf(frame.view, WIDTH, DEFAULT_GUTTER);
  const ctx = { store: chart.store, index: chart.index, layout: chart.layout, scale, now: chart.store.maxTs };
  const hits = 10_000;
  const hit = best(5, () => {
    for (let i = 0; i < hits; i++) hitTest(ctx, 300 + ((i * 37) % (WIDTH - 300)), (i * 13) % chart.layout.height);
  });
  const n = chart.store.futures.count.toLocaleString('en');
  return `| ${label} | ${n} | ${ingest.toFixed(0)} | ${rows.toFixed(2)} | ${lod.toFixed(1)} (${spans} spans) | ${paint.toFixed(1)} (${canvas.calls} calls) | ${((hit / hits) * 1000).toFixed(2)} |`;
}

console.log(
  '| chart | futures | take in all batches (ms) | rows (ms) | LOD, full range (ms) | paint a frame (ms) | hit-test (µs) |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const n of sizes.length ? sizes : [100_000, 1_000_000]) {
  console.log(measure('thread pool, 8 workers', () => syntheticChart(n, 8, 40, 1000)));
}
console.log(measure('event loop, 64 at once on one lane', () => syntheticChart(100_000, 64, 400, 0, true)));
