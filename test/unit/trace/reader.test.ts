import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTrace, TraceDecoder, utf8Length, type RecordSink } from '../../../src/trace/reader.ts';
import type { TraceEvent } from '../../../src/trace/schema.ts';
import { toLine } from '../../../src/trace/writer.ts';
import { readGolden } from './golden-files.ts';
import { header, mark } from './sample-records.ts';

function collect() {
  const events: TraceEvent[] = [];
  const sink: RecordSink = { event: (e) => events.push(e) };
  return { events, sink };
}

describe('parseTrace', () => {
  test('reads a golden recording whole, from bytes and from text alike', () => {
    const bytes = readGolden('python-thread-pool.ndjson');
    const fromBytes = parseTrace(bytes);
    const fromText = parseTrace(bytes.toString('utf8'));
    assert.equal(fromBytes.header?.program, 'download.py');
    assert.equal(fromBytes.events.length, 49);
    assert.deepEqual(fromBytes.issues, []);
    assert.deepEqual(fromText.events, fromBytes.events);
  });

  test('an empty file gives no records and one warning', () => {
    const { header: h, events, issues } = parseTrace('');
    assert.equal(h, undefined);
    assert.equal(events.length, 0);
    assert.deepEqual(
      issues.map((i) => [i.severity, i.code]),
      [['warning', 'empty']],
    );
  });

  test('a truncated last line is a warning naming its byte offset, and the rest is read', () => {
    const complete = toLine(header) + toLine(mark('a'));
    const text = complete + '{"e":"mark","ts":3000,"na';
    const parsed = parseTrace(text);
    assert.equal(parsed.events.length, 1);
    assert.equal(parsed.issues.length, 1);
    const issue = parsed.issues[0]!;
    assert.equal(issue.severity, 'warning');
    assert.equal(issue.byte, Buffer.byteLength(complete));
    assert.match(
      issue.message,
      new RegExp(`recording ends mid-record at byte ${issue.byte}: the last partial line was ignored`),
    );
  });

  test('a complete last line without its newline is read, with a warning', () => {
    const parsed = parseTrace(toLine(header) + toLine(mark('a')).trimEnd());
    assert.equal(parsed.events.length, 1);
    assert.deepEqual(
      parsed.issues.map((i) => i.code),
      ['noTrailingNewline'],
    );
  });

  test('a corrupt line in the middle is reported with line and byte, skipped, and reading goes on', () => {
    const before = toLine(header) + toLine(mark('é 1'));
    const text = before + '{"e":"mark","ts":2,"name":"x","la{"e":"mark"}\n' + toLine(mark('after'));
    const parsed = parseTrace(Buffer.from(text));
    assert.deepEqual(
      parsed.events.map((e) => (e as { name: string }).name),
      ['é 1', 'after'],
    );
    assert.equal(parsed.issues.length, 1);
    const issue = parsed.issues[0]!;
    assert.equal(issue.code, 'corruptLine');
    assert.equal(issue.line, 3);
    assert.equal(issue.byte, Buffer.byteLength(before));
    assert.ok(issue.message.startsWith(`line 3 (byte ${Buffer.byteLength(before)}): not valid JSON`));
  });

  test('a record that breaks the field table is skipped with the field path in the message', () => {
    const bad =
      '{"e":"submit","ts":5,"fid":1,"xid":1,"fn":"f","args":"","lane":"1:0","site":{"file":"a.py","line":"x"}}\n';
    const parsed = parseTrace(toLine(header) + bad);
    assert.equal(parsed.events.length, 0);
    assert.match(parsed.issues[0]!.message, /^line 2 \(byte \d+\): submit\.site\.line: expected integer ≥ 0, got "x"/);
  });

  test('a missing header is an error, and the events are still read', () => {
    const parsed = parseTrace(toLine(mark('a')) + toLine(mark('b')));
    assert.equal(parsed.header, undefined);
    assert.equal(parsed.events.length, 2);
    assert.deepEqual(
      parsed.issues.map((i) => [i.severity, i.code, i.line]),
      [['error', 'headerMissing', 1]],
    );
  });

  test('an unknown major version is fatal and nothing is read', () => {
    const parsed = parseTrace(toLine({ ...header, v: 2 }) + toLine(mark('a')));
    assert.equal(parsed.events.length, 0);
    assert.equal(parsed.header, undefined);
    assert.equal(parsed.issues.length, 1);
    assert.equal(parsed.issues[0]!.severity, 'fatal');
    assert.match(parsed.issues[0]!.message, /format version 2 is not supported/);
  });

  test('unknown event types and fields are kept with one warning each, never an error', () => {
    const text =
      toLine(header) +
      '{"e":"gc-pause","ts":5,"lane":"1:0"}\n' +
      '{"e":"gc-pause","ts":6,"lane":"1:0"}\n' +
      '{"e":"mark","ts":7,"name":"m","lane":"1:0","color":"red"}\n' +
      '{"e":"mark","ts":8,"name":"n","lane":"1:0","color":"blue"}\n';
    const parsed = parseTrace(text);
    assert.equal(parsed.unknown.length, 2);
    assert.equal(parsed.events.length, 2);
    assert.equal((parsed.events[1] as unknown as { color: string }).color, 'blue');
    assert.deepEqual(
      parsed.issues.map((i) => [i.severity, i.code]),
      [
        ['warning', 'unknownType'],
        ['warning', 'unknownField'],
      ],
    );
  });

  test('CRLF line ends and blank lines are tolerated', () => {
    const parsed = parseTrace(toLine(header).replace('\n', '\r\n') + '\n\n' + toLine(mark('a')));
    assert.equal(parsed.events.length, 1);
    assert.deepEqual(parsed.issues, []);
  });

  test('issues beyond the limit are counted, not listed', () => {
    const parsed = parseTrace(toLine(header) + 'garbage\n'.repeat(10), { maxIssues: 3 });
    assert.equal(parsed.issues.length, 4);
    assert.match(parsed.issues[3]!.message, /7 more problem/);
  });
});

