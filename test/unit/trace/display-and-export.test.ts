// Regression tests for the robustness review of the summary, the text shown on terminals and the
// Chrome export (notes/review-robustness.md).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { printable, printableCell } from '../../../src/trace/display-text.ts';
import { executorId, formatSummary } from '../../../src/trace/format-summary.ts';
import { chromeTraceToJson, toChromeTrace, writeChromeTrace } from '../../../src/trace/export-chrome.ts';
import { sortByTime } from '../../../src/trace/chrome-plan.ts';
import { buildModel, modelOf } from '../../../src/trace/model-builder.ts';
import { computeStats } from '../../../src/trace/stats.ts';
import { issues } from '../../../src/trace/issues.ts';
import type { TraceEvent } from '../../../src/trace/schema.ts';
import { validGoldens } from './golden-files.ts';
import { assertPrintable } from './terminal-safety.ts';
import { header } from './sample-records.ts';

const lane = '1:0';

/** A model with `n` futures on one executor, straight from events (no file). */
function manyFutures(n: number, name = 'pool'): TraceEvent[] {
  const events: TraceEvent[] = [{ e: 'executor', ts: 1001, xid: 1, kind: 'other', maxWorkers: 4, name, lane }];
  for (let fid = 1; fid <= n; fid++) {
    const t = 2000 + (fid % 97) * 10; // Not in time order: the export sorts.
    events.push({ e: 'submit', ts: t, fid, xid: 1, fn: 'job', args: `(${fid})`, lane });
    events.push({ e: 'start', ts: t + 3, fid, lane });
    events.push({ e: 'end', ts: t + 8, fid, lane, ok: true });
    events.push({ e: 'done', ts: t + 9, fid, lane, outcome: 'result', value: '42' });
  }
  return events;
}

