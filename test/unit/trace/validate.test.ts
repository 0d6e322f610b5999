import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { validateRecording } from '../../../src/trace/validate.ts';
import fc from 'fast-check';
import { allProblems, firstProblem, unknownFields } from '../../../src/trace/check-fields.ts';
import { BREAKS, CONFORMS, HAS_UNKNOWN, quickCheck } from '../../../src/trace/check-fast.ts';
import { parseTrace } from '../../../src/trace/reader.ts';
import { isRecordType } from '../../../src/trace/fields.ts';
import { readGolden } from './golden-files.ts';
import type { Header, Record_ } from '../../../src/trace/schema.ts';
import { toLines } from '../../../src/trace/writer.ts';

const header: Header = {
  e: 'header',
  v: 1,
  ts: 100,
  wallMs: 1_700_000_000_000,
  clock: 'CLOCK_MONOTONIC',
  unit: 'us',
  runtime: 'python',
  runtimeVersion: '3.11.9',
  program: 'job.py',
  args: [],
  cwd: '/w',
  pid: 10,
  writer: 'test',
};
const L = '10:10';
const W = '10:11';
const base: Record_[] = [
  header,
  { e: 'lane', ts: 101, lane: L, pid: 10, tid: 10, name: 'MainThread', kind: 'main' },
  { e: 'lane', ts: 101, lane: W, pid: 10, tid: 11, name: 'w_0', kind: 'thread' },
  { e: 'executor', ts: 102, xid: 1, kind: 'python-thread', maxWorkers: 1, name: 'w', lane: L },
];

function messages(records: Record_[] | string): string[] {
  return validateRecording(typeof records === 'string' ? records : toLines(records)).issues.map((i) => i.message);
}

describe('field checks', () => {
  test('names line, byte offset and field path', () => {
    const lines = toLines(base);
    const bad =
      '{"e":"submit","ts":110,"fid":1,"xid":1,"fn":"f","args":"","lane":"10:10","site":{"file":"job.py","line":"x"}}\n';
    const result = validateRecording(lines + bad);
    assert.equal(result.ok, false);
    assert.deepEqual(
      result.issues.map((i) => i.message),
      [`line 5 (byte ${Buffer.byteLength(lines)}): submit.site.line: expected integer ≥ 0, got "x"`],
    );
  });

  test('reports every problem of a record, not only the first', () => {
    const rec = {
      e: 'done',
      ts: 1.5,
      fid: 0,
      lane: 'main',
      outcome: 'ok',
      error: { type: 3, frames: [{ file: 'a', line: -1 }] },
    };
    assert.deepEqual(
      allProblems(rec, 'done').map((p) => `${p.path}: ${p.problem}`),
      [
        'done.ts: expected integer ≥ 0, got 1.5',
        'done.fid: expected integer ≥ 1, got 0',
        'done.lane: expected lane "<pid>:<tid>", got "main"',
        'done.outcome: expected one of result, exception, cancelled, got "ok"',
        'done.error.type: expected string, got 3',
        'done.error.message: required field missing (string)',
        'done.error.frames[0].line: expected integer ≥ 0, got -1',
      ],
    );
    assert.deepEqual(firstProblem(rec, 'done'), { path: 'done.ts', problem: 'expected integer ≥ 0, got 1.5' });
  });

  test('ids must be safe integers, lists must hold ids, null only where allowed', () => {
    const problems = (rec: Record<string, unknown>, type: Parameters<typeof allProblems>[1]) =>
      allProblems(rec, type).map((p) => `${p.path}: ${p.problem}`);
    assert.deepEqual(problems({ ts: 1, bid: 2 ** 53, op: 'wait', fids: [1, '2'], lane: L }, 'block-begin'), [
      'block-begin.bid: expected integer ≥ 1, got 9007199254740992',
      'block-begin.fids[1]: expected integer ≥ 1, got "2"',
    ]);
    assert.deepEqual(problems({ ts: 1, xid: 1, lane: L, code: null }, 'worker-exit'), []);
    assert.deepEqual(problems({ ts: 1, pid: 1, code: 'SIGKILL' }, 'exit'), [
      'exit.code: expected integer or null, got "SIGKILL"',
    ]);
    assert.deepEqual(problems({ ts: 1, lane: L, frames: null }, 'stack'), [
      'stack.frames: expected array of call site objects, got null',
    ]);
  });
});

