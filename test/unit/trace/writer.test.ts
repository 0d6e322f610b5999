import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import {
  RECORD_FIELDS,
  RECORD_TYPES,
  TYPE_FIELDS,
  type FieldSpec,
  type FieldTable,
} from '../../../src/trace/fields.ts';
import { FORMAT_VERSION, type Header, type Record_, type TraceEvent } from '../../../src/trace/schema.ts';
import { parseTrace } from '../../../src/trace/reader.ts';
import { toLine, toLines } from '../../../src/trace/writer.ts';
import { TraceFileWriter, appendRecords } from '../../../src/trace/node/file-writer.ts';

const HOSTILE = [
  '<img src=x onerror=alert(1)>',
  '</script><script>alert(1)</script>',
  'line\nbreak',
  'carriage\rreturn',
  'sep\u2028arator',
  'para\u2029graph',
  'lone \ud800 high',
  'lone \udfff low',
  'nul\u0000byte',
  'emoji 🧵 and 日本語',
  '"quoted" \\ backslash',
  '',
];

// Any UTF-16 code unit, so lone surrogates and separators turn up, plus known troublemakers.
const anyText = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength: 30 }),
  fc.constantFrom(...HOSTILE),
);

function arbitraryOf(spec: FieldSpec): fc.Arbitrary<unknown> {
  const int = fc.integer({ min: spec.min ?? Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
  const site = () => tableArbitrary(TYPE_FIELDS.CallSite);
  switch (spec.kind) {
    case 'int':
      return int;
    case 'number':
      return fc.double({ min: spec.min ?? -1e12, max: 1e15, noNaN: true }).map((x) => x + 0); // -0 is written as 0.
    case 'string':
      return anyText;
    case 'bool':
      return fc.boolean();
    case 'lane':
      return fc.tuple(fc.nat(), fc.nat()).map(([pid, tid]) => `${pid}:${tid}`);
    case 'site':
      return site();
    case 'error':
      return tableArbitrary(TYPE_FIELDS.ErrorInfo);
    case 'int[]':
      return fc.array(int, { maxLength: 5 });
    case 'string[]':
      return fc.array(anyText, { maxLength: 4 });
    case 'site[]':
      return fc.array(site(), { maxLength: 3 });
    case 'int|null':
      return fc.option(int, { nil: null });
    case 'enum':
      return fc.constantFrom(...spec.values!);
  }
}

function tableArbitrary(table: FieldTable): fc.Arbitrary<Record<string, unknown>> {
  const fields = Object.fromEntries(Object.entries(table).map(([name, spec]) => [name, arbitraryOf(spec)]));
  const requiredKeys = Object.entries(table)
    .filter(([, spec]) => spec.required)
    .map(([name]) => name);
  return fc.record(fields, { requiredKeys, noNullPrototype: true });
}

// Valid records of every type, generated from the field table itself.
const anyEvent: fc.Arbitrary<TraceEvent> = fc.oneof(
  ...RECORD_TYPES.filter((t) => t !== 'header').map((type) =>
    tableArbitrary(RECORD_FIELDS[type]).map((fields) => ({ e: type, ...fields }) as unknown as TraceEvent),
  ),
);
const anyHeader = tableArbitrary(RECORD_FIELDS.header).map(
  (fields) => ({ e: 'header', ...fields, v: FORMAT_VERSION }) as unknown as Header,
);

test('random valid records survive write → read unchanged, one line each', () => {
  fc.assert(
    fc.property(anyHeader, fc.array(anyEvent, { maxLength: 20 }), (header, events) => {
      const records: Record_[] = [header, ...events];
      for (const record of records) {
        const line = toLine(record);
        assert.equal(line.indexOf('\n'), line.length - 1, 'a record spans one line');
        assert.ok(!/[\r\u2028\u2029]/.test(line), 'no other line terminator is written raw');
      }
      const parsed = parseTrace(toLines(records));
      assert.deepEqual(parsed.issues, []);
      assert.deepEqual(parsed.header, header);
      assert.deepEqual(parsed.events, events);
    }),
    { numRuns: 300 },
  );
});

test('hostile strings round-trip exactly, and U+2028/U+2029 are escaped', () => {
  for (const text of HOSTILE) {
    const event: TraceEvent = { e: 'mark', ts: 1, name: text, lane: '1:0', data: text };
    const line = toLine(event);
    assert.equal(line.split('\n').length, 2);
    assert.deepEqual(JSON.parse(line), event);
  }
  assert.equal(
    toLine({ e: 'mark', ts: 1, name: '\u2028\u2029', lane: '1:0' }),
    '{"e":"mark","ts":1,"name":"\\u2028\\u2029","lane":"1:0"}\n',
  );
  assert.equal(
    toLine({ e: 'mark', ts: 1, name: '\ud800', lane: '1:0' }),
    '{"e":"mark","ts":1,"name":"\\ud800","lane":"1:0"}\n',
  );
});

test('the file writer appends whole lines to what is already there', () => {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-writer-'));
  const path = join(dir, 'trace.ndjson');
  try {
    const header: Header = {
      e: 'header',
      v: 1,
      ts: 5,
      wallMs: 1,
      clock: 'CLOCK_MONOTONIC',
      unit: 'us',
      runtime: 'node',
      runtimeVersion: '20',
      program: 'p',
      args: ['a b'],
      cwd: '/',
      pid: 3,
      writer: 'test',
    };
    const writer = new TraceFileWriter(path);
    writer.write(header);
    writer.close();
    appendRecords(path, [
      { e: 'mark', ts: 6, name: 'm\u2028', lane: '3:0' },
      { e: 'exit', ts: 7, pid: 3, code: null, signal: 'SIGTERM' },
    ]);
    const parsed = parseTrace(readFileSync(path));
    assert.deepEqual(parsed.issues, []);
    assert.deepEqual(parsed.header, header);
    assert.deepEqual(
      parsed.events.map((e) => e.e),
      ['mark', 'exit'],
    );
    assert.throws(() => writer.write(header), /already closed/);
  } finally {
    rmSync(dir, { recursive: true });
  }
});
