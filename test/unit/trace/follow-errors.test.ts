// Regression tests for weakness 11 of the robustness review: the follower and unreadable paths.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followTrace } from '../../../src/trace/node/follow.ts';
import type { TraceIssue } from '../../../src/trace/issues.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function follow(path: string) {
  const found: TraceIssue[] = [];
  const follower = followTrace(path, { event: () => undefined, issue: (i) => found.push(i) }, { pollMs: 10 });
  return { found, follower };
}

test('the follower reports a path that is a folder once, clearly, and stops polling it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-follow-'));
  const path = join(dir, 'trace.ndjson');
  mkdirSync(path);
  const { found, follower } = follow(path);
  try {
    await sleep(300); // About 30 polls.
    await follower.poll();
  } finally {
    await follower.close();
    rmSync(dir, { recursive: true });
  }
  assert.deepEqual(
    found.map((i) => [i.severity, i.code, i.message]),
    [['error', 'notAFile', `${path} is a folder, not a recording file; stopped following it`]],
  );
});

test('the follower reports an error other than "not found" once, not on every poll, and not as "empty"', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-follow-'));
  const file = join(dir, 'a-file');
  writeFileSync(file, '');
  // Opening a path below a regular file fails with ENOTDIR, as an unreadable file fails with EACCES:
  // both mean the recording cannot be read, not that it is not there yet.
  const path = join(file, 'trace.ndjson');
  const { found, follower } = follow(path);
  try {
    await sleep(300);
  } finally {
    await follower.close();
    rmSync(dir, { recursive: true });
  }
  assert.deepEqual(
    found.map((i) => [i.code, i.message]),
    [['readFailed', `could not read ${path} (a parent is not a folder); will try again`]],
  );
});

test('a file that is not there yet is still waited for silently', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-follow-'));
  const { found, follower } = follow(join(dir, 'later.ndjson'));
  await sleep(100);
  await follower.close();
  rmSync(dir, { recursive: true });
  assert.deepEqual(
    found.map((i) => i.code),
    ['empty'],
  );
});
