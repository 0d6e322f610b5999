// Regression tests for the robustness review of the reader and validator (notes/review-robustness.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TraceDecoder, parseTrace, type RecordSink } from '../../../src/trace/reader.ts';
import { validateRecording } from '../../../src/trace/validate.ts';
import { ModelBuilder, buildModel } from '../../../src/trace/model-builder.ts';
import { computeStats } from '../../../src/trace/stats.ts';
import { readFileChunks } from '../../../src/trace/node/read-file.ts';
import type { Record_, TraceEvent } from '../../../src/trace/schema.ts';
import { toLine, toLines } from '../../../src/trace/writer.ts';
import { validGoldens } from './golden-files.ts';
import { assertPrintable } from './terminal-safety.ts';
import { readFileSync } from 'node:fs';
import { header, mark } from './sample-records.ts';

const names = (events: TraceEvent[]) => events.map((e) => (e as { name: string }).name);

/** Every string TextDecoder produces while `run` runs, by length. */
function decodedLengths(run: () => void): number[] {
  const proto = TextDecoder.prototype as unknown as { decode: (...args: unknown[]) => string };
  const original = proto.decode;
  const lengths: number[] = [];
  proto.decode = function (this: unknown, ...args: unknown[]) {
    const text = original.apply(this, args);
    lengths.push(text.length);
    return text;
  };
  try {
    run();
  } finally {
    proto.decode = original;
  }
  return lengths;
}

