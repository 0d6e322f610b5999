// One AbortSignal shared by many tasks ("one controller cancels everything").
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { getEventListeners } from 'node:events';
import { WorkerPoolExecutor } from '../../../src/executor/worker-pool.ts';
import { AbortError } from '../../../src/executor/worker-errors.ts';
import { esmFixture, until, type Module } from './fixtures.ts';

let esm: Module;
before(async () => {
  esm = await esmFixture('esm-tasks.mjs');
});

/** Runs `body` and gives the process warnings emitted meanwhile. */
async function captureWarnings(body: () => Promise<void>): Promise<Error[]> {
  const warnings: Error[] = [];
  const onWarning = (w: Error): number => warnings.push(w);
  process.on('warning', onWarning);
  try {
    await body();
    // Warnings are emitted on a later tick.
    await new Promise((resolve) => setImmediate(resolve));
  } finally {
    process.off('warning', onWarning);
  }
  return warnings;
}

test(
  'regression (N2): many tasks sharing one AbortSignal add one listener, not one each (no MaxListenersExceededWarning)',
  { timeout: 20_000 },
  async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 2 });
    const controller = new AbortController();
    const { signal } = controller;
    const warnings = await captureWarnings(async () => {
      const futures = Array.from({ length: 20 }, () => pool.submitWith({ signal }, esm.sleep!, 10_000, 'never'));
      const chunked = pool.mapWith(
        { signal, chunkSize: 2 },
        esm.sleep!,
        [10_000, 10_000, 10_000, 10_000, 10_000, 10_000],
      );
      await until(() => futures[0]!.running() && futures[1]!.running());
      assert.equal(getEventListeners(signal, 'abort').length, 1, 'queued and running tasks share one listener');
      controller.abort(new Error('enough'));
      for (const future of futures) assert.ok((await future.exception()) instanceof AbortError, future.toString());
      await assert.rejects(chunked.next(), AbortError);
      assert.equal(getEventListeners(signal, 'abort').length, 0);
    });
    assert.deepEqual(
      warnings.map((w) => `${w.name}: ${w.message}`),
      [],
    );
    // The pool was not broken by the aborts, and a signal whose tasks all finish is let go.
    const calm = new AbortController();
    const results = await Promise.all(
      Array.from({ length: 12 }, (_, i) => pool.submitWith({ signal: calm.signal }, esm.square!, i)),
    );
    assert.deepEqual(
      results,
      Array.from({ length: 12 }, (_, i) => i * i),
    );
    assert.equal(getEventListeners(calm.signal, 'abort').length, 0);
    await pool.shutdown();
  },
);

test(
  'regression (D3): items a lazy map (bufferSize) submits later still carry its AbortSignal',
  { timeout: 20_000 },
  async () => {
    const pool = new WorkerPoolExecutor({ maxWorkers: 2 });
    const controller = new AbortController();
    const it = pool.mapWith(
      { signal: controller.signal, bufferSize: 1 },
      esm.sleep!,
      [1, 10_000, 10_000],
      ['a', 'b', 'c'],
    );
    assert.deepEqual(await it.next(), { done: false, value: 'a' });
    // Asking for 'b' submits it now, after mapWith has returned.
    const second = it.next();
    setTimeout(() => controller.abort(), 50);
    await assert.rejects(second, AbortError);
    assert.equal(getEventListeners(controller.signal, 'abort').length, 0);
    await pool.shutdown();
  },
);
