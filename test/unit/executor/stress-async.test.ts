// Property-based stress of AsyncPoolExecutor: random interleavings of every operation, checked
// against CPython's invariants and against the recording. The same harness runs the worker pool.
import { test } from 'node:test';
import { AsyncPoolExecutor } from '../../../src/executor/index.ts';
import { makeStressTask, runExecutorStress } from './helpers/executor-stress.ts';

test('AsyncPoolExecutor keeps its invariants under random operation sequences', async () => {
  await runExecutorStress((maxWorkers) => new AsyncPoolExecutor({ maxWorkers }), makeStressTask, { numRuns: 50 });
});