describe('TraceDecoder fed in chunks', () => {
  const text = toLine(header) + toLine(mark('naïve ☃ 𝄞 日本')) + toLine(mark('x\u2028y')) + toLine(mark('last'));
  const bytes = Buffer.from(text);

  test('every split point, inside lines and inside multi-byte characters, gives the same records', () => {
    const whole = parseTrace(bytes).events;
    for (let cut = 0; cut <= bytes.length; cut++) {
      const { events, sink } = collect();
      const decoder = new TraceDecoder(sink);
      decoder.feed(bytes.subarray(0, cut));
      decoder.feed(bytes.subarray(cut));
      decoder.end();
      assert.deepEqual(events, whole, `split at byte ${cut}`);
      assert.deepEqual(decoder.issues, []);
    }
  });

  test('one byte at a time, from a reused buffer', () => {
    const { events, sink } = collect();
    const decoder = new TraceDecoder(sink);
    const scratch = new Uint8Array(1);
    for (const byte of bytes) {
      scratch[0] = byte;
      decoder.feed(scratch);
    }
    decoder.end();
    assert.deepEqual(events, parseTrace(bytes).events);
    assert.equal(decoder.bytes, bytes.length);
  });

  test('text chunks split anywhere', () => {
    for (let cut = 0; cut <= text.length; cut += 7) {
      const { events, sink } = collect();
      const decoder = new TraceDecoder(sink);
      decoder.feedText(text.slice(0, cut));
      decoder.feedText(text.slice(cut));
      decoder.end();
      assert.equal(events.length, 3, `split at char ${cut}`);
    }
  });

  test('a partial line waits for its newline instead of being reported', () => {
    const { events, sink } = collect();
    const decoder = new TraceDecoder(sink);
    const line = Buffer.from(toLine(mark('slow')));
    decoder.feed(Buffer.from(toLine(header)));
    decoder.feed(line.subarray(0, 10));
    assert.equal(events.length, 0);
    assert.deepEqual(decoder.issues, []);
    decoder.feed(line.subarray(10));
    assert.equal(events.length, 1);
  });

  test('byte offsets of issues count UTF-8 bytes, with positions on or off', () => {
    const before = toLine(header) + toLine(mark('日本語 𝄞'));
    const input = Buffer.from(before + 'oops\n');
    for (const positions of [false, true]) {
      const decoder = new TraceDecoder({ event: () => {} }, { positions });
      decoder.feed(input);
      decoder.end();
      assert.equal(decoder.issues[0]!.byte, Buffer.byteLength(before));
    }
  });
});

test('utf8Length agrees with Buffer.byteLength, lone surrogates included', () => {
  for (const s of ['', 'abc', 'é', '日本', '𝄞', 'a\ud800b', '\udc00', 'x\u2028']) {
    assert.equal(utf8Length(s, 0, s.length), Buffer.byteLength(s), JSON.stringify(s));
  }
});
