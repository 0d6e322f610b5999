import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statusText } from '../../../src/extension/status-text.ts';

const counts = { running: 2, queued: 5, done: 10, failed: 1 };

describe('statusText', () => {
  test('while running: the counts, spinning', () => {
    assert.equal(
      statusText({ ...counts, program: { state: 'running' } }),
      '$(sync~spin) Poolscope: 2 running · 5 queued · 10 done · 1 failed',
    );
  });
  test('after the end: how it ended', () => {
    assert.equal(
      statusText({ ...counts, program: { state: 'exited', code: 0, signal: null } }),
      '$(check) Poolscope: 2 running · 5 queued · 10 done · 1 failed (exit 0)',
    );
    assert.equal(
      statusText({ ...counts, program: { state: 'exited', code: null, signal: 'SIGINT' } }),
      '$(warning) Poolscope: 2 running · 5 queued · 10 done · 1 failed (ended by SIGINT)',
    );
  });
});