describe('text shown on a terminal (bug 4)', () => {
  test('printable neutralises C0/C1 controls, ESC, BEL, bidi overrides and line separators', () => {
    assert.equal(printable('plain text, ünïcødé, emoji 🎉'), 'plain text, ünïcødé, emoji 🎉');
    assert.equal(printable('a\u001b[2Jb\u0007c'), 'a\\x1b[2Jb\\x07c');
    assert.equal(printable('tab\tnew\nline\rnul\u0000del\u007f'), 'tab\\x09new\\x0aline\\x0dnul\\x00del\\x7f');
    assert.equal(printable('c1 \u0085 \u009b'), 'c1 \\x85 \\x9b');
    assert.equal(printable('\u202a\u202b\u202c\u202d\u202e'), '\\u202a\\u202b\\u202c\\u202d\\u202e');
    assert.equal(
      printable('\u2066\u2067\u2068\u2069\u200e\u200f\u061c'),
      '\\u2066\\u2067\\u2068\\u2069\\u200e\\u200f\\u061c',
    );
    assert.equal(printable('ls\u2028ps\u2029'), 'ls\\u2028ps\\u2029');
    for (let c = 0; c < 0x3000; c++) {
      assertPrintable(printable(String.fromCharCode(c)), `U+${c.toString(16)}`);
    }
    assert.equal(printable(printable('\u001b')), '\\x1b', 'idempotent');
    assert.equal(printableCell('x'.repeat(100), 10), 'xxxxxxxxx…');
    assert.equal(printableCell('ok', 10), 'ok');
  });

  test('the summary shows hostile names, program and issues escaped, on one line each, cells capped', () => {
    const hostile = 'pool \u001b[2J\u001b[31mRED\u001b]0;pwned-title\u0007abc\u202egnp.exe\nsecond line';
    const model = modelOf({ ...header, program: 'app\u001b[2J.mjs', args: ['a\nb'] }, manyFutures(2, hostile));
    const text = formatSummary(computeStats(model), [issues.corruptLine(3, 10, '{"e":"mark\u001b[2J\u0007')]);
    assertPrintable(text);
    assert.match(text, /^Poolscope summary: app\\x1b\[2J\.mjs a\\x0ab$/m);
    assert.match(text, /^#1 pool \\x1b\[2J\\x1b\[31mRED\\x1b\]0;pwned-title\\x07ab… {2}other /m);
    assert.match(text, /not valid JSON, line skipped .*\{"e":"mark\\x1b\[2J\\x07$/m);
    const long = modelOf(header, manyFutures(1, 'n'.repeat(10_000)));
    assert.ok(
      formatSummary(computeStats(long))
        .split('\n')
        .every((line) => line.length < 300),
    );
  });
});

describe('the summary', () => {
  test('an out-of-range wallMs gives "start time unknown" and the export "unknown", not a crash (bug 5)', () => {
    for (const wallMs of [1e300, -1e300, 8.64e15 + 1, Number.NaN]) {
      const model = modelOf({ ...header, wallMs }, manyFutures(1));
      assert.match(formatSummary(computeStats(model)), /start time unknown/);
      assert.equal(toChromeTrace(model).otherData.recorded, 'unknown');
    }
    const fine = modelOf(header, manyFutures(1));
    assert.match(formatSummary(computeStats(fine)), /recorded 2023-11-14T22:13:20\.000Z/);
  });

  test("problems past the listed ones are counted exactly, the reader's unlisted ones included (weakness 9)", () => {
    const model = modelOf(header, manyFutures(1));
    const listed = Array.from({ length: 200 }, (_, i) => issues.corruptLine(i + 2, i, 'x'));
    const text = formatSummary(computeStats(model), [...listed, issues.tooMany(199_800)]);
    assert.equal(text.split('\n').filter((line) => line.startsWith('! error:')).length, 10);
    assert.match(text, /^! … and 199990 more problems$/m);
    assert.match(formatSummary(computeStats(model), listed.slice(0, 11)), /^! … and 1 more problem$/m);
  });

  test('singular and plural read right: "1 event was dropped", "1 future has" (nit 22)', () => {
    const one = computeStats(
      modelOf(header, [
        { e: 'dropped', ts: 1, count: 1, lane },
        { e: 'start', ts: 2, fid: 9, lane },
      ]),
    );
    const text = formatSummary(one);
    assert.match(text, /^! 1 event was dropped by the writer/m);
    assert.match(text, /^! 1 future has no submit event and is not counted$/m);
    const two = computeStats(
      modelOf(header, [
        { e: 'dropped', ts: 1, count: 2, lane },
        { e: 'start', ts: 2, fid: 9, lane },
        { e: 'start', ts: 2, fid: 8, lane },
      ]),
    );
    assert.match(
      formatSummary(two),
      /^! 2 events were dropped .*\n! 2 futures have no submit event and are not counted$/m,
    );
    assert.equal(issues.tooMany(1).message, '1 more problem was found but not listed');
  });

  test("the summary says when records repeat a future's submit, start or done (weakness 15)", () => {
    const events = manyFutures(2);
    const model = modelOf(header, [...events, events[1]!, events[4]!]);
    assert.match(
      formatSummary(computeStats(model)),
      /^! 2 records repeat a future's submit, start or done: .*poolscope validate/m,
    );
    assert.doesNotMatch(formatSummary(computeStats(modelOf(header, events))), /repeat/);
  });

  test('executor ids of other processes read as #pid/n (nit 24)', () => {
    assert.equal(executorId(1), '#1');
    assert.equal(executorId(2 ** 24), `#${2 ** 24}`);
    assert.equal(executorId(24774 * 2 ** 24 + 1), '#24774/1');
    assert.equal(executorId(8102 * 2 ** 24 + 17), '#8102/17');
  });
});

describe('Chrome export in pieces (bug 3)', () => {
  test('writeChromeTrace writes exactly what chromeTraceToJson would, in bounded pieces', () => {
    const models = [
      ...validGoldens().map((file) => buildModel(readFileSync(file)).model),
      modelOf(header, manyFutures(3000)),
      modelOf(undefined, []),
    ];
    for (const model of models) {
      const expected = chromeTraceToJson(toChromeTrace(model));
      const pieces: string[] = [];
      const count = writeChromeTrace(model, (text) => pieces.push(text), 2000);
      assert.equal(pieces.join(''), expected);
      assert.equal(count, toChromeTrace(model).traceEvents.length);
      const longestEvent = Math.max(...expected.split('\n').map((line) => line.length));
      for (const piece of pieces) assert.ok(piece.length < 2000 + longestEvent + 300, `piece of ${piece.length}`);
      if (expected.length > 20_000) assert.ok(pieces.length > 10);
    }
  });

  test('a model of 20,000 futures exports 160,004 events that parse', () => {
    const model = modelOf(header, manyFutures(20_000));
    let text = '';
    let pieces = 0;
    const count = writeChromeTrace(model, (piece) => {
      pieces++;
      text += piece;
    });
    assert.equal(count, 20_000 * 8 + 4);
    assert.ok(pieces > 1);
    const parsed = JSON.parse(text) as { traceEvents: { ts?: number }[] };
    assert.equal(parsed.traceEvents.length, count);
    const times = parsed.traceEvents.filter((e) => e.ts !== undefined).map((e) => e.ts!);
    assert.ok(
      times.every((t, i) => i === 0 || times[i - 1]! <= t),
      'sorted by time',
    );
  });

  test('sortByTime sorts by time and keeps equal times in their order', () => {
    const ts = Float64Array.from([5, 3, 5, -1, 3, Number.NaN, 0, 5, -0]);
    assert.deepEqual([...sortByTime(ts, ts.length)], [3, 6, 8, 1, 4, 0, 2, 7, 5]);
    assert.deepEqual([...sortByTime(ts, 3)], [1, 0, 2]);
    assert.deepEqual([...sortByTime(new Float64Array(0), 0)], []);
  });
});
