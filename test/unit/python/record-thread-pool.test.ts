import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { buildModel } from '../../../src/trace/model-builder.ts';
import { ensureBuilt, tempDir } from '../runner/helpers.ts';
import { FIXTURES, assertConforms, ofType, plain, programStderr, record, type Recorded } from './helpers.ts';

const { dir, remove } = tempDir('poolscope-python-');
after(remove);

describe('poolscope record: a thread pool', () => {
  let run: Recorded;
  before(() => {
    ensureBuilt();
    run = record(join(dir, 'thread-pool.ndjson'), ['thread_pool.py']);
  });

  test('output and exit code are the program’s own', () => {
    const alone = plain(['thread_pool.py']);
    assert.equal(run.status, alone.status);
    assert.equal(run.stdout, alone.stdout);
    assert.equal(programStderr(run), alone.stderr);
    assert.match(run.stdout, /^failing: error failing failed\nmiddle: MIDDLE\nslow: SLOW\n/);
  });

  test('the recording validates against the trace format', () => {
    assertConforms(run);
    assert.equal(run.events.at(-1)?.e, 'exit');
  });

  test('every submitted future starts, ends and is done once, with its outcome', () => {
    const submits = ofType(run.events, 'submit');
    assert.equal(submits.length, 6);
    for (const type of ['start', 'end', 'done'] as const) {
      assert.deepEqual(
        ofType(run.events, type)
          .map((e) => e.fid)
          .sort(),
        submits.map((s) => s.fid).sort(),
        type,
      );
    }
    const byFn = new Map(submits.map((s) => [s.fid, `${s.fn}(${s.args})`]));
    const outcomes = ofType(run.events, 'done').map((d) => [byFn.get(d.fid), d.outcome, d.value ?? d.error?.message]);
    assert.deepEqual(
      outcomes.sort(),
      [
        ['square(1)', 'result', '1'],
        ['square(2)', 'result', '4'],
        ['square(3)', 'result', '9'],
        ["work('failing', 0.05, fail=True)", 'exception', 'failing failed'],
        ["work('middle', 0.25)", 'result', "'MIDDLE'"],
        ["work('slow', 0.45)", 'result', "'SLOW'"],
      ].sort(),
    );
    const failed = ofType(run.events, 'done').find((d) => d.outcome === 'exception')!;
    assert.equal(failed.error?.type, 'ValueError');
    assert.equal(failed.error?.frames?.at(-1)?.fn, 'work');
    assert.match(failed.error?.stack ?? '', /raise ValueError\("%s failed" % name\)\nValueError: failing failed$/);
    assert.deepEqual(
      ofType(run.events, 'end')
        .map((e) => e.ok)
        .filter((ok) => !ok),
      [false],
    );
  });

  test('the executor, its submits and its blocks point at the user’s lines', () => {
    const [executor] = ofType(run.events, 'executor');
    assert.deepEqual(
      { kind: executor!.kind, name: executor!.name, maxWorkers: executor!.maxWorkers, line: executor!.site?.line },
      { kind: 'python-thread', name: 'tp', maxWorkers: 3, line: 25 },
    );
    assert.equal(executor!.site?.file, join(FIXTURES, 'thread_pool.py'));
    assert.deepEqual(
      ofType(run.events, 'submit').map((s) => s.site?.line),
      [26, 27, 28, 35, 35, 35],
    );
    const map = ofType(run.events, 'submit').filter((s) => s.map !== undefined);
    assert.deepEqual(
      map.map((s) => [s.fn, s.idx]),
      [
        ['square', 0],
        ['square', 1],
        ['square', 2],
      ],
    );
    assert.equal(new Set(map.map((s) => s.map)).size, 1);
  });

  test('workers are lanes named after their threads; the work runs there', () => {
    const lanes = ofType(run.events, 'lane');
    const main = lanes.find((l) => l.kind === 'main')!;
    assert.equal(main.name, 'MainThread');
    const header = JSON.parse(run.text.split('\n')[0]!) as { pid: number };
    assert.equal(main.pid, header.pid);
    assert.equal(main.lane, `${header.pid}:${main.tid}`);
    const workers = lanes.filter((l) => l.kind === 'thread');
    assert.deepEqual(workers.map((l) => l.name).sort(), ['tp_0', 'tp_1', 'tp_2']);
    assert.ok(workers.every((l) => l.pid === main.pid && l.lane === `${l.pid}:${l.tid}`));
    const workerLanes = new Set(workers.map((l) => l.lane));
    assert.ok(ofType(run.events, 'start').every((s) => workerLanes.has(s.lane)));
    assert.deepEqual(
      ofType(run.events, 'worker-spawn')
        .map((w) => w.lane)
        .sort(),
      [...workerLanes].sort(),
    );
    assert.deepEqual(
      ofType(run.events, 'worker-exit')
        .map((w) => [w.lane, w.code])
        .sort(),
      [...workerLanes].sort().map((lane) => [lane, 0]),
    );
  });

  test('as_completed yields in completion order, and the caller blocks on the pending ones', () => {
    const submits = ofType(run.events, 'submit');
    const name = (fid: number) => submits.find((s) => s.fid === fid)!.args.split(',')[0];
    const dones = ofType(run.events, 'done').filter((d) => submits.find((s) => s.fid === d.fid)!.fn === 'work');
    assert.deepEqual(
      dones.sort((a, b) => a.ts - b.ts).map((d) => name(d.fid)),
      ["'failing'", "'middle'", "'slow'"],
    );
    const blocks = ofType(run.events, 'block-begin').filter((b) => b.op === 'as_completed');
    assert.ok(blocks.length >= 1 && blocks.length <= 3, `${blocks.length} as_completed blocks`);
    const slow = submits.find((s) => s.args.startsWith("'slow'"))!.fid;
    assert.deepEqual(blocks.at(-1)!.fids, [slow], 'the last wait is for the slowest alone');
    assert.ok(blocks.every((b) => b.site?.line === 31));
    const ends = ofType(run.events, 'block-end');
    assert.ok(blocks.every((b) => ends.some((e) => e.bid === b.bid && e.timedOut === false)));
  });

  test('a callback runs on the worker that finished the future, or on the caller when already done', () => {
    const model = buildModel(run.text).model;
    const laneName = (index: number) => model.lanes[index]!.name;
    assert.deepEqual(
      model.callbacks.map((c) => [c.fn, laneName(c.lane), c.raised]),
      [
        ['note_thread', laneName(model.callbacks[0]!.lane), false],
        ['note_thread', 'MainThread', false],
      ],
    );
    const begins = ofType(run.events, 'cb-begin');
    const slowStart = ofType(run.events, 'start').find((s) => s.fid === begins[0]!.fid)!;
    assert.equal(begins[0]!.lane, slowStart.lane);
    assert.match(run.stdout, new RegExp(`callbacks ran in: ${laneName(model.callbacks[0]!.lane)}, MainThread`));
  });
});

