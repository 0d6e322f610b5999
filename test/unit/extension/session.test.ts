import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { recordOptions, type ProfileSettings } from '../../../src/extension/launch-options.ts';
import { ProfileSession } from '../../../src/extension/session.ts';
import { parseTrace } from '../../../src/trace/reader.ts';
import { ensureBuilt, tempDir } from '../runner/helpers.ts';

const WORKSPACE = resolve(__dirname, '../../fixtures/workspace');
const { dir, remove } = tempDir('poolscope-session-');
after(remove);

const settings: ProfileSettings = {
  pythonPath: '',
  nodePath: process.execPath,
  recordingsFolder: dir,
  extraArgs: [],
  env: {},
  stuckThresholdMs: undefined,
};

function env(): NodeJS.ProcessEnv {
  const e = { ...process.env };
  delete e.POOLSCOPE_TRACE;
  delete e.POOLSCOPE_TRACE_ROOT_PID;
  delete e.NODE_OPTIONS;
  return e;
}

/** Starts a fixture of the workspace the way Profile Current File does, collecting each append. */
async function profile(fixture: string): Promise<{ session: ProfileSession; appends: string[]; text: () => string }> {
  const appends: string[] = [];
  const options = recordOptions({
    file: join(WORKSPACE, fixture),
    workspaceFolder: WORKSPACE,
    settings,
    baseEnv: env(),
  });
  const session = await ProfileSession.start(options, { append: (t) => void appends.push(t) });
  return { session, appends, text: () => appends.join('') };
}

async function until(condition: () => boolean, what: string, ms = 8000): Promise<void> {
  const end = Date.now() + ms;
  while (!condition()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 20));
  }
}

/** Linux process state letter, `gone` when it no longer exists (zombies count as dead). */
function dead(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return ['Z', 'X'].includes(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0]!);
  } catch {
    try {
      process.kill(pid, 0);
      return false;
    } catch {
      return true;
    }
  }
}

describe('ProfileSession', () => {
  before(() => ensureBuilt());

  test('a Python program: its output, its recording, its counts', async () => {
    const { session, text } = await profile('pool_demo.py');
    assert.equal(session.running, true);
    const result = await session.done;
    session.dispose();
    assert.equal(result.code, 0);
    assert.deepEqual(session.state, { state: 'exited', code: 0, signal: null, stopped: false });
    assert.match(text(), /result: 0/);
    assert.match(text(), /error: task 4 fails on purpose/);
    assert.ok(existsSync(result.file) && result.file.startsWith(dir));
    const status = session.feed.sync.status();
    assert.deepEqual([status.futures, status.done, status.failed, status.running], [6, 5, 1, 0]);
    const trace = parseTrace(readFileSync(result.file, 'utf8'));
    assert.equal(trace.header?.runtime, 'python');
    assert.equal(trace.events.at(-1)!.e, 'exit');
  });

  test('a program that prints without end: bounded appends, the cut noted, stopped by SIGINT', async () => {
    const { session, appends } = await profile('chatty.js');
    await until(() => session.cutBytes > 0, 'output to be cut');
    const outcome = await session.stop();
    const result = await session.done;
    session.dispose();
    assert.equal(outcome.survived, false);
    assert.equal(result.signal, 'SIGINT');
    const notes = /\n… [\d,]+ bytes of output not shown …\n/g;
    // Every tick hands out at most 32 KiB of output (notes aside); the final drain what waited, at most 128 KiB.
    const sizes = appends.map((a) => Buffer.byteLength(a.replace(notes, '')));
    assert.ok(
      sizes.slice(0, -1).every((n) => n <= 32 * 1024),
      `appends of ${Math.max(...sizes)} bytes`,
    );
    assert.ok(sizes.at(-1)! <= 128 * 1024);
    assert.match(appends.join(''), /… [\d,]+ bytes of output not shown …/);
  });

  test('a program that hangs, with worker processes ignoring SIGINT: the whole tree ends, the recording stays', async () => {
    const { session, text } = await profile('hang.py');
    await until(() => (text().match(/^worker \d+$/gm) ?? []).length === 2, 'both workers to start', 15_000);
    const pids = [...text().matchAll(/^(?:main|worker) (\d+)$/gm)].map((m) => Number(m[1]));
    assert.equal(pids.length, 3);
    const outcome = await session.stop();
    const result = await session.done;
    session.dispose();
    assert.equal(outcome.survived, false);
    assert.ok(outcome.sent.length >= 2, `SIGINT did not end it, so more followed: ${outcome.sent.join(', ')}`);
    for (const pid of pids) assert.ok(dead(pid), `process ${pid} is dead`);
    const trace = parseTrace(readFileSync(result.file, 'utf8'));
    assert.ok(trace.header);
    assert.ok(
      trace.events.some((e) => e.e === 'submit'),
      'the futures submitted before the stop are recorded',
    );
    assert.equal(trace.events.at(-1)!.e, 'exit');
    // Stopped by the user, whatever signal it died of; its futures are unfinished (or failed, when
    // the pool saw its workers die before the main process went), never running.
    assert.equal(session.state.state === 'exited' && session.state.stopped, true);
    const status = session.feed.sync.status(session.state);
    assert.equal(status.running + status.queued, 0, JSON.stringify(status));
    assert.equal(status.unfinished + status.failed, 2, JSON.stringify(status));
  });
});
