import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TraceEvent } from '../../../src/trace/schema.ts';
import { ensureBuilt, tempDir } from '../runner/helpers.ts';
import { FIXTURES, assertConforms, ofType, readRecording, record, startRecording } from './helpers.ts';

const { dir, remove } = tempDir('poolscope-python-');
after(remove);

/** The stack samples of the two futures of stuck.py: one on a pool thread, one in a pool process. */
function assertStacksOfStuckFutures(events: TraceEvent[], expectedPerFuture: number): void {
  const starts = ofType(events, 'start');
  assert.equal(starts.length, 2);
  const stacks = ofType(events, 'stack');
  for (const start of starts) {
    const mine = stacks.filter((s) => s.fid === start.fid);
    assert.equal(mine.length, expectedPerFuture, `stack samples of future ${start.fid}`);
    for (const stack of mine) {
      assert.equal(stack.lane, start.lane, 'sampled on the lane running the future');
      const innermost = stack.frames.at(-1)!;
      assert.deepEqual([innermost.file, innermost.line, innermost.fn], [join(FIXTURES, 'stuck.py'), 10, 'stuck_here']);
      assert.ok(stack.frames.length > 2, 'outer frames too');
      assert.ok(!stack.frames.some((f) => f.file.includes('poolscope_tracer')), 'no frame of the tracer');
    }
  }
  const threadLane = ofType(events, 'lane').find((l) => l.name === 'slow_0')!.lane;
  const processLane = ofType(events, 'lane').find((l) => l.kind === 'process')!.lane;
  assert.deepEqual(new Set(stacks.map((s) => s.lane)), new Set([threadLane, processLane]));
}

describe('poolscope record: stacks of stuck futures', () => {
  before(ensureBuilt);

  test('a future running longer than POOLSCOPE_STUCK_MS gets one stack sample, thread or process', () => {
    const run = record(join(dir, 'stuck.ndjson'), ['stuck.py'], { env: { POOLSCOPE_STUCK_MS: '300' } });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '0.9 0.9\n');
    assertConforms(run);
    assertStacksOfStuckFutures(run.events, 1);
  });

  test('touching <recording>.stacks asks every process for the stacks of its running futures', async () => {
    const out = join(dir, 'asked.ndjson');
    const child = startRecording(out, ['stuck.py'], { POOLSCOPE_STUCK_MS: '60000' });
    const ended = new Promise<number | null>((done) => child.on('close', done));
    const deadline = Date.now() + 20_000;
    const startsWritten = () => existsSync(out) && readFileSync(out, 'utf8').split('"e":"start"').length - 1 === 2;
    while (!startsWritten()) {
      assert.ok(Date.now() < deadline, 'both futures should have started');
      await new Promise((r) => setTimeout(r, 20));
    }
    writeFileSync(`${out}.stacks`, '');
    assert.equal(await ended, 0);
    const recording = readRecording(out);
    assertConforms(recording);
    assertStacksOfStuckFutures(recording.events, 1);
  });
});
