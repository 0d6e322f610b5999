import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { FUTURE_STATE } from '../../../src/protocol/messages.ts';
import { LodSpans, mergeSpans, xOf, type TimeScale } from '../../../src/webview/render/lod.ts';

interface Bars {
  ids: Int32Array;
  keys: Float64Array;
  ends: Float64Array;
  states: Uint8Array;
}

/** Non-overlapping bars of a track, sorted by start, from (gap, length, state) triples; the last may be open. */
function track(items: [number, number, number][], lastOpen: boolean): Bars {
  const n = items.length;
  const bars: Bars = {
    ids: new Int32Array(n),
    keys: new Float64Array(n),
    ends: new Float64Array(n),
    states: new Uint8Array(n),
  };
  let t = 0;
  items.forEach(([gap, len, state], k) => {
    const id = n - 1 - k; // ids need not follow positions
    t += gap;
    bars.ids[k] = id;
    bars.keys[k] = t;
    bars.ends[id] = lastOpen && k === n - 1 ? NaN : t + len;
    bars.states[id] = state;
    t += len;
  });
  return bars;
}

const run = (bars: Bars, scale: TimeScale, now: number, from = 0, to = bars.ids.length) => {
  const out = new LodSpans();
  mergeSpans({ ...bars, from, to, now }, scale, out);
  return out;
};

const spans = (out: LodSpans) =>
  Array.from({ length: out.n }, (_, k) => ({
    x0: out.x0[k]!,
    x1: out.x1[k]!,
    count: out.count[k]!,
    state: out.state[k]!,
    item: out.item[k]!,
    failed: out.failed[k]!,
  }));

const barsArb = fc.array(fc.tuple(fc.nat(50), fc.nat(200), fc.integer({ min: 0, max: 4 })), { maxLength: 300 });
const scaleArb = fc.record({
  start: fc.integer({ min: -1000, max: 1000 }),
  pxPerUs: fc.constantFrom(0.001, 0.01, 0.1, 1, 10),
  offset: fc.constantFrom(0, 220),
});

describe('level-of-detail merging', () => {
  test('counts are preserved, spans cover the bars they merge, no bar is lost, x order holds', () => {
    fc.assert(
      fc.property(barsArb, scaleArb, fc.boolean(), (items, scale, lastOpen) => {
        const bars = track(items, lastOpen);
        const now = (bars.keys[bars.keys.length - 1] ?? 0) + 500;
        const out = spans(run(bars, scale, now));
        assert.equal(
          out.reduce((sum, s) => sum + s.count, 0),
          items.length,
        );
        // Walk bars and spans together: each bar falls in the span whose count it fills.
        let k = 0;
        for (const span of out) {
          for (let c = 0; c < span.count; c++, k++) {
            const id = bars.ids[k]!;
            const x0 = xOf(scale, bars.keys[k]!);
            const end = Number.isNaN(bars.ends[id]!) ? Math.max(now, bars.keys[k]!) : bars.ends[id]!;
            const x1 = xOf(scale, end);
            assert.ok(
              span.x0 <= x0 + 1e-9 && span.x1 >= x1 - 1e-9,
              `bar ${k} [${x0}, ${x1}] outside [${span.x0}, ${span.x1}]`,
            );
            if (span.count === 1) assert.equal(span.item, id);
          }
          assert.ok(span.x1 - span.x0 >= 1 - 1e-9, 'every span is at least a pixel wide');
        }
        for (let s = 1; s < out.length; s++) assert.ok(out[s]!.x0 >= out[s - 1]!.x0);
      }),
      { numRuns: 300 },
    );
  });

  test('zoomed in, every bar is drawn on its own', () => {
    const bars = track(
      Array.from({ length: 100 }, (_, i) => [5, 20, i % 5] as [number, number, number]),
      false,
    );
    const out = spans(run(bars, { start: 0, pxPerUs: 1, offset: 0 }, 0));
    assert.equal(out.length, 100);
    assert.ok(out.every((s, k) => s.count === 1 && s.item === bars.ids[k] && s.state === bars.states[s.item]));
  });

  test('zoomed out, thousands of bars become a handful of spans whose state is the commonest', () => {
    const items = Array.from(
      { length: 10_000 },
      (_, i) => [1, 10, i % 10 === 0 ? FUTURE_STATE.exception : FUTURE_STATE.result] as [number, number, number],
    );
    const out = spans(run(track(items, false), { start: 0, pxPerUs: 0.001, offset: 0 }, 0));
    assert.ok(out.length <= 120, `${out.length} spans`);
    assert.equal(
      out.reduce((s, x) => s + x.count, 0),
      10_000,
    );
    assert.ok(out.every((s) => s.state === FUTURE_STATE.result));
    assert.ok(
      out.every((s) => s.failed === 1),
      'a merged span still says that some of its bars failed',
    );
  });

  test('a tie between states goes to the more severe one', () => {
    const items: [number, number, number][] = [
      [0, 0.1, FUTURE_STATE.result],
      [0, 0.1, FUTURE_STATE.exception],
    ];
    const out = spans(run(track(items, false), { start: 0, pxPerUs: 1, offset: 0 }, 0));
    assert.deepEqual(
      out.map((s) => [s.count, s.state]),
      [[2, FUTURE_STATE.exception]],
    );
  });

  test('only the window [from, to) is merged', () => {
    const bars = track(
      Array.from({ length: 50 }, () => [10, 10, 2] as [number, number, number]),
      false,
    );
    const out = spans(run(bars, { start: 0, pxPerUs: 1, offset: 0 }, 0, 10, 20));
    assert.equal(out.length, 10);
    assert.equal(out[0]!.item, bars.ids[10]);
  });
});
