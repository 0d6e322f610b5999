import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { followTrace } from '../../../src/trace/node/follow.ts';
import type { TraceIssue } from '../../../src/trace/issues.ts';
import type { Header, TraceEvent } from '../../../src/trace/schema.ts';
import { toLine } from '../../../src/trace/writer.ts';

const header: Header = {
  e: 'header',
  v: 1,
  ts: 1,
  wallMs: 1,
  clock: 'CLOCK_MONOTONIC',
  unit: 'us',
  runtime: 'node',
  runtimeVersion: '20',
  program: 'p',
  args: [],
  cwd: '/',
  pid: 1,
  writer: 'test',
};
const mark = (name: string): TraceEvent => ({ e: 'mark', ts: 2, name, lane: '1:0' });

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-follow-'));
  const path = join(dir, 'trace.ndjson');
  const names: string[] = [];
  const found: TraceIssue[] = [];
  let headers = 0;
  const sink = {
    header: () => headers++,
    event: (e: TraceEvent) => names.push((e as { name: string }).name),
    issue: (i: TraceIssue) => found.push(i),
  };
  return { dir, path, names, found, sink, headers: () => headers };
}

/** Polls `check` until it holds; the follower also notices changes on its own timer. */
async function eventually(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i++) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  assert.fail(`timed out waiting for ${what}`);
}

test('follows a file as it is appended to, waiting for a partial line to be completed', async () => {
  const t = setup();
  writeFileSync(t.path, toLine(header) + toLine(mark('one')));
  const follower = followTrace(t.path, t.sink, { pollMs: 10 });
  try {
    await eventually(() => t.names.length === 1, 'the first event');
    const line = toLine(mark('twö'));
    const cut = line.indexOf('ö') + 1; // Inside the two bytes of ö.
    const bytes = Buffer.from(line);
    appendFileSync(t.path, bytes.subarray(0, cut));
    await follower.poll();
    assert.deepEqual(t.names, ['one']);
    appendFileSync(t.path, bytes.subarray(cut));
    await eventually(() => t.names.length === 2, 'the completed line');
    appendFileSync(t.path, toLine(mark('three')));
    await eventually(() => t.names.length === 3, 'the third event');
    assert.deepEqual(t.names, ['one', 'twö', 'three']);
    assert.equal(t.headers(), 1);
  } finally {
    await follower.close();
    rmSync(t.dir, { recursive: true });
  }
  assert.deepEqual(t.found, []);
});

test('waits for a file that does not exist yet', async () => {
  const t = setup();
  const follower = followTrace(t.path, t.sink, { pollMs: 10 });
  try {
    await follower.poll();
    assert.deepEqual(t.names, []);
    writeFileSync(t.path, toLine(header) + toLine(mark('late')));
    await eventually(() => t.names.length === 1, 'the event of the new file');
  } finally {
    await follower.close();
    rmSync(t.dir, { recursive: true });
  }
});

test('closing reports a line the writer never finished', async () => {
  const t = setup();
  writeFileSync(t.path, toLine(header) + toLine(mark('one')) + '{"e":"mark","ts":3,');
  const follower = followTrace(t.path, t.sink, { pollMs: 10 });
  await eventually(() => t.names.length === 1, 'the first event');
  await follower.close();
  rmSync(t.dir, { recursive: true });
  assert.deepEqual(
    t.found.map((i) => i.code),
    ['truncated'],
  );
});

test('a file truncated and rewritten is read again from the start', async () => {
  const t = setup();
  let restarts = 0;
  writeFileSync(t.path, toLine(header) + toLine(mark('old-1')) + toLine(mark('old-2')));
  const follower = followTrace(t.path, t.sink, { pollMs: 10, onRestart: () => restarts++ });
  try {
    await eventually(() => t.names.length === 2, 'the first recording');
    writeFileSync(t.path, toLine(header) + toLine(mark('new')));
    await eventually(() => t.names.includes('new'), 'the rewritten recording');
    assert.equal(restarts, 1);
  } finally {
    await follower.close();
    rmSync(t.dir, { recursive: true });
  }
});
