import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cutNote, OutputThrottle, prefixWithin } from '../../../src/extension/output-throttle.ts';

const NOTE = /\n… ([\d,]+) bytes of output not shown …\n/g;

describe('OutputThrottle', () => {
  test('output within the limits passes through unchanged, in order', () => {
    const t = new OutputThrottle({ maxBytesPerTake: 100, maxPendingBytes: 1000 });
    t.push('hello ');
    t.push('world\n');
    assert.equal(t.take(), 'hello world\n');
    assert.equal(t.take(), '');
    assert.equal(t.cutBytes, 0);
  });

  test('one take hands out at most its budget; the rest waits for the next', () => {
    const t = new OutputThrottle({ maxBytesPerTake: 10, maxPendingBytes: 1000 });
    t.push('0123456789abcdefghij');
    t.push('KLM');
    assert.equal(t.take(), '0123456789');
    assert.equal(t.take(), 'abcdefghij');
    assert.equal(t.take(), 'KLM');
    assert.equal(t.pending, false);
  });

  test('output beyond what may wait is cut, counted, and a note stands where it went missing', () => {
    const t = new OutputThrottle({ maxBytesPerTake: 1000, maxPendingBytes: 10 });
    t.push('12345678');
    t.push('abcdef'); // 2 fit, 4 cut
    t.push('ghij'); // all cut
    assert.equal(t.cutBytes, 8);
    assert.equal(t.take(), `12345678ab${cutNote(8)}`);
    t.push('after');
    assert.equal(t.take(), 'after');
  });

  test('the note says the count in a readable way', () => {
    assert.equal(cutNote(1234567), '\n… 1,234,567 bytes of output not shown …\n');
  });

  test('a character is never split, neither when cut nor when taken', () => {
    const t = new OutputThrottle({ maxBytesPerTake: 5, maxPendingBytes: 7 });
    t.push('é€😀'); // 2 + 3 + 4 bytes: the emoji does not fit in 7
    assert.equal(t.cutBytes, 4);
    // The note costs nothing from the budget: it follows at once.
    assert.equal(t.take(), `é€${cutNote(4)}`);
    assert.deepEqual(prefixWithin('a😀b', 4), { text: 'a', bytes: 1 });
    assert.deepEqual(prefixWithin('a😀b', 5), { text: 'a😀', bytes: 5 });
  });

  test('a character wider than a whole take still comes out', () => {
    const t = new OutputThrottle({ maxBytesPerTake: 2, maxPendingBytes: 100 });
    t.push('😀x');
    assert.equal(t.take(), '😀');
    assert.equal(t.take(), 'x');
  });

  test('drain returns everything still waiting', () => {
    const t = new OutputThrottle({ maxBytesPerTake: 3, maxPendingBytes: 8 });
    t.push('abcdefghijkl');
    assert.equal(t.drain(), `abcdefgh${cutNote(4)}`);
    assert.equal(t.drain(), '');
  });

  test('what comes out is what went in, minus the cut bytes, with every cut accounted for', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.string({ maxLength: 40 }), fc.constantFrom('é', '€€', '😀\n')), { maxLength: 40 }),
        fc.array(fc.boolean(), { maxLength: 80 }),
        fc.integer({ min: 1, max: 64 }),
        fc.integer({ min: 4, max: 128 }),
        (chunks, takes, perTake, maxPending) => {
          const t = new OutputThrottle({ maxBytesPerTake: perTake, maxPendingBytes: maxPending });
          let out = '';
          chunks.forEach((chunk, i) => {
            t.push(chunk);
            if (takes[i]) out += t.take();
          });
          out += t.drain();
          const noted = [...out.matchAll(NOTE)].reduce((sum, m) => sum + Number(m[1]!.replace(/,/g, '')), 0);
          const kept = out.replace(NOTE, '');
          const input = chunks.join('');
          assert.equal(noted, t.cutBytes);
          assert.equal(Buffer.byteLength(kept) + t.cutBytes, Buffer.byteLength(input));
          // Kept text is the input with pieces removed: a subsequence, in order.
          let j = 0;
          for (const ch of kept) {
            j = input.indexOf(ch, j);
            assert.notEqual(j, -1);
            j += ch.length;
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});
