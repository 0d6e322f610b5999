/** The operations of the executor stress test, their random generators and the outcomes tasks must have. */
import fc from 'fast-check';
import {
  ALL_COMPLETED,
  FIRST_COMPLETED,
  FIRST_EXCEPTION,
  type Future,
  type ReturnWhen,
} from '../../../../src/executor/index.ts';
import type { AnyFunction } from '../../../../src/executor/executor-base.ts';
import { stressFailure, stressTask, type StressKind } from './stress-task.ts';

export interface TaskSpec {
  kind: StressKind;
  delayMs: number;
  value: number;
}

/** How to run a spec on the executor under test. `fn` must be the same for every spec (map uses it for all items). */
export type MakeTask = (spec: TaskSpec) => { fn: AnyFunction; args: unknown[] };

export const makeStressTask: MakeTask = (spec) => ({ fn: stressTask, args: [spec.kind, spec.delayMs, spec.value] });

export type Op =
  | { op: 'submit'; spec: TaskSpec }
  | { op: 'cancel'; index: number }
  | { op: 'callback'; index: number }
  | { op: 'result'; index: number; timeout: number | undefined; exception: boolean; awaited: boolean }
  | { op: 'wait'; indices: number[]; returnWhen: ReturnWhen; timeout: number | undefined; awaited: boolean }
  | {
      op: 'asCompleted';
      indices: number[];
      timeout: number | undefined;
      breakAfter: number | undefined;
      awaited: boolean;
    }
  | {
      op: 'map';
      specs: TaskSpec[];
      timeout: number | undefined;
      chunkSize: number;
      breakAfter: number | undefined;
      awaited: boolean;
    }
  | { op: 'sleep'; ms: number }
  | { op: 'shutdown'; wait: boolean; cancelFutures: boolean; awaited: boolean };

const spec: fc.Arbitrary<TaskSpec> = fc.record({
  kind: fc.constantFrom<StressKind>('sync-ok', 'sync-throw', 'async-ok', 'async-reject'),
  delayMs: fc.integer({ min: 0, max: 3 }),
  value: fc.integer({ min: 0, max: 999 }),
});
const timeout = fc.option(fc.integer({ min: 0, max: 6 }), { nil: undefined });
const breakAfter = fc.option(fc.integer({ min: 0, max: 3 }), { nil: undefined });
const indices = fc.array(fc.nat(), { maxLength: 5 });

export const op: fc.Arbitrary<Op> = fc.oneof(
  { weight: 8, arbitrary: fc.record({ op: fc.constant('submit' as const), spec }) },
  { weight: 3, arbitrary: fc.record({ op: fc.constant('cancel' as const), index: fc.nat() }) },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('callback' as const), index: fc.nat() }) },
  {
    weight: 3,
    arbitrary: fc.record({
      op: fc.constant('result' as const),
      index: fc.nat(),
      timeout,
      exception: fc.boolean(),
      awaited: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('wait' as const),
      indices,
      returnWhen: fc.constantFrom<ReturnWhen>(FIRST_COMPLETED, FIRST_EXCEPTION, ALL_COMPLETED),
      timeout,
      awaited: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('asCompleted' as const),
      indices,
      timeout,
      breakAfter,
      awaited: fc.boolean(),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      op: fc.constant('map' as const),
      specs: fc.array(spec, { maxLength: 6 }),
      timeout,
      chunkSize: fc.integer({ min: 1, max: 3 }),
      breakAfter,
      awaited: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.record({ op: fc.constant('sleep' as const), ms: fc.integer({ min: 0, max: 3 }) }) },
  {
    weight: 1,
    arbitrary: fc.record({
      op: fc.constant('shutdown' as const),
      wait: fc.boolean(),
      cancelFutures: fc.boolean(),
      awaited: fc.boolean(),
    }),
  },
);

export interface Tracked {
  future: Future<unknown>;
  spec: TaskSpec;
  callbacksAdded: number;
  /** The state each callback saw, one entry per run. */
  callbackRuns: string[];
}

export function expected(s: TaskSpec): { ok: true; value: number } | { ok: false; message: string } {
  return s.kind.endsWith('ok') ? { ok: true, value: s.value } : { ok: false, message: stressFailure(s.value) };
}

export function isFailureOf(error: unknown, s: TaskSpec): boolean {
  const want = expected(s);
  return !want.ok && error instanceof Error && error.message === want.message;
}
