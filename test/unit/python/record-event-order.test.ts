import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CLI, ensureBuilt, tempDir } from '../runner/helpers.ts';
import { cliEnv } from '../cli/helpers.ts';
import { FIXTURES, PYTHON, assertConforms, ofType, readRecording, record } from './helpers.ts';

const { dir, remove } = tempDir('poolscope-python-');
after(remove);
before(ensureBuilt);

describe('poolscope record: the order of events', () => {
  test('bug: a thread pool’s worker-spawn came after that worker’s first start', () => {
    const run = record(join(dir, 'spawn-order.ndjson'), ['thread_pool.py']);
    assert.equal(run.status, 0, run.stderr);
    const spawns = ofType(run.events, 'worker-spawn');
    assert.ok(spawns.length >= 2, 'the pools started workers');
    for (const spawn of spawns) {
      const first = ofType(run.events, 'start').find((s) => s.lane === spawn.lane);
      if (first === undefined) continue; // a worker that never ran a task
      assert.ok(spawn.ts <= first.ts, `worker-spawn of ${spawn.lane} at ${spawn.ts}, its first start at ${first.ts}`);
      assert.ok(
        run.events.indexOf(spawn) < run.events.indexOf(first),
        `worker-spawn of ${spawn.lane} is written first`,
      );
    }
  });

  test('nit: every one of the five waits writes block-end, then the timeout that follows it (schema.ts)', () => {
    const run = record(join(dir, 'timeout-order.ndjson'), ['timeout_order.py']);
    assert.equal(run.status, 0, run.stderr);
    assertConforms(run);
    const timeouts = ofType(run.events, 'timeout');
    assert.deepEqual(timeouts.map((t) => t.op).sort(), ['as_completed', 'exception', 'map', 'result', 'wait']);
    for (const timeout of timeouts) {
      const end = run.events.findIndex((e) => e.e === 'block-end' && e.bid === timeout.bid);
      assert.notEqual(end, -1, `${timeout.op}: its block-end`);
      assert.ok(end < run.events.indexOf(timeout), `${timeout.op}: block-end before timeout`);
      assert.equal(run.events[end + 1], timeout, `${timeout.op}: the timeout follows its block-end at once`);
    }
  });
});

/** PYTHON, and any Python 3.12+ named in POOLSCOPE_TEST_PYTHONS or installed by pyenv. */
function pythons(): string[] {
  const found = new Set<string>([PYTHON, ...(process.env.POOLSCOPE_TEST_PYTHONS ?? '').split(':').filter(Boolean)]);
  const versions = join(process.env.PYENV_ROOT ?? join(homedir(), '.pyenv'), 'versions');
  if (existsSync(versions)) {
    for (const name of readdirSync(versions)) {
      const m = /^3\.(\d+)\.\d+$/.exec(name);
      const exe = join(versions, name, 'bin', `python3.${m?.[1]}`);
      if (m && Number(m[1]) >= 12 && existsSync(exe)) found.add(exe);
    }
  }
  return [...found];
}

describe('poolscope record: fork in a program with no thread of its own', () => {
  for (const python of pythons()) {
    test(`bug: no "multi-threaded, use of fork()" DeprecationWarning (${python})`, () => {
      // 100 forks, each right after events woke the flush thread: the thread must be gone, not
      // only stopped, when fork() runs (3.12+ counts the OS threads). -W error makes a warning fatal.
      const out = join(dir, 'fork-loop.ndjson');
      const r = spawnSync(
        process.execPath,
        [CLI, 'record', '-o', out, '--', python, '-W', 'error::DeprecationWarning', 'fork_loop.py', '100'],
        { cwd: FIXTURES, env: cliEnv({ POOLSCOPE_STUCK_MS: '' }), encoding: 'utf8', timeout: 60_000 },
      );
      assert.equal(r.stdout, 'forked 100 times\n', r.stderr);
      assert.doesNotMatch(r.stderr, /DeprecationWarning|multi-threaded/);
      assert.equal(r.status, 0);
      assertConforms(readRecording(out));
    });
  }
});
