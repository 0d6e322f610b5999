import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { groupAlive, POSIX_STOP_PLAN, stopProcessTree, type StopDeps } from '../../../src/extension/stop-tree.ts';

/** A fake process group: which signals it gets, when, and which one it dies of. */
function fakeGroup(pgid: number, diesOf: NodeJS.Signals | 'never') {
  let now = 0;
  let alive = true;
  const log: { atMs: number; pid: number; signal: NodeJS.Signals | 0 }[] = [];
  const deps: Partial<StopDeps> = {
    platform: 'linux',
    sleep: async (ms) => {
      now += ms;
    },
    kill: (pid, signal) => {
      if (pid !== -pgid || !alive) throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
      if (signal !== 0) log.push({ atMs: now, pid, signal });
      if (signal === diesOf || signal === 'SIGKILL') alive = false;
    },
  };
  return { deps, log };
}

/** A process's state letter from /proc (Linux), `gone` once it no longer exists; signal 0 elsewhere. */
function stateOf(pid: number): string {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT' && process.platform === 'linux') return 'gone';
  }
  try {
    process.kill(pid, 0);
    return 'alive';
  } catch {
    return 'gone';
  }
}

describe('stopProcessTree', () => {
  test('a program that ends on SIGINT gets nothing else', async () => {
    const { deps, log } = fakeGroup(42, 'SIGINT');
    assert.deepEqual(await stopProcessTree(42, deps), { sent: ['SIGINT'], survived: false });
    assert.deepEqual(log, [{ atMs: 0, pid: -42, signal: 'SIGINT' }]);
  });

  test('one that ignores SIGINT gets SIGTERM, the whole group, on schedule', async () => {
    const { deps, log } = fakeGroup(42, 'SIGTERM');
    assert.deepEqual(await stopProcessTree(42, deps), { sent: ['SIGINT', 'SIGTERM'], survived: false });
    assert.deepEqual(
      log.map((l) => [l.atMs, l.pid, l.signal]),
      [
        [0, -42, 'SIGINT'],
        [800, -42, 'SIGTERM'],
      ],
    );
  });

  test('one that ignores both is killed, everything within the 2 s budget', async () => {
    const { deps, log } = fakeGroup(42, 'never');
    assert.deepEqual(await stopProcessTree(42, deps), { sent: ['SIGINT', 'SIGTERM', 'SIGKILL'], survived: false });
    assert.deepEqual(
      log.map((l) => l.signal),
      ['SIGINT', 'SIGTERM', 'SIGKILL'],
    );
    assert.ok(log.every((l) => l.atMs < 2000));
    assert.ok(POSIX_STOP_PLAN.every((step) => step.atMs < 2000));
  });

  test('a group that is already gone is left alone', async () => {
    const { deps, log } = fakeGroup(42, 'never');
    deps.kill = () => {
      throw Object.assign(new Error('ESRCH'), { code: 'ESRCH' });
    };
    assert.deepEqual(await stopProcessTree(42, deps), { sent: [], survived: false });
    assert.deepEqual(log, []);
  });

  test('on Windows the tree is ended with taskkill at once', async () => {
    const killed: number[] = [];
    const outcome = await stopProcessTree(7, {
      platform: 'win32',
      killTree: async (pid) => {
        killed.push(pid);
      },
    });
    assert.deepEqual(killed, [7]);
    assert.equal(outcome.survived, false);
  });

  test('a real tree whose processes ignore SIGINT and SIGTERM is gone, grandchildren included', async (t) => {
    if (process.platform === 'win32') return t.skip('process groups are POSIX');
    // The leader starts two grandchildren; all three ignore SIGINT and SIGTERM.
    const ignore = "process.on('SIGINT', () => {}); process.on('SIGTERM', () => {});";
    const leader = spawn(
      process.execPath,
      [
        '-e',
        `${ignore}
         const { spawn } = require('node:child_process');
         const kids = [0, 1].map(() => spawn(process.execPath, ['-e', ${JSON.stringify(`${ignore} setInterval(() => {}, 1000); console.log('up')`)}], { stdio: ['ignore', 'pipe', 'inherit'] }));
         let up = 0;
         for (const kid of kids) kid.stdout.once('data', () => { if (++up === 2) console.log(JSON.stringify(kids.map((k) => k.pid))); });
         setInterval(() => {}, 1000);`,
      ],
      { detached: true, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const grandchildren = await new Promise<number[]>((done) => {
      let text = '';
      leader.stdout!.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) done(JSON.parse(text.trim()) as number[]);
      });
    });
    const exited = new Promise((done) => leader.once('exit', done));
    const outcome = await stopProcessTree(leader.pid!);
    await exited;
    assert.deepEqual(outcome, { sent: ['SIGINT', 'SIGTERM', 'SIGKILL'], survived: false });
    assert.equal(groupAlive(leader.pid!), false);
    // Dead, though maybe not reaped yet: orphans wait for their new parent (pid 1 here) to reap them.
    for (const pid of grandchildren) assert.ok(['gone', 'Z', 'X'].includes(stateOf(pid)), `grandchild ${pid} is dead`);
  });
});
