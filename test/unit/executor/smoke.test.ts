import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Future } from '../../../src/executor/future.ts';

test('a future resolves through await', async () => {
  const f = new Future<number>('f');
  assert.equal(f.setRunningOrNotifyCancel(), true);
  f.setResult(3);
  assert.equal(await f, 3);
});
