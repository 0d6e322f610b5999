import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  NUMBER_BOUND,
  numbersBound,
  pack,
  putPacked,
  putNumber,
  putNumbers,
  putString,
  QuotedCache,
  stringBound,
} from '../../../src/executor/recording/encode.ts';

const HOSTILE = [
  'say "hi"',
  'back\\slash',
  'line\nbreak\r\n',
  'tab\tbell\u0007nul\u0000',
  'sep\u2028para\u2029',
  'lone \ud800 high',
  'lone \udc00 low',
  'pair \ud83d\ude00 emoji',
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  'del\u007f and é',
  '',
];

function encode(text: string): { json: string; bytes: number } {
  const buffer = new Uint8Array(stringBound(text) + 8);
  const end = putString(buffer, 0, text);
  return { json: Buffer.from(buffer.subarray(0, end)).toString('latin1'), bytes: end };
}

describe('putString', () => {
  for (const text of HOSTILE) {
    test(`round-trips ${JSON.stringify(text)} as one ASCII line`, () => {
      const { json } = encode(text);
      assert.match(json, /^[\x20-\x7e]*$/, 'pure printable ASCII: no raw newline, separator or control character');
      assert.equal(JSON.parse(json), text);
    });
  }

  test('the markup of a hostile name stays inside the JSON string', () => {
    const { json } = encode('<img src=x onerror=alert(1)>');
    const line = `{"fn":${json}}`;
    assert.deepEqual(JSON.parse(line), { fn: '<img src=x onerror=alert(1)>' });
  });

  test('long strings, clean or with one character to escape anywhere, round-trip (property)', () => {
    const printable = fc.string({
      unit: fc.integer({ min: 0x20, max: 0x7e }).map((c) => String.fromCharCode(c)),
      minLength: 40,
      maxLength: 400,
    });
    fc.assert(
      fc.property(
        printable,
        fc.nat(),
        fc.constantFrom('', '"', '\\', '\n', '\u2028', '\ud800', 'é'),
        (text, at, odd) => {
          const cut = at % (text.length + 1);
          const value = text.slice(0, cut) + odd + text.slice(cut);
          const { json, bytes } = encode(value);
          assert.ok(bytes <= stringBound(value));
          assert.match(json, /^[\x20-\x7e]*$/);
          assert.equal(JSON.parse(json), value);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('any string round-trips within its bound (property)', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => {
        const { json, bytes } = encode(text);
        assert.ok(bytes <= stringBound(text), `wrote ${bytes} bytes, bound ${stringBound(text)}`);
        assert.ok(!json.includes('\n') && /^[\x20-\x7e]*$/.test(json));
        assert.equal(JSON.parse(json), text);
      }),
      { numRuns: 500 },
    );
  });
});

describe('putNumber', () => {
  function numberText(value: unknown): string {
    const buffer = new Uint8Array(NUMBER_BOUND + 4);
    return Buffer.from(buffer.subarray(0, putNumber(buffer, 0, value as number))).toString('latin1');
  }

  test('integers, including past 2^31 and up to 2^53, are written as JSON writes them', () => {
    for (const value of [
      0,
      1,
      9,
      10,
      99,
      2147483647,
      2147483648,
      1e12 + 7,
      4194304 * 2 ** 24 + 1,
      Number.MAX_SAFE_INTEGER,
    ]) {
      assert.equal(numberText(value), JSON.stringify(value));
    }
  });

  test('fractions, negatives and anything a JavaScript caller may pass never break the line', () => {
    for (const value of [
      0.5,
      -1,
      -0,
      1e21,
      1.5e-7,
      -1.2345678901234567e-308,
      NaN,
      Infinity,
      undefined,
      'x',
      Symbol('s'),
      10n,
    ]) {
      const text = numberText(value);
      assert.ok(text.length <= NUMBER_BOUND);
      const parsed: unknown = JSON.parse(text);
      if (typeof value === 'number' && Number.isFinite(value)) assert.equal(parsed, Object.is(value, -0) ? 0 : value);
      else assert.equal(parsed, null);
    }
  });

  test('arrays of numbers stay within their bound (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.double(), { maxLength: 40 }), (values) => {
        const buffer = new Uint8Array(numbersBound(values));
        const end = putNumbers(buffer, 0, values);
        assert.ok(end <= numbersBound(values));
        const parsed = JSON.parse(Buffer.from(buffer.subarray(0, end)).toString('latin1')) as unknown[];
        assert.deepEqual(
          parsed,
          values.map((v) => (Number.isFinite(v) ? (Object.is(v, -0) ? 0 : v) : null)),
        );
      }),
      { numRuns: 300 },
    );
  });
});

test('packed text is written whole, its pad only past its end', () => {
  for (const text of ['', 'a', 'ab', 'abc', 'abcd', '{"e":"start","ts":']) {
    const buffer = new Uint8Array(32).fill(0x2e);
    const end = putPacked(new DataView(buffer.buffer), 1, pack(Buffer.from(text)));
    assert.equal(end, 1 + text.length);
    assert.equal(Buffer.from(buffer.subarray(0, end)).toString('latin1'), '.' + text);
    assert.ok(
      buffer.subarray(end + 3).every((b) => b === 0x2e),
      'nothing written beyond the last word',
    );
  }
});

test('QuotedCache gives the same bytes as putString and forgets when over its limit', () => {
  const cache = new QuotedCache(2);
  const first = cache.get('a"b');
  assert.equal(cache.get('a"b'), first, 'a repeated string is served from the cache');
  const text = Buffer.from(first.words.buffer, 0, first.length).toString('latin1');
  assert.equal(text, encode('a"b').json);
  cache.get('x');
  cache.get('y');
  assert.notEqual(cache.get('a"b'), first, 'the cache was cleared when it reached its limit');
});
