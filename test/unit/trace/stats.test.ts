import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { buildModel } from '../../../src/trace/model-builder.ts';
import { computeStats, percentiles, type ExecutorStats } from '../../../src/trace/stats.ts';
import { formatDuration, renderTable } from '../../../src/trace/format-summary.ts';
import { readGolden } from './golden-files.ts';

function statsOf(name: string) {
  const { model, issues } = buildModel(readGolden(name));
  assert.deepEqual(issues, []);
  return computeStats(model);
}

function close(actual: number, expected: number, what: string): void {
  assert.ok(Math.abs(actual - expected) < 1e-9, `${what}: ${actual} ≠ ${expected}`);
}

function counts(x: ExecutorStats) {
  const { futures, ok, failed, cancelled, running, pending, timeouts, crashes, broken } = x;
  return { futures, ok, failed, cancelled, running, pending, timeouts, crashes, broken };
}

// Every expected number below was worked out by hand from the golden recording's timestamps.
describe('stats of the golden recordings', () => {
  test('node-async-pool: outcomes, percentiles, utilization, throughput', () => {
    const stats = statsOf('node-async-pool.ndjson');
    assert.equal(stats.durationUs, 72_300);
    assert.equal(stats.exitCode, 0);
    const [x] = stats.executors;
    assert.deepEqual(counts(x!), {
      futures: 7,
      ok: 5,
      failed: 1,
      cancelled: 1,
      running: 0,
      pending: 0,
      timeouts: 1,
      crashes: 0,
      broken: false,
    });
    // Waits 10, 5, 2, 12180, 17740, 24700 µs; runs 17790, 12165, 24738, 48530, 51960, 46990 µs.
    assert.deepEqual(x!.queueWait, { count: 6, p50: 10, p95: 24_700, max: 24_700 });
    assert.deepEqual(x!.runTime, { count: 6, p50: 24_738, p95: 51_960, max: 51_960 });
    assert.equal(x!.busyUs, 202_173);
    assert.equal(x!.spanUs, 72_002 - 200);
    close(x!.utilization, 202_173 / (3 * 71_802), 'utilization');
    close(x!.throughput, 6 / 0.071802, 'throughput');
  });

  test('node-worker-pool-crash: a crashed run counts up to its done', () => {
    const [x] = statsOf('node-worker-pool-crash.ndjson').executors;
    assert.deepEqual(counts(x!), {
      futures: 5,
      ok: 1,
      failed: 4,
      cancelled: 0,
      running: 0,
      pending: 0,
      timeouts: 0,
      crashes: 1,
      broken: true,
    });
    assert.deepEqual(x!.queueWait, { count: 3, p50: 30_480, p95: 178_920, max: 178_920 });
    assert.deepEqual(x!.runTime, { count: 1, p50: 148_990, p95: 148_990, max: 148_990 });
    // 148990 (ended) + 219130 (future 2, until its done) + 70660 (future 3, until its done).
    assert.equal(x!.busyUs, 438_780);
    assert.equal(x!.spanUs, 249_680);
  });

  test('python-thread-pool: killed with work running, so the span runs to the end', () => {
    const stats = statsOf('python-thread-pool.ndjson');
    assert.equal(stats.exitCode, null);
    assert.equal(stats.exitSignal, 'SIGTERM');
    const [x] = stats.executors;
    assert.deepEqual(counts(x!), {
      futures: 8,
      ok: 3,
      failed: 1,
      cancelled: 0,
      running: 3,
      pending: 1,
      timeouts: 1,
      crashes: 0,
      broken: false,
    });
    assert.deepEqual(x!.queueWait, { count: 7, p50: 409_670, p95: 2_499_335, max: 2_499_335 });
    assert.deepEqual(x!.runTime, { count: 4, p50: 899_290, p95: 1_299_900, max: 1_299_900 });
    assert.equal(x!.busyUs, 17_996_715);
    assert.equal(x!.spanUs, 6_000_000 - 600);
    close(x!.throughput, 4 / 5.9994, 'throughput');
  });

  test('python-process-pool: two executors of two processes, and dropped events', () => {
    const stats = statsOf('python-process-pool.ndjson');
    assert.equal(stats.dropped, 12);
    const [outer, inner] = stats.executors;
    assert.equal(inner!.xid, 8102 * 2 ** 24 + 1);
    assert.deepEqual([outer!.futures, outer!.ok, outer!.failed], [4, 3, 1]);
    assert.deepEqual(outer!.queueWait, { count: 4, p50: 54_590, p95: 519_970, max: 519_970 });
    assert.deepEqual(outer!.runTime, { count: 4, p50: 399_000, p95: 464_400, max: 464_400 });
    close(outer!.utilization, 1_639_900 / (2 * 949_100), 'outer utilization');
    close(inner!.utilization, 33_600 / (2 * 33_910), 'inner utilization');
  });
});

describe('helpers', () => {
  test('nearest-rank percentiles', () => {
    assert.deepEqual(percentiles([]), { count: 0, p50: NaN, p95: NaN, max: NaN });
    assert.deepEqual(percentiles([7]), { count: 1, p50: 7, p95: 7, max: 7 });
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    assert.deepEqual(percentiles(hundred), { count: 100, p50: 50, p95: 95, max: 100 });
  });

  test('durations pick a unit and keep three significant digits', () => {
    const cases: [number, string][] = [
      [0, '0 µs'],
      [850, '850 µs'],
      [999.4, '999 µs'],
      [999.6, '1.00 ms'],
      [12_345, '12.3 ms'],
      [123_456, '123 ms'],
      [1_520_000, '1.52 s'],
      [152_000_000, '152 s'],
      [4_000_000_000, '4000 s'],
      [NaN, '–'],
    ];
    for (const [us, text] of cases) assert.equal(formatDuration(us), text, String(us));
  });

  test('tables align text left and numbers right, counting characters not bytes', () => {
    const text = renderTable(
      [
        ['name', 'µs'],
        ['é', '10'],
        ['long', '5'],
      ],
      ['l', 'r'],
    );
    assert.equal(text, 'name  µs\né     10\nlong   5');
  });
});
