import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { readFileSync } from 'node:fs';
import { buildModel } from '../../../src/trace/model-builder.ts';
import { chromeTraceToJson, toChromeTrace, type ChromeEvent } from '../../../src/trace/export-chrome.ts';
import { readGolden, validGoldens } from './golden-files.ts';

function exportOf(bytes: Buffer): ChromeEvent[] {
  const trace = toChromeTrace(buildModel(bytes).model);
  // Round-trip through the serializer: what the file holds is what is checked.
  const parsed = JSON.parse(chromeTraceToJson(trace)) as { traceEvents: ChromeEvent[]; displayTimeUnit: string };
  assert.equal(parsed.displayTimeUnit, 'ms');
  return parsed.traceEvents;
}

const key = (e: ChromeEvent) => `${e.cat}|${e.id2?.local}|${e.name}`;

for (const file of validGoldens()) {
  describe(`Chrome export of ${basename(file)}`, () => {
    const events = exportOf(readFileSync(file));
    const meta = events.filter((e) => e.ph === 'M');
    const timed = events.filter((e) => e.ph !== 'M');

    test('tids are small integers, each named by thread_name metadata, each pid by process_name', () => {
      const threadNames = new Map(meta.filter((e) => e.name === 'thread_name').map((e) => [`${e.pid}:${e.tid}`, e]));
      const tids = [...threadNames.values()].map((e) => e.tid).sort((a, b) => a - b);
      assert.deepEqual(
        tids,
        tids.map((_, i) => i + 1),
        'tids are 1..N',
      );
      const processNames = new Set(meta.filter((e) => e.name === 'process_name').map((e) => e.pid));
      for (const e of timed) {
        assert.ok(threadNames.has(`${e.pid}:${e.tid}`), `${e.name} at tid ${e.tid} has no thread_name`);
        assert.ok(processNames.has(e.pid), `pid ${e.pid} has no process_name`);
        assert.equal(typeof e.ts, 'number');
        assert.ok(e.ts! >= 0, 'times are relative to the start of the recording');
      }
      for (const e of meta.filter((m) => m.name.endsWith('sort_index')))
        assert.equal(typeof e.args?.sort_index, 'number');
    });

    test('every async begin has exactly one end with the same cat, id2 and name, on the same lane, not earlier', () => {
      const open = new Map<string, ChromeEvent>();
      for (const e of timed) {
        if (e.ph === 'b') {
          assert.ok(!open.has(key(e)), `${key(e)} begins twice`);
          assert.ok(e.id2?.local.startsWith('0x'));
          open.set(key(e), e);
        } else if (e.ph === 'e') {
          const begin = open.get(key(e));
          assert.ok(begin, `${key(e)} ends without a begin`);
          assert.deepEqual([e.pid, e.tid], [begin.pid, begin.tid]);
          assert.ok(e.ts! >= begin.ts!);
          open.delete(key(e));
        }
      }
      assert.deepEqual([...open.keys()], [], 'async slices left open');
    });

    test('every flow start has one finish binding to the enclosing slice, and both sit inside an X slice', () => {
      const slices = timed.filter((e) => e.ph === 'X');
      const inside = (p: ChromeEvent) =>
        slices.some((s) => s.pid === p.pid && s.tid === p.tid && s.ts! <= p.ts! && p.ts! <= s.ts! + s.dur!);
      const starts = timed.filter((e) => e.ph === 's');
      const finishes = timed.filter((e) => e.ph === 'f');
      assert.equal(starts.length, finishes.length);
      for (const s of starts) {
        const matching = finishes.filter((f) => f.id === s.id && f.cat === s.cat && f.name === s.name);
        assert.equal(matching.length, 1, `flow ${s.id}`);
        assert.equal(matching[0]!.bp, 'e');
        assert.ok(matching[0]!.ts! >= s.ts!);
        assert.ok(inside(s) && inside(matching[0]!), `flow ${s.id} binds to no slice`);
      }
    });

    test('instants are thread-scoped and slices have a duration', () => {
      for (const e of timed) {
        if (e.ph === 'i') assert.equal(e.s, 't');
        if (e.ph === 'X') assert.ok(typeof e.dur === 'number' && e.dur >= 0);
      }
    });
  });
}

test('node-async-pool: one queued phase per future, one run phase and one flow per started future', () => {
  const events = exportOf(readGolden('node-async-pool.ndjson'));
  const count = (ph: string, cat: string) => events.filter((e) => e.ph === ph && e.cat === cat).length;
  assert.equal(count('b', 'queue'), 7);
  assert.equal(count('b', 'run'), 6);
  assert.equal(count('s', 'flow'), 6);
  assert.equal(count('X', 'callback'), 2);
  assert.equal(count('X', 'block'), 2);
  assert.equal(count('i', 'timeout'), 1);
  assert.equal(count('i', 'cancel'), 2);
  assert.equal(count('i', 'mark'), 1);
  const run = events.find((e) => e.ph === 'b' && e.cat === 'run' && e.args?.fid === 1)!;
  assert.equal(run.ts, 210);
  assert.equal(run.args?.outcome, 'exception');
  assert.match(String(run.args?.error), /^TypeError: Cannot read properties of undefined/);
});

test('the worker crash shows as an instant on the worker lane, with the future it killed', () => {
  const events = exportOf(readGolden('node-worker-pool-crash.ndjson'));
  const crash = events.find((e) => e.name === 'worker crashed')!;
  const lane = events.find((e) => e.name === 'thread_name' && e.tid === crash.tid)!;
  assert.equal(lane.args?.name, 'hash-pool worker 2 (5100:2)');
  assert.deepEqual(crash.args?.fids, [2]);
  // Future 2 never ended: its run phase lasts until its done.
  const end = events.find((e) => e.ph === 'e' && e.cat === 'run' && e.id2?.local === '0x2')!;
  assert.equal(end.ts, 251_150);
});
