import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { parseHostMessage } from '../../../src/protocol/parse-host.ts';
import { LIMITS, PROTOCOL_VERSION, type HostMessage } from '../../../src/protocol/messages.ts';
import { overTheWire, snapshotOf, validGoldens } from './sync-helpers.ts';

const rejected = (data: unknown, pattern: RegExp) => {
  const parsed = parseHostMessage(data);
  assert.equal(parsed.ok, false, `accepted ${JSON.stringify(data)?.slice(0, 200)}`);
  if (!parsed.ok) assert.match(parsed.error, pattern);
};

const init = (): Record<string, unknown> => ({
  type: 'init',
  v: PROTOCOL_VERSION,
  title: 'run.ndjson',
  origin: 100,
  header: null,
  lanes: [{ idx: 0, id: '1:0', name: 'main', kind: 'main' }],
  executors: [],
  workers: [],
});

const futures = (n = 2): Record<string, unknown[]> => ({
  idx: Array.from({ length: n }, (_, i) => i),
  fid: Array.from({ length: n }, (_, i) => i + 1),
  executor: Array(n).fill(0),
  fn: Array(n).fill(0),
  lane: Array(n).fill(-1),
  caller: Array(n).fill(0),
  submitTs: Array(n).fill(5),
  startTs: Array(n).fill(null),
  endTs: Array(n).fill(null),
  state: Array(n).fill(0),
  callbacks: Array(n).fill(0),
});

const append = (extra: Record<string, unknown> = {}) => ({ type: 'append', lastTs: 10, futures: futures(), ...extra });

describe('parseHostMessage accepts', () => {
  test('every message the host builds from the golden recordings, unchanged after a trip over the wire', () => {
    for (const path of validGoldens()) {
      const { sync, messages } = snapshotOf(path, { title: 'golden' });
      const all: HostMessage[] = [...messages, sync.status({ state: 'running' }, { now: 1e12 }), sync.reset('again')];
      for (let i = 0; i < sync.model.futures.count; i++) all.push(sync.details(sync.model.futures.fid[i]!));
      for (const message of all) {
        const wire = overTheWire(message);
        const parsed = parseHostMessage(wire);
        assert.ok(parsed.ok, `${path}: ${!parsed.ok && parsed.error}`);
        assert.deepEqual(parsed.message, wire);
      }
    }
  });

  test('an init with a theme, and status of an exited program', () => {
    assert.ok(parseHostMessage({ ...init(), theme: 'high-contrast' }).ok);
    const status = {
      type: 'status',
      futures: 3,
      queued: 0,
      running: 0,
      done: 2,
      failed: 1,
      cancelled: 0,
      unfinished: 0,
      dropped: 0,
      issues: 0,
      program: { state: 'exited', code: null, signal: 'SIGTERM', stopped: true },
      now: null,
      message: null,
    };
    assert.ok(parseHostMessage(status).ok);
    rejected({ ...status, program: { state: 'exited', code: null, signal: 'SIGTERM' } }, /missing field "stopped"/);
    rejected({ ...status, program: { ...status.program, stopped: 'yes' } }, /status\.program\.stopped/);
    const { unfinished: _unfinished, ...noUnfinished } = status;
    rejected(noUnfinished, /missing field "unfinished"/);
  });
});

describe('parseHostMessage rejects', () => {
  test('what is not a message', () => {
    for (const data of [null, undefined, 42, 'init', [], [{ type: 'init' }], { type: 'nope' }, { type: 7 }]) {
      rejected(data, /message\.type|expected/);
    }
  });

  test('missing and mistyped fields, naming the path', () => {
    const { title: _title, ...noTitle } = init();
    rejected(noTitle, /init: missing field "title"/);
    rejected({ ...init(), v: '1' }, /init\.v: expected an integer/);
    rejected({ ...init(), lanes: [{ idx: 0, id: '1:0', name: 'main', kind: 'fiber' }] }, /init\.lanes\[0\]\.kind/);
    rejected({ ...init(), origin: Infinity }, /init\.origin/);
    rejected(append({ futures: { ...futures(), startTs: [1, 'x'] } }), /append\.futures\.startTs\[1\]/);
    rejected(append({ futures: { ...futures(), state: [0, 9] } }), /append\.futures\.state\[1\]/);
    rejected(append({ futures: { ...futures(), fid: [0, 1] } }), /append\.futures\.fid\[0\]/);
    rejected(append({ futures: { ...futures(), lane: [-2, 0] } }), /append\.futures\.lane\[0\]/);
    rejected(append({ futures: { ...futures(), idx: [0, 1.5] } }), /append\.futures\.idx\[1\]/);
    rejected(append({ futures: { ...futures(), submitTs: [NaN, 1] } }), /submitTs\[0\]/);
    rejected({ type: 'details', fid: 1, details: { fid: 1 } }, /details\.details: missing field/);
    rejected({ type: 'reset' }, /reset: missing field "reason"/);
  });

  test('columns of different lengths', () => {
    rejected(append({ futures: { ...futures(), endTs: [null] } }), /append\.futures\.endTs: expected 2 rows/);
  });

  test('extra fields, anywhere', () => {
    rejected({ ...init(), extra: 1 }, /init: unexpected field "extra"/);
    rejected(append({ futures: { ...futures(), more: [] } }), /append\.futures: unexpected field "more"/);
    rejected(
      { ...init(), lanes: [{ idx: 0, id: '1:0', name: 'main', kind: 'main', color: 'red' }] },
      /init\.lanes\[0\]: unexpected field "color"/,
    );
  });

  test('prototype pollution keys, as JSON.parse delivers them', () => {
    rejected(JSON.parse('{"type":"reset","reason":"x","__proto__":{"polluted":true}}'), /unexpected field "__proto__"/);
    rejected(
      JSON.parse('{"type":"reset","reason":"x","constructor":{"prototype":{"polluted":true}}}'),
      /"constructor"/,
    );
    const nested = JSON.parse(JSON.stringify(init()).replace('"kind":"main"', '"kind":"main","__proto__":{"x":1}'));
    rejected(nested, /init\.lanes\[0\]: unexpected field "__proto__"/);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  test('objects that are not plain', () => {
    class Message {
      type = 'reset';
      reason = 'x';
    }
    rejected(new Message(), /reset: expected a plain object/);
    rejected(Object.assign(Object.create({ inherited: 1 }), { type: 'reset', reason: 'x' }), /plain object/);
  });

  test('huge strings and arrays, without echoing them', () => {
    const huge = 'x'.repeat(LIMITS.maxString + 1);
    const parsed = parseHostMessage({ ...init(), header: null, title: huge });
    assert.equal(parsed.ok, false);
    if (!parsed.ok) {
      assert.match(parsed.error, /init\.title: expected a string of at most 1000 characters, got a string of/);
      assert.ok(parsed.error.length < 200);
    }
    const many = LIMITS.maxBatch + 1;
    rejected(append({ futures: futures(many) }), /append\.futures\.idx: expected an array of at most 65536 items/);
    rejected(append({ strings: { base: 0, values: Array(many).fill('f') } }), /append\.strings\.values/);
    const pending = Array(LIMITS.maxList + 1).fill(0);
    rejected(
      append({
        futures: undefined,
        timeouts: { idx: [0], lane: [0], ts: [1], op: [0], timeoutMs: [5], block: [-1], pending: [pending] },
      }),
      /append\.timeouts\.pending\[0\]: expected an array of at most 4096/,
    );
  });
});
