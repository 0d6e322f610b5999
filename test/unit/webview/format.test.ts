import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatDuration, formatMs, formatTimestamp } from '../../../src/webview/format.ts';

test('durations read in the largest unit under them, three significant digits', () => {
  const cases: [number, string][] = [
    [0, '0 µs'],
    [0.25, '250 ns'],
    [1, '1 µs'],
    [12.5, '12.5 µs'],
    [999, '999 µs'],
    [999.7, '1 ms'],
    [1234, '1.23 ms'],
    [250_000, '250 ms'],
    [1_500_000, '1.5 s'],
    [59_999_999, '60 s'],
    [60e6, '1 min'],
    [125e6, '2 min 5 s'],
    [3600e6, '60 min'],
    [-1500, '-1.5 ms'],
    [NaN, '—'],
    [Infinity, '—'],
  ];
  for (const [us, text] of cases) assert.equal(formatDuration(us), text, String(us));
});

test('table milliseconds and exact timestamps', () => {
  assert.equal(formatMs(1500), '1.5');
  assert.equal(formatMs(1), '0.001');
  assert.equal(formatMs(2_000_000), '2000');
  assert.equal(formatMs(NaN), '');
  assert.equal(formatTimestamp(1_234_567), '1.234567 s');
  assert.equal(formatTimestamp(850), '850 µs');
  assert.equal(formatTimestamp(25_010), '25.01 ms');
  assert.equal(formatTimestamp(2_000_000), '2 s');
  assert.equal(formatTimestamp(NaN), '—');
});
