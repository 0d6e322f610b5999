import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, tempDir } from '../runner/helpers.ts';
import {
  assertConforms,
  ofType,
  plain,
  programStderr,
  readRecording,
  record,
  startRecording,
  type Recorded,
} from './helpers.ts';

const { dir, remove } = tempDir('poolscope-python-');
after(remove);

describe('poolscope record: timeouts and cancel()', () => {
  let run: Recorded;
  before(() => {
    ensureBuilt();
    run = record(join(dir, 'timeouts.ndjson'), ['timeouts.py']);
  });

  test('output and exit code are the program’s own; the recording validates', () => {
    const alone = plain(['timeouts.py']);
    assert.equal(run.status, alone.status);
    assert.equal(run.stdout, alone.stdout);
    assert.equal(programStderr(run), alone.stderr);
    assertConforms(run);
  });

  test('each timeout names its op, the timeout given, the pending futures and the block it ended', () => {
    const submits = ofType(run.events, 'submit');
    const blocker = submits[0]!.fid;
    const mapItems = submits.filter((s) => s.map !== undefined).map((s) => s.fid);
    const timeouts = ofType(run.events, 'timeout');
    assert.deepEqual(
      timeouts.map((t) => [t.op, t.timeoutMs, t.pending]),
      [
        ['result', 50, [blocker]],
        ['as_completed', 50, [blocker]],
        ['wait', 50, [blocker]],
        ['map', 50, mapItems],
      ],
    );
    const begins = ofType(run.events, 'block-begin');
    const ends = ofType(run.events, 'block-end');
    for (const timeout of timeouts) {
      const begin = begins.find((b) => b.bid === timeout.bid);
      assert.ok(begin, `timeout ${timeout.op} names a block`);
      assert.equal(begin.op, timeout.op);
      assert.equal(begin.timeoutMs, 50);
      assert.deepEqual(ends.find((e) => e.bid === timeout.bid)?.timedOut, true);
      assert.equal(timeout.site?.line, begin.site?.line);
    }
    assert.deepEqual(
      timeouts.map((t) => t.site?.line),
      [17, 21, 25, 28],
    );
  });

  test('cancel() is recorded with its answer; a cancelled future is done as cancelled', () => {
    const submits = ofType(run.events, 'submit');
    const [blocker, queued] = [submits[0]!.fid, submits[1]!.fid];
    const cancels = ofType(run.events, 'cancel');
    assert.deepEqual(
      cancels.slice(0, 2).map((c) => [c.fid, c.ok]),
      [
        [queued, true],
        [blocker, false],
      ],
    );
    // map() cancels its unread items when its timeout fires (3.11+ also the one it waited for).
    const mapItems = submits.filter((s) => s.map !== undefined).map((s) => s.fid);
    const mapCancels = cancels.slice(2);
    assert.ok(mapCancels.length >= 1 && mapCancels.every((c) => c.ok && mapItems.includes(c.fid)));
    assert.equal(mapCancels.at(-1)!.fid, mapItems.at(-1));
    const cancelled = ofType(run.events, 'done')
      .filter((d) => d.outcome === 'cancelled')
      .map((d) => d.fid);
    assert.deepEqual(cancelled, [queued, ...mapCancels.map((c) => c.fid)]);
    assert.ok(!ofType(run.events, 'start').some((s) => cancelled.includes(s.fid)));
    const ran = mapItems.filter((fid) => !cancelled.includes(fid));
    assert.ok(
      ran.every((fid) => ofType(run.events, 'end').some((e) => e.fid === fid)),
      'the rest still ran',
    );
    assert.equal(ofType(run.events, 'done').find((d) => d.fid === blocker)?.value, 'True');
  });
});

describe('poolscope record: how the program ends', () => {
  before(ensureBuilt);

  test('os._exit() after pool work: every event is in the file, and the exit code is kept', () => {
    const run = record(join(dir, 'os-exit.ndjson'), ['exits.py', 'os-exit']);
    assert.equal(run.status, 4);
    assert.equal(run.stdout, '1024\n');
    assertConforms(run);
    assert.deepEqual(
      run.events
        .filter((e) => e.e !== 'lane')
        .map((e) => e.e)
        .sort(),
      ['done', 'end', 'executor', 'exit', 'start', 'submit', 'worker-spawn'],
    );
    assert.deepEqual(run.events.at(-1) && { ...run.events.at(-1), ts: 0, pid: 0 }, {
      e: 'exit',
      ts: 0,
      pid: 0,
      code: 4,
    });
  });

  test('SIGTERM: the program dies of it as usual, after writing what it had', async () => {
    const out = join(dir, 'sigterm.ndjson');
    const child = startRecording(out, ['exits.py', 'wait']);
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    const ended = new Promise<{ code: number | null }>((done) => child.on('close', (code) => done({ code })));
    const deadline = Date.now() + 20_000;
    while (!stdout.includes('waiting') || !existsSync(out) || !readFileSync(out, 'utf8').includes('"block-begin"')) {
      assert.ok(Date.now() < deadline, 'the program did not start waiting');
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill('SIGTERM');
    const { code } = await ended;
    assert.equal(code, 128 + 15);
    const recording = readRecording(out);
    assertConforms(recording);
    const last = recording.events.at(-1)!;
    assert.deepEqual(last.e === 'exit' && [last.code, last.signal], [null, 'SIGTERM']);
    assert.deepEqual(
      ofType(recording.events, 'block-begin').map((b) => b.op),
      ['result'],
    );
  });
});

describe('poolscope record: tracebacks', () => {
  before(ensureBuilt);

  test('logged, printed and uncaught tracebacks are byte for byte the program’s own', () => {
    const run = record(join(dir, 'tracebacks.ndjson'), ['tracebacks.py']);
    const alone = plain(['tracebacks.py']);
    const addresses = (text: string) => text.replace(/ at 0x[0-9a-f]+/g, ' at 0x…');
    assert.equal(run.status, alone.status);
    assert.equal(addresses(programStderr(run)), addresses(alone.stderr));
    assert.match(alone.stderr, /exception calling callback for <Future/);
    assert.match(alone.stderr, /ZeroDivisionError: division by zero/);
    assert.doesNotMatch(run.stderr, /poolscope_tracer/);
    assertConforms(run);
    const [raised] = ofType(run.events, 'cb-end');
    assert.deepEqual(raised && [raised.raised, raised.error?.type, raised.error?.message], [
      true,
      'KeyError',
      "'rows'",
    ]);
  });
});