describe('large recordings (bug 2)', () => {
  test('the decoder never decodes more than one batch or one line at a time, however large the chunk', () => {
    const lines = [toLine(header)];
    for (let i = 0; i < 2000; i++) lines.push(toLine(mark(`m${i}`)));
    const long = toLine(mark('x'.repeat(5000)));
    lines.push(long);
    for (let i = 0; i < 100; i++) lines.push(toLine(mark(`n${i}`)));
    const bytes = Buffer.from(lines.join(''));
    const events: TraceEvent[] = [];
    const batch = 512;
    const lengths = decodedLengths(() => {
      const decoder = new TraceDecoder({ event: (e) => events.push(e) }, { batchBytes: batch });
      decoder.feed(bytes); // One chunk holding the whole file.
      decoder.end();
      assert.deepEqual(decoder.issues, []);
    });
    assert.equal(events.length, 2101);
    assert.ok(lengths.length > bytes.length / batch / 2, 'decoded in many batches');
    assert.ok(Math.max(...lengths) <= Math.max(batch, long.length), `largest decode: ${Math.max(...lengths)}`);
  });

  test('a line split across chunks is joined alone, not with the rest of the next chunk', () => {
    const text =
      toLine(header) + toLine(mark('a'.repeat(300))) + toLines(Array.from({ length: 200 }, (_, i) => mark(`b${i}`)));
    const bytes = Buffer.from(text);
    const cut = toLine(header).length + 100; // Inside the long mark.
    const events: TraceEvent[] = [];
    const lengths = decodedLengths(() => {
      const decoder = new TraceDecoder({ event: (e) => events.push(e) }, { batchBytes: 256 });
      decoder.feed(bytes.subarray(0, cut));
      decoder.feed(bytes.subarray(cut));
      decoder.end();
    });
    assert.equal(events.length, 201);
    assert.ok(Math.max(...lengths) <= 400, `largest decode: ${Math.max(...lengths)}`);
  });

  test('a line longer than maxLineBytes is skipped with one error, its bytes never held, and reading goes on', () => {
    const before = toLine(header) + toLine(mark('before'));
    const huge = '{"e":"mark","ts":5,"name":"' + 'z'.repeat(10_000) + '","lane":"1:0"}\n';
    const after = toLine(mark('after'));
    const bytes = Buffer.from(before + huge + after);
    for (const chunkSize of [7, 100, 4096, bytes.length]) {
      const events: TraceEvent[] = [];
      const decoder = new TraceDecoder({ event: (e) => events.push(e) }, { maxLineBytes: 1000, positions: true });
      for (let i = 0; i < bytes.length; i += chunkSize) decoder.feed(bytes.subarray(i, i + chunkSize));
      decoder.end();
      assert.deepEqual(names(events), ['before', 'after'], `chunks of ${chunkSize}`);
      assert.deepEqual(
        decoder.issues.map((i) => [i.code, i.line, i.byte]),
        [['lineTooLong', 3, Buffer.byteLength(before)]],
        `chunks of ${chunkSize}`,
      );
      assert.equal(decoder.lines, 4);
      assert.equal(decoder.bytes, bytes.length);
    }
  });

  test('a file of one endless line (a 3 GB sparse file) is one error, not an out-of-memory or "empty"', () => {
    const decoder = new TraceDecoder({ event: () => undefined }, { maxLineBytes: 4096 });
    const zeros = new Uint8Array(1000);
    for (let i = 0; i < 50; i++) decoder.feed(zeros);
    decoder.end();
    assert.deepEqual(
      decoder.issues.map((i) => i.code),
      ['lineTooLong'],
    );
  });

  test('reading a file in small chunks gives the same model as reading it whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'poolscope-chunks-'));
    try {
      for (const file of validGoldens()) {
        const whole = buildModel(readFileSync(file));
        const builder = new ModelBuilder();
        const decoder = new TraceDecoder(builder);
        let reads = 0;
        readFileChunks(
          file,
          (bytes) => {
            reads++;
            decoder.feed(bytes);
          },
          7,
        );
        decoder.end();
        assert.ok(reads > 100, 'read in many chunks');
        assert.deepEqual(computeStats(builder.model), computeStats(whole.model), file);
        assert.deepEqual(decoder.issues, whole.issues, file);
      }
      const copy = join(dir, 'r.ndjson');
      writeFileSync(copy, '');
      let called = 0;
      readFileChunks(copy, () => called++);
      assert.equal(called, 0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('what the reader and validator say', () => {
  test('invalid UTF-8 is reported as a warning naming the line, and the line is still read (weakness 14)', () => {
    const good = toLine(header) + toLine(mark('ok'));
    const bad = Buffer.concat([
      Buffer.from('{"e":"mark","ts":3,"name":"a'),
      Buffer.from([0xff, 0xfe, 0xc0]),
      Buffer.from('b","lane":"1:0"}\n'),
    ]);
    const bytes = Buffer.concat([Buffer.from(good), bad, Buffer.from(toLine(mark('after')))]);
    for (const chunk of [3, bytes.length]) {
      const events: TraceEvent[] = [];
      const decoder = new TraceDecoder({ event: (e) => events.push(e) });
      for (let i = 0; i < bytes.length; i += chunk) decoder.feed(bytes.subarray(i, i + chunk));
      decoder.end();
      assert.deepEqual(names(events), ['ok', 'a\ufffd\ufffd\ufffdb', 'after']);
      assert.deepEqual(
        decoder.issues.map((i) => [i.severity, i.code, i.line, i.byte]),
        [['warning', 'invalidUtf8', 3, Buffer.byteLength(good)]],
      );
    }
    const result = validateRecording(bytes);
    assert.equal(result.ok, true);
    assert.match(result.issues.find((i) => i.code === 'invalidUtf8')!.message, /^line 3 \(byte \d+\): not valid UTF-8/);
    // Characters split across chunks are not invalid UTF-8.
    const multi = Buffer.from(toLine(header) + toLine(mark('ünïcødé €')));
    const split = new TraceDecoder({ event: () => undefined });
    for (let i = 0; i < multi.length; i++) split.feed(multi.subarray(i, i + 1));
    split.end();
    assert.deepEqual(split.issues, []);
  });

  test('a line of spaces and tabs is blank, not "not valid JSON" (nit 20)', () => {
    const parsed = parseTrace(toLine(header) + '   \n\t\n \r\n' + toLine(mark('a')));
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(names(parsed.events), ['a']);
  });

  test('a header v that is not a whole number is not called a newer version (nit 16)', () => {
    const of = (v: unknown) => parseTrace(JSON.stringify({ ...header, v }) + '\n').issues.map((i) => i.message);
    assert.match(of(2)[0]!, /version 2 is not supported: this reader knows version 1; update Poolscope/);
    for (const [v, shown] of [
      ['1', '"1"'],
      [null, 'null'],
      [0, '0'],
      [-1, '-1'],
      [1.5, '1.5'],
      [undefined, 'nothing'],
    ] as const) {
      const [message] = of(v);
      assert.match(message!, new RegExp(`v is not a format version .*got ${shown.replace('.', '\\.')}\\)`), String(v));
      assert.doesNotMatch(message!, /update Poolscope/);
    }
  });

  test('issue counts past the cap are exact: "200 errors (the first 20 listed)" (weakness 9)', () => {
    const text = toLine(header) + Array.from({ length: 200 }, (_, i) => `garbage ${i}\n`).join('') + '{"e":"mark"';
    const decoder = new TraceDecoder({ event: () => undefined }, { maxIssues: 20 });
    decoder.feedText(text);
    decoder.end();
    assert.deepEqual(decoder.counts, { fatal: 0, error: 200, warning: 1 });
    assert.equal(decoder.unlisted, 181);
    assert.deepEqual(decoder.issues.at(-1), {
      severity: 'warning',
      code: 'tooMany',
      count: 181,
      message: '181 more problems were found but not listed',
    });
    const result = validateRecording(text, { maxIssues: 20 });
    assert.deepEqual(result.counts, { errors: 200, warnings: 1 });
    assert.equal(result.issues.length, 21);
    assert.equal(result.issues.filter((i) => i.code !== 'tooMany').length, 20);
    assert.equal(result.issues.at(-1)!.count, 181);
    assert.equal(result.ok, false);
  });

  test('validate says "empty" for a 0-byte file and "no header" for a header-less one, never "valid" (weakness 13)', () => {
    const empty = validateRecording('');
    assert.equal(empty.ok, false);
    assert.deepEqual(
      empty.issues.map((i) => [i.severity, i.code, i.message]),
      [['error', 'noHeader', 'the recording is empty: a recording starts with a complete header line']],
    );
    const half = validateRecording(toLine(header).slice(0, 100));
    assert.equal(half.ok, false);
    assert.deepEqual(
      half.issues.map((i) => [i.severity, i.code]),
      [
        ['warning', 'truncated'],
        ['error', 'noHeader'],
      ],
    );
    const blanks = validateRecording('\n\n  \n');
    assert.equal(blanks.ok, false);
    // A first line that is not a header is reported once, as before.
    const noHeader = validateRecording(toLine(mark('a')));
    assert.deepEqual(
      noHeader.issues.filter((i) => i.severity === 'error').map((i) => i.code),
      ['headerMissing'],
    );
    assert.equal(validateRecording(toLine(header)).ok, true);
  });

  test('out-of-range numbers are flagged: wallMs 1e300, ts beyond 2^53, negative ts (bug 5)', () => {
    const problems = (records: Record_[] | string) =>
      validateRecording(typeof records === 'string' ? records : toLines(records))
        .issues.filter((i) => i.severity === 'error')
        .map((i) => i.message);
    assert.match(
      problems([{ ...header, wallMs: 1e300 }]).join('\n'),
      /header\.wallMs: expected finite number ≥ 0 and ≤ 8640000000000000, got 1e\+300/,
    );
    assert.match(problems([{ ...header, wallMs: -1 }]).join('\n'), /header\.wallMs: .* got -1/);
    assert.deepEqual(problems([{ ...header, wallMs: 8.64e15 }]), []);
    const big = toLine(header) + '{"e":"mark","ts":9007199254740993,"name":"m","lane":"1:0"}\n';
    assert.match(problems(big).join('\n'), /mark\.ts: expected integer ≥ 0, got 9007199254740992/);
    assert.match(problems([header, mark('m', -5)]).join('\n'), /mark\.ts: expected integer ≥ 0, got -5/);
    // The reader skips such a header: a viewer never sees a date it cannot show.
    assert.equal(parseTrace(toLine({ ...header, wallMs: 1e300 })).header, undefined);
  });

  test("the model counts records that repeat a future's submit, start or done (weakness 15)", () => {
    const lane = '1:0';
    const records: Record_[] = [
      header,
      { e: 'executor', ts: 1, xid: 1, kind: 'other', maxWorkers: 1, name: 'x', lane },
      { e: 'submit', ts: 2, fid: 1, xid: 1, fn: 'f', args: '()', lane },
      { e: 'start', ts: 3, fid: 1, lane },
      { e: 'done', ts: 4, fid: 1, lane, outcome: 'result' },
      { e: 'submit', ts: 5, fid: 1, xid: 1, fn: 'f', args: '()', lane },
      { e: 'start', ts: 6, fid: 1, lane },
      { e: 'done', ts: 7, fid: 1, lane, outcome: 'result' },
    ];
    const { model } = buildModel(toLines(records));
    assert.equal(model.repeated, 3);
    assert.equal(computeStats(model).repeated, 3);
    assert.equal(buildModel(toLines(records.slice(0, 5))).model.repeated, 0);
  });

  test('the writer escapes U+0085 (NEL) as it does U+2028 and U+2029 (nit 19)', () => {
    const line = toLine(mark('a\u0085b\u2028c\u2029d'));
    // Python's str.splitlines() breaks at these (\x1c–\x1e are escaped by JSON itself).
    const breaks = ['\n', '\r', '\u0085', '\u2028', '\u2029', '\v', '\f', '\x1c', '\x1d', '\x1e'];
    assert.deepEqual(
      breaks.filter((ch) => line.slice(0, -1).includes(ch)),
      [],
    );
    assert.match(line, /a\\u0085b\\u2028c\\u2029d/);
    assert.deepEqual(names(parseTrace(toLine(header) + line).events), ['a\u0085b\u2028c\u2029d']);
  });

  test('issue messages carry no raw control characters from the recording (bug 4)', () => {
    const hostile = '\u001b[2J\u001b]0;owned\u0007\u202e\u0000x';
    const text =
      toLine(header) +
      `{"e":"mark\u001b[2J\u0007\u202e","ts":1,"lane":"1:0"}\n` +
      `${hostile}\n` +
      JSON.stringify({ ...mark('m'), ['extra\u001b[31m']: 1 }) +
      '\n';
    const sink: RecordSink = { event: () => undefined };
    const decoder = new TraceDecoder(sink);
    decoder.feedText(text);
    decoder.end();
    const all = [...decoder.issues, ...validateRecording(text).issues].map((i) => i.message);
    assert.ok(all.length >= 3);
    for (const message of all) assertPrintable(message);
    assert.ok(all.some((m) => m.includes('\\x1b[2J\\x1b]0;owned\\x07\\u202e\\x00x')));
  });
});
