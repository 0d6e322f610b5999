import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { drainRing, RING_BUSY } from '../../../src/executor/recording/ring-drain.ts';
import { createRing, RING_DETACHED, RING_LOCK, viewRing } from '../../../src/executor/recording/ring-layout.ts';
import { RingRecorder, type RecorderHost } from '../../../src/executor/recording/ring-recorder.ts';
import { RingWriter } from '../../../src/executor/recording/ring-writer.ts';
import { completeLines, tempPath } from './helpers.ts';

function writeLine(ring: RingWriter, text: string): boolean {
  const o = ring.reserve(text.length);
  if (o < 0) return false;
  for (let i = 0; i < text.length; i++) ring.bytes[o + i] = text.charCodeAt(i);
  ring.commit(o + text.length);
  return true;
}

function withFile<T>(run: (fd: number, path: string) => T): T {
  const path = tempPath('ring.ndjson');
  const fd = openSync(path, 'a');
  try {
    return run(fd, path);
  } finally {
    closeSync(fd);
  }
}

describe('ring buffer', () => {
  test('lines written across the end of the ring come out whole and in order', () => {
    withFile((fd, path) => {
      const sab = createRing(100, '1:0');
      const ring = new RingWriter(sab);
      const view = viewRing(sab);
      const expected: string[] = [];
      // 23-byte lines in a 100-byte ring: the fifth does not fit before the end and wraps.
      for (let i = 0; i < 40; i++) {
        const line = `{"n":${String(i).padStart(16, '0')}}\n`;
        assert.equal(line.length, 23);
        if (!writeLine(ring, line)) {
          drainRing(view, fd);
          assert.ok(writeLine(ring, line), 'room again once drained');
        }
        expected.push(line);
        if (i % 3 === 2) drainRing(view, fd);
      }
      drainRing(view, fd);
      assert.equal(readFileSync(path, 'latin1'), expected.join(''));
    });
  });

  test('a full ring refuses a line instead of overwriting unread data', () => {
    const ring = new RingWriter(createRing(64, '1:0'));
    assert.ok(writeLine(ring, 'a'.repeat(40) + '\n'));
    assert.equal(ring.reserve(30), -1, 'only 23 bytes are free');
    assert.ok(writeLine(ring, 'b'.repeat(21) + '\n'), 'a line that fits still goes in');
    assert.equal(ring.reserve(2), -1, 'one byte is left');
  });

  test('a ring being drained by another thread is skipped, not drained twice', () => {
    withFile((fd) => {
      const sab = createRing(64, '1:0');
      const ring = new RingWriter(sab);
      const view = viewRing(sab);
      writeLine(ring, 'x\n');
      Atomics.store(view.words, RING_LOCK, 1);
      assert.equal(drainRing(view, fd), RING_BUSY);
      Atomics.store(view.words, RING_LOCK, 0);
      assert.equal(drainRing(view, fd), 2);
      assert.equal(drainRing(view, fd), 0);
    });
  });
});

describe('frames and lines', () => {
  test('a ring of frames and lines wrapping many times drains into the same events, in order', () => {
    withFile((fd, path) => {
      const sab = createRing(4096, '5:3');
      const recorder = new RingRecorder(sab, stubHost());
      const view = viewRing(sab);
      const expected: string[] = [];
      for (let i = 1; i <= 600; i++) {
        recorder.start(i);
        recorder.mark(`m${i}`, 'x'.repeat(i % 37));
        recorder.end(i, i % 2 === 0);
        recorder.cancel(i, i % 3 === 0);
        recorder.blockEnd(i, i % 5 === 0);
        expected.push(
          `start ${i}`,
          `mark m${i}`,
          `end ${i} ${i % 2 === 0}`,
          `cancel ${i} ${i % 3 === 0}`,
          `block-end ${i} ${i % 5 === 0}`,
        );
        if (i % 4 === 0) drainRing(view, fd);
      }
      drainRing(view, fd);
      assert.equal(recorder.droppedPending, 0);
      const seen = completeLines(path).map((l) => {
        assert.equal(l.lane, '5:3');
        assert.equal(typeof l.ts, 'number');
        if (l.e === 'mark') return `mark ${l.name}`;
        if (l.e === 'start') return `start ${l.fid}`;
        if (l.e === 'block-end') return `block-end ${l.bid} ${l.timedOut}`;
        return `${l.e} ${l.fid} ${l.ok}`;
      });
      assert.deepEqual(seen, expected);
    });
  });
});

function stubHost(): RecorderHost & { failures: unknown[] } {
  const failures: unknown[] = [];
  return {
    ctl: undefined,
    failures,
    reattach() {},
    drainNow() {},
    flushAll() {},
    fail(error) {
      failures.push(error);
    },
    stopQuietly() {},
    laneEnded() {},
  };
}

test('a producer whose ring the flusher forgot posts it again at its next event', () => {
  let posted = 0;
  const sab = createRing(4096, '1:0');
  const recorder = new RingRecorder(sab, { ...stubHost(), reattach: () => posted++ });
  const words = viewRing(sab).words;
  recorder.start(1);
  assert.equal(posted, 0);
  Atomics.store(words, RING_DETACHED, 1);
  recorder.end(1, true);
  assert.equal(posted, 1);
  assert.equal(Atomics.load(words, RING_DETACHED), 0, 'posting once is enough');
  recorder.start(2);
  assert.equal(posted, 1);
});

describe('dropped events', () => {
  test('events lost to a full ring are counted and reported once room returns', () => {
    withFile((fd, path) => {
      const sab = createRing(4096, '1:0');
      const view = viewRing(sab);
      const host = stubHost();
      const recorder = new RingRecorder(sab, host);
      let fid = 0;
      while (recorder.droppedPending === 0) recorder.start(++fid);
      for (let i = 0; i < 9; i++) recorder.end(fid, true);
      assert.equal(recorder.droppedPending, 10);
      drainRing(view, fd);
      recorder.mark('after');
      drainRing(view, fd);
      const lines = completeLines(path);
      const dropped = lines.filter((line) => line.e === 'dropped');
      assert.deepEqual(
        dropped.map((line) => [line.count, line.lane]),
        [[10, '1:0']],
      );
      assert.equal(lines.at(-1)!.e, 'mark', 'the event that found room follows the drop count');
      assert.equal(
        lines.filter((line) => line.e === 'start').length,
        fid - 1,
        'every start before the ring filled is there',
      );
      assert.deepEqual(host.failures, []);
    });
  });

  test('a drop count that does not fit yet keeps counting', () => {
    withFile((fd, path) => {
      const sab = createRing(4096, '1:0');
      const recorder = new RingRecorder(sab, stubHost());
      let fid = 0;
      while (recorder.droppedPending === 0) recorder.start(++fid);
      recorder.start(++fid);
      recorder.start(++fid);
      assert.equal(recorder.droppedPending, 3);
      drainRing(viewRing(sab), fd);
      recorder.start(++fid);
      drainRing(viewRing(sab), fd);
      const lines = completeLines(path);
      assert.equal(lines.find((line) => line.e === 'dropped')!.count, 3);
    });
  });
});
