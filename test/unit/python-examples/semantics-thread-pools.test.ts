// The thread-pool examples about submitting and collecting results behave the same with and
// without the tracer; and every example is in exactly one group of record and semantics tests.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { EXAMPLES } from './examples.ts';
import { GROUPS } from './groups.ts';
import { describeSemantics } from './semantics.ts';

describe('example groups', () => {
  test('every example is recorded and compared in exactly one group', () => {
    const grouped = Object.values(GROUPS).flat();
    assert.deepEqual([...grouped].sort(), EXAMPLES.map((example) => example.file).sort());
  });
});

describeSemantics(
  'Python examples traced and untraced: thread pools: submit, result, map, as_completed, wait',
  GROUPS['thread-pools'],
);
