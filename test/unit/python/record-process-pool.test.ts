import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ensureBuilt, tempDir } from '../runner/helpers.ts';
import { FIXTURES, assertConforms, ofType, plain, programStderr, record } from './helpers.ts';

const { dir, remove } = tempDir('poolscope-python-');
after(remove);

const LANE_NAMES: Record<string, RegExp> = {
  fork: /^ForkProcess-\d+$/,
  spawn: /^SpawnProcess-\d+$/,
  forkserver: /^ForkServerProcess-\d+$/,
};

describe('poolscope record: process pools', () => {
  before(ensureBuilt);

  for (const method of ['fork', 'spawn', 'forkserver']) {
    test(`${method}: the work runs in the worker processes, each a lane of its own; output as without Poolscope`, () => {
      const run = record(join(dir, `${method}.ndjson`), ['process_pool.py', method]);
      const alone = plain(['process_pool.py', method]);
      assert.equal(run.status, 0, run.stderr);
      assert.equal(run.stdout, alone.stdout);
      assert.equal(programStderr(run), alone.stderr);
      assertConforms(run);

      const header = JSON.parse(run.text.split('\n')[0]!) as { pid: number };
      const [executor] = ofType(run.events, 'executor');
      assert.deepEqual([executor!.kind, executor!.maxWorkers], ['python-process', 2]);
      const submits = ofType(run.events, 'submit');
      assert.ok(
        submits.every((s) => s.fid < 2 ** 24),
        'the root allocates ids from 1',
      );

      // Three submits, then map() over 5 items in chunks of 2: one future per chunk.
      assert.deepEqual(
        submits.map((s) => [s.fn, s.args, s.map === undefined ? null : s.idx]),
        [
          ['square', '1', null],
          ['square', '2', null],
          ['square', '3', null],
          ['abs', '[-1, -2]', 0],
          ['abs', '[-4, -5]', 2],
          ['abs', '-6', 4],
        ],
      );
      const workerLanes = ofType(run.events, 'lane').filter((l) => l.kind === 'process');
      assert.ok(workerLanes.length >= 1 && workerLanes.length <= 2, `${workerLanes.length} worker lanes`);
      for (const lane of workerLanes) {
        assert.notEqual(lane.pid, header.pid);
        assert.match(lane.name, LANE_NAMES[method]!);
      }
      const workerIds = new Set(workerLanes.map((l) => l.lane));
      const starts = ofType(run.events, 'start');
      assert.deepEqual(starts.map((s) => s.fid).sort(), submits.map((s) => s.fid).sort());
      assert.ok(
        starts.every((s) => workerIds.has(s.lane)),
        'every start is in a worker process',
      );
      for (const end of ofType(run.events, 'end')) {
        assert.equal(end.lane, starts.find((s) => s.fid === end.fid)!.lane);
      }
      assert.deepEqual(
        ofType(run.events, 'end')
          .filter((e) => !e.ok)
          .map((e) => e.fid),
        [submits[2]!.fid],
      );
      const dones = ofType(run.events, 'done');
      assert.ok(
        dones.every((d) => d.lane.startsWith(`${header.pid}:`)),
        'done is set in the parent',
      );
      const failed = dones.find((d) => d.outcome === 'exception')!;
      assert.equal(failed.error?.message, 'no squares of three');
      assert.match(failed.error?.stack ?? '', /^\n"""\nTraceback[\s\S]*ValueError: no squares of three\n"""$/);
      assert.doesNotMatch(failed.error?.stack ?? '', /poolscope_tracer/);
      assert.deepEqual(failed.error?.frames?.at(-1), {
        file: join(FIXTURES, 'process_pool.py'),
        line: 9,
        fn: 'square',
      });
      assert.deepEqual(
        submits.filter((s) => s.map !== undefined).map((s) => dones.find((d) => d.fid === s.fid)!.value),
        ['[1, 2]', '[4, 5]', '6'],
      );

      const spawned = ofType(run.events, 'worker-spawn').map((w) => w.lane);
      assert.equal(spawned.length, 2);
      assert.ok(spawned.every((lane) => /^(\d+):\1$/.test(lane)));
      assert.ok([...workerIds].every((lane) => spawned.includes(lane)));
      assert.deepEqual(
        ofType(run.events, 'worker-exit')
          .map((w) => [w.lane, w.code])
          .sort(),
        spawned.sort().map((lane) => [lane, 0]),
      );
    });
  }

  test('a worker killed while running a task: the pool is broken, the crash names that task', () => {
    const run = record(join(dir, 'broken.ndjson'), ['broken_pool.py']);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, plain(['broken_pool.py']).stdout);
    assertConforms(run);
    const [dying, queued] = ofType(run.events, 'submit').map((s) => s.fid);
    const [spawned] = ofType(run.events, 'worker-spawn');
    const pid = spawned!.lane.split(':')[0];
    const crashes = ofType(run.events, 'worker-crash');
    assert.deepEqual(
      crashes.map((c) => [c.lane, c.fids, c.error.type, c.error.message]),
      [[spawned!.lane, [dying], 'ProcessKilled', `process ${pid} was killed by SIGKILL`]],
    );
    assert.deepEqual(
      ofType(run.events, 'worker-exit').map((w) => [w.lane, w.code]),
      [[spawned!.lane, null]],
    );
    const [broken] = ofType(run.events, 'broken');
    assert.match(broken!.reason, new RegExp(`process ${pid} was killed by SIGKILL while running future ${dying}\\)$`));
    assert.deepEqual(
      ofType(run.events, 'done').map((d) => [d.fid, d.outcome, d.error?.type]),
      [
        [dying, 'exception', 'BrokenProcessPool'],
        [queued, 'exception', 'BrokenProcessPool'],
      ],
    );
    assert.ok(!ofType(run.events, 'end').some((e) => e.fid === dying), 'a killed worker writes no end');
  });
});