describe('poolscope record: other executors, futures made by hand, hostile values, -m and sitecustomize', () => {
  before(ensureBuilt);

  test('an Executor subclass is recorded as kind other, a hand-made Future under its own executor', () => {
    const run = record(join(dir, 'other.ndjson'), ['other_executors.py']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, plain(['other_executors.py']).stdout);
    assertConforms(run);
    const executors = ofType(run.events, 'executor');
    assert.deepEqual(
      executors.map((x) => [x.kind, x.name]),
      [
        ['other', 'InlineExecutor'],
        ['other', 'Future() made by hand'],
      ],
    );
    const submits = ofType(run.events, 'submit');
    assert.deepEqual(
      submits.map((s) => [s.xid, s.fn, s.args, s.map !== undefined]),
      [
        [executors[0]!.xid, 'pow', '2, 5', false],
        [executors[0]!.xid, 'abs', '-1', true],
        [executors[0]!.xid, 'abs', '-2', true],
        [executors[1]!.xid, 'Future()', '', false],
      ],
    );
    const handMade = submits[3]!.fid;
    const setter = ofType(run.events, 'lane').find((l) => l.name === 'setter')!;
    assert.equal(ofType(run.events, 'done').find((d) => d.fid === handMade)?.lane, setter.lane);
    assert.ok(ofType(run.events, 'block-begin').some((b) => b.op === 'wait' && b.fids.includes(handMade)));
  });

  test('no __repr__ or __str__ of the program runs; previews show the class instead', () => {
    const run = record(join(dir, 'hostile.ndjson'), ['-m', 'hostile', 'x']);
    const alone = plain(['-m', 'hostile', 'x']);
    assert.equal(run.stdout, alone.stdout);
    assert.match(run.stdout, /user code run by the tracer: \[\]\nname: __main__ argv: \['x'\]\n$/);
    assertConforms(run);
    assert.equal(run.events[0]?.e, 'lane');
    const submits = ofType(run.events, 'submit');
    assert.deepEqual(
      submits.map((s) => s.args),
      ['<__main__.Touchy object>', '<__main__.Touchy object>', '[0, 1, 2, 3, 4, 5, 6, 7, ...]'],
    );
    // By future, not by position: the three tasks run on two workers, so their `done`s may come in any order.
    const doneOf = (fid: number) => ofType(run.events, 'done').filter((d) => d.fid === fid);
    const [echoed, failed, listed] = submits.map((s) => doneOf(s.fid));
    assert.deepEqual(
      submits.map((s) => s.fn),
      ['echo', 'fail', 'echo'],
    );
    assert.deepEqual(
      echoed!.map((d) => [d.outcome, d.value]),
      [['result', '<__main__.Touchy object>']],
    );
    assert.deepEqual(
      failed!.map((d) => [d.outcome, d.error?.type, d.error?.message]),
      [['exception', 'TouchyError', '<__main__.Touchy object>']],
    );
    assert.deepEqual(
      listed!.map((d) => [d.outcome, d.value]),
      [['result', '[0, 1, 2, 3, 4, 5, 6, 7, ...]']],
    );
    assert.ok(submits.every((s) => s.args.length <= 200));
  });

  test('the user’s own sitecustomize still loads, and sys.path, __file__ and argv are untouched', () => {
    const env = { PYTHONPATH: join(FIXTURES, 'user_site') };
    const run = record(join(dir, 'site.ndjson'), ['site_check.py', 'a', 'b c'], { env });
    const alone = plain(['site_check.py', 'a', 'b c'], { env });
    assert.equal(run.stdout, alone.stdout);
    assert.equal(
      run.stdout,
      "user sitecustomize: loaded\nbootstrap on sys.path: False\nfile: site_check.py name: __main__ argv: ['a', 'b c']\n",
    );
  });

  test('a bare script.py runs on the default interpreter, its arguments in the header', () => {
    const run = record(join(dir, 'bare.ndjson'), ['site_check.py', '--flag'], { bare: true });
    assert.equal(run.status, 0, run.stderr);
    const header = JSON.parse(run.text.split('\n')[0]!) as { runtime: string; program: string; args: string[] };
    assert.deepEqual([header.runtime, header.program, header.args], ['python', 'site_check.py', ['--flag']]);
  });
});
