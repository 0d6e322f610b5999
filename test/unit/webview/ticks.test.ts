import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeTicks, TICK_STEPS } from '../../../src/webview/render/ticks.ts';

const labels = (start: number, end: number, width = 1000) => computeTicks(start, end, width).ticks.map((t) => t.label);

test('at every scale from 10 µs to a day, ticks are a known step apart, spaced enough, labelled distinctly', () => {
  for (let span = 10; span <= 86_400e6; span *= 1.7) {
    for (const start of [0, span * 0.37, 1e9 + 0.5]) {
      const set = computeTicks(start, start + span, 1000);
      assert.ok(TICK_STEPS.includes(set.stepUs) || set.stepUs % TICK_STEPS[TICK_STEPS.length - 1]! === 0);
      assert.ok((set.stepUs / span) * 1000 >= 80 - 1e-9, `spacing at span ${span}`);
      assert.ok(set.ticks.length >= 1 && set.ticks.length <= 1000 / 80 + 2, `${set.ticks.length} ticks at ${span}`);
      for (const t of set.ticks) assert.ok(t.t >= start - 1e-6 && t.t <= start + span + 1e-6);
      assert.equal(
        new Set(set.ticks.map((t) => t.label)).size,
        set.ticks.length,
        `labels at span ${span}: ${set.ticks.map((t) => t.label)}`,
      );
    }
  }
});

test('steps go 1, 2, 5 and labels use the unit they reach', () => {
  assert.deepEqual(labels(0, 1e6), [
    '0',
    '100 ms',
    '200 ms',
    '300 ms',
    '400 ms',
    '500 ms',
    '600 ms',
    '700 ms',
    '800 ms',
    '900 ms',
    '1 s',
  ]);
  assert.deepEqual(labels(0, 5e6), [
    '0',
    '500 ms',
    '1 s',
    '1.5 s',
    '2 s',
    '2.5 s',
    '3 s',
    '3.5 s',
    '4 s',
    '4.5 s',
    '5 s',
  ]);
  assert.deepEqual(labels(1.2e6, 1.45e6), [
    '1.2 s',
    '1.22 s',
    '1.24 s',
    '1.26 s',
    '1.28 s',
    '1.3 s',
    '1.32 s',
    '1.34 s',
    '1.36 s',
    '1.38 s',
    '1.4 s',
    '1.42 s',
    '1.44 s',
  ]);
  assert.deepEqual(labels(0, 2500, 500), ['0', '500 µs', '1 ms', '1.5 ms', '2 ms', '2.5 ms']);
  assert.deepEqual(labels(0, 5, 500), ['0', '1 µs', '2 µs', '3 µs', '4 µs', '5 µs']);
  assert.deepEqual(labels(10, 11, 500), ['10 µs', '10.2 µs', '10.4 µs', '10.6 µs', '10.8 µs', '11 µs']);
  assert.deepEqual(labels(0, 0.5, 500), ['0', '100 ns', '200 ns', '300 ns', '400 ns', '500 ns']);
  assert.deepEqual(labels(0, 300e6, 500), ['0', '1 min', '2 min', '3 min', '4 min', '5 min']);
  assert.deepEqual(labels(60e6, 120e6, 500), [
    '1 min',
    '1 min 10 s',
    '1 min 20 s',
    '1 min 30 s',
    '1 min 40 s',
    '1 min 50 s',
    '2 min',
  ]);
  assert.deepEqual(labels(60e6, 150e6, 300), ['1 min', '1 min 30 s', '2 min', '2 min 30 s']);
  assert.deepEqual(labels(-2e6, 0, 250), ['-2 s', '-1 s', '0']);
});

test('no ticks for an empty range or no room', () => {
  assert.deepEqual(computeTicks(5, 5, 1000).ticks, []);
  assert.deepEqual(computeTicks(0, 100, 0).ticks, []);
  assert.deepEqual(computeTicks(0, NaN, 100).ticks, []);
});
