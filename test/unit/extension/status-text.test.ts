import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { programEndLine, statusText } from '../../../src/extension/status-text.ts';

const counts = { running: 2, queued: 5, done: 10, failed: 1, cancelled: 0, unfinished: 0 };
const ended = { ...counts, running: 0, queued: 0 };

describe('statusText', () => {
  test('while running: the counts, spinning', () => {
    assert.equal(
      statusText({ ...counts, program: { state: 'running' } }),
      '$(sync~spin) Poolscope: 2 running · 5 queued · 10 done · 1 failed',
    );
  });
  test('after the end: how it ended, and the final counts', () => {
    assert.equal(
      statusText({ ...ended, program: { state: 'exited', code: 0, signal: null, stopped: false } }),
      '$(check) Poolscope: exited with code 0 · 10 done · 1 failed',
    );
    assert.equal(
      statusText({ ...ended, program: { state: 'exited', code: 2, signal: null, stopped: false } }),
      '$(warning) Poolscope: exited with code 2 · 10 done · 1 failed',
    );
    assert.equal(
      statusText({
        ...ended,
        unfinished: 7,
        program: { state: 'exited', code: null, signal: 'SIGKILL', stopped: false },
      }),
      '$(warning) Poolscope: killed by SIGKILL · 10 done · 1 failed · 7 unfinished',
    );
    assert.equal(
      statusText({ ...ended, cancelled: 3, program: { state: 'exited', code: 130, signal: null, stopped: true } }),
      '$(debug-stop) Poolscope: stopped by the user (exit code 130) · 10 done · 1 failed · 3 cancelled',
    );
  });
});

describe('programEndLine', () => {
  test('how the program ended and where its events went', () => {
    const result = { code: 0, signal: null, events: 48, file: '/r/p.ndjson' };
    assert.equal(programEndLine(result), '■ exited with code 0; 48 events recorded in /r/p.ndjson');
    assert.equal(
      programEndLine({ ...result, code: null, signal: 'SIGTERM' }),
      '■ ended by SIGTERM; 48 events recorded in /r/p.ndjson',
    );
  });
  test('regression (G7): a recording deleted while the program ran is not reported as events recorded', () => {
    const line = programEndLine({ code: 0, signal: null, events: 0, file: '/r/p.ndjson', gone: 'deleted' });
    assert.equal(line, '■ exited with code 0');
  });
});
