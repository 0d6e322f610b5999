import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  clampScroll,
  clampView,
  fitAll,
  followEnd,
  maxSpan,
  MIN_SPAN,
  pan,
  revealRow,
  span,
  zoomAround,
  zoomTo,
  type Viewport,
} from '../../../src/webview/view/viewport.ts';

const bounds = { min: 0, max: 1_000_000 };
const view = (start: number, end: number): Viewport => ({ start, end, scrollY: 0 });
const close = (a: number, b: number, eps = 1e-6) =>
  assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} ≉ ${b}`);

test('zooming keeps the time under the pointer where it was', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 900_000, noNaN: true }),
      fc.double({ min: 0.05, max: 1, noNaN: true }),
      fc.double({ min: 0.5, max: 4, noNaN: true }),
      (start, where, factor) => {
        const v = view(start, start + 100_000);
        const anchor = v.start + where * span(v);
        const z = zoomAround(v, factor, anchor, bounds);
        const width = Math.min(Math.max(100_000 / factor, MIN_SPAN), maxSpan(bounds));
        close(span(z), width);
        // Unless that would push the data out of view, the anchor keeps its place in the window.
        const unclamped = anchor - where * width;
        if (unclamped >= bounds.min - 0.9 * width && unclamped <= bounds.max - 0.1 * width) close(z.start, unclamped);
      },
    ),
  );
  const z = zoomAround(view(0, 1000), 2, 250, bounds);
  assert.deepEqual([z.start, z.end], [125, 625]);
  const back = zoomAround(z, 0.5, 250, bounds);
  assert.deepEqual([back.start, back.end], [0, 1000]);
});

test('zoom stops at 1 µs and at ten times the data; bad factors change nothing', () => {
  let v = view(0, 1000);
  for (let i = 0; i < 50; i++) v = zoomAround(v, 4, 500, bounds);
  assert.equal(span(v), MIN_SPAN);
  for (let i = 0; i < 50; i++) v = zoomAround(v, 0.25, 500, bounds);
  assert.equal(span(v), maxSpan(bounds));
  const same = zoomAround(view(10, 20), NaN, 15, bounds);
  assert.deepEqual([same.start, same.end], [10, 20]);
  assert.deepEqual(zoomAround(view(10, 20), 0, 15, bounds).end, 20);
});

test('panning is clamped so some data stays in view', () => {
  const v = view(0, 100_000);
  assert.deepEqual([pan(v, 5000, bounds).start, pan(v, 5000, bounds).end], [5000, 105_000]);
  const far = pan(v, 1e12, bounds);
  assert.ok(far.start <= bounds.max - 0.1 * span(far) + 1e-6 && span(far) === 100_000);
  const early = pan(v, -1e12, bounds);
  assert.ok(early.end >= bounds.min + 0.1 * span(early) - 1e-6);
  assert.deepEqual(pan(v, NaN, bounds).start, 0);
});

test('fit all shows every bit of the data with a margin; empty data gets a window anyway', () => {
  const fit = fitAll({ min: 100, max: 900 });
  assert.ok(fit.start < 100 && fit.end > 900 && span(fit) < 900);
  const empty = fitAll({ min: Infinity, max: -Infinity });
  assert.ok(span(empty) > 0 && Number.isFinite(empty.start));
  const point = fitAll({ min: 5, max: 5 });
  assert.ok(point.start < 5 && point.end > 5);
});

test('zoom to a selection shows it whichever way it was dragged; a tiny one is widened to 1 µs', () => {
  const z = zoomTo(800, 200, view(0, 1000), bounds);
  assert.ok(z.start <= 200 && z.end >= 800 && span(z) < 700);
  const tiny = zoomTo(500, 500.1, view(0, 1000), bounds);
  assert.equal(span(tiny), MIN_SPAN);
  close((tiny.start + tiny.end) / 2, 500.05);
});

test('follow keeps the span and puts the live end at the right edge', () => {
  const f = followEnd(view(0, 1000), 50_000, bounds);
  assert.equal(span(f), 1000);
  assert.ok(f.end >= 50_000 && f.end - 50_000 < 100);
});

test('clamped views are always drawable', () => {
  fc.assert(
    fc.property(fc.double(), fc.double(), (a, b) => {
      const v = clampView(view(a, b), bounds);
      assert.ok(
        Number.isFinite(v.start) && Number.isFinite(v.end) && span(v) >= MIN_SPAN && span(v) <= maxSpan(bounds),
      );
    }),
  );
});

test('vertical scrolling stays within the rows; reveal scrolls the least needed', () => {
  assert.equal(clampScroll(-5, 1000, 300), 0);
  assert.equal(clampScroll(900, 1000, 300), 700);
  assert.equal(clampScroll(50, 100, 300), 0);
  assert.equal(clampScroll(NaN, 1000, 300), 0);
  assert.equal(revealRow(100, 50, 18, 300), 50);
  assert.equal(revealRow(100, 500, 18, 300), 218);
  assert.equal(revealRow(100, 200, 18, 300), 100);
});