describe('rules across records', () => {
  test('a clean recording, with a start written before its submit, passes', () => {
    const records: Record_[] = [
      ...base,
      { e: 'start', ts: 120, fid: 1, lane: W },
      { e: 'submit', ts: 110, fid: 1, xid: 1, fn: 'f', args: '', lane: L },
      { e: 'end', ts: 130, fid: 1, lane: W, ok: true },
      { e: 'done', ts: 131, fid: 1, lane: W, outcome: 'result', value: '1' },
    ];
    const result = validateRecording(toLines(records));
    assert.deepEqual(result.issues, []);
    assert.equal(result.ok, true);
  });

  test('broken references, duplicates and unmatched ends are errors naming the line', () => {
    const records: Record_[] = [
      ...base,
      { e: 'submit', ts: 110, fid: 1, xid: 1, fn: 'f', args: '', lane: L },
      { e: 'start', ts: 120, fid: 1, lane: W },
      { e: 'end', ts: 130, fid: 1, lane: L, ok: true },
      { e: 'done', ts: 131, fid: 1, lane: W, outcome: 'result' },
      { e: 'done', ts: 132, fid: 1, lane: W, outcome: 'cancelled' },
      { e: 'start', ts: 140, fid: 9, lane: W },
      { e: 'block-end', ts: 150, bid: 4, lane: L, timedOut: false },
      { e: 'cb-end', ts: 151, fid: 1, cb: 0, lane: W, raised: false },
      { e: 'submit', ts: 160, fid: 2, xid: 7, fn: 'f', args: '', lane: L },
      { e: 'mark', ts: 170, name: 'm', lane: '10:99' },
    ];
    const byLine = messages(records).map((m) => m.replace(/ \(byte \d+\)/, ''));
    assert.deepEqual(byLine, [
      'line 7: end.lane: future 1 started on lane 10:11 but ended on lane 10:10',
      'line 9: done.fid: future 1 has more than one terminal done (the first is at line 8)',
      'line 10: start.fid: future 9 was never submitted',
      'line 11: block-end.bid: block 4 has no block-begin',
      'line 12: cb-end.cb: callback 0 of future 1 has no cb-begin',
      'line 13: submit.xid: executor 7 was never created (no executor event)',
      'line 14: lane 10:99 is used but no lane event describes it; viewers will name it by its id',
    ]);
  });

  test('after a dropped event, broken references are only warnings', () => {
    const records: Record_[] = [
      ...base,
      { e: 'dropped', ts: 105, count: 3, lane: W },
      { e: 'end', ts: 130, fid: 5, lane: W, ok: true },
    ];
    const result = validateRecording(toLines(records));
    assert.equal(result.ok, true);
    assert.ok(result.issues.length > 0);
    assert.ok(result.issues.every((i) => i.severity === 'warning'));
    assert.match(result.issues[0]!.message, /future 5 was never submitted \(the recording dropped events/);
  });

  test('a missing header and a second header are errors', () => {
    const [, ...events] = base;
    assert.match(messages(events)[0]!, /^line 1 \(byte 0\): the first line must be a header, got a "lane" event/);
    assert.match(messages([...base, header])[0]!, /^line 5 \(byte \d+\): a second header was ignored/);
  });
});

test("the reader's quick check and the detailed check agree on damaged records", () => {
  const samples = parseTrace(readGolden('python-thread-pool.ndjson')).events.concat(
    parseTrace(readGolden('node-worker-pool-crash.ndjson')).events,
  );
  const damaged = fc
    .record({
      index: fc.nat(samples.length - 1),
      action: fc.constantFrom('set', 'delete', 'nested'),
      key: fc.constantFrom('ts', 'fid', 'lane', 'site', 'error', 'fids', 'ok', 'code', 'extra', 'e'),
      value: fc.jsonValue({ maxDepth: 2 }),
    })
    .map(({ index, action, key, value }) => {
      const rec = structuredClone(samples[index]!) as unknown as Record<string, unknown>;
      if (action === 'delete') delete rec[key];
      else if (action === 'set') rec[key] = value;
      else
        for (const v of Object.values(rec))
          if (typeof v === 'object' && v !== null) (v as Record<string, unknown>)[key] = value;
      return rec;
    });
  fc.assert(
    fc.property(damaged, (rec) => {
      if (typeof rec.e !== 'string' || !isRecordType(rec.e)) return; // Unknown types never reach the field checks.
      const type = rec.e;
      const verdict = quickCheck(rec, type);
      const problems = allProblems(rec, type);
      const unknown = unknownFields(rec, type) ?? [];
      if (problems.length > 0) assert.equal(verdict, BREAKS, JSON.stringify(problems));
      else assert.equal(verdict, unknown.length > 0 ? HAS_UNKNOWN : CONFORMS, JSON.stringify(unknown));
    }),
    { numRuns: 2000 },
  );
});
