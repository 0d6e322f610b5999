import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, tempDir } from '../runner/helpers.ts';
import {
  assertConforms,
  ofType,
  plain,
  programStderr,
  readRecording,
  record,
  startRecording,
  withBootstrap,
} from './helpers.ts';

const { dir, remove } = tempDir('poolscope-python-');
after(remove);
before(ensureBuilt);

describe('poolscope record: events reach the file while the program runs', () => {
  test('each task’s events are in the file 300 ms after it ended (the flush thread writes every 50 ms)', () => {
    // steady.py reads the recording itself, 300 ms after each task, before it prints the step.
    const run = record(join(dir, 'live.ndjson'), ['steady.py', '4', '0.3', 'check']);
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(
      run.stdout.trim().split('\n'),
      [0, 1, 2, 3].map((i) => `step ${i} done events in the file: ${i + 1}`),
    );
  });

  test('SIGKILL of the program loses at most the last ~100 ms', async () => {
    const out = join(dir, 'sigkill.ndjson');
    const child = startRecording(out, ['steady.py', '1000', '0.01', 'pid']);
    let text = '';
    const killedAt = await new Promise<number>((resolve, reject) => {
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (chunk: string) => {
        text += chunk;
        const pid = /^pid (\d+)$/m.exec(text);
        const steps = [...text.matchAll(/^step (\d+)$/gm)];
        if (pid && steps.length >= 40) {
          process.kill(Number(pid[1]), 'SIGKILL');
          child.stdout.removeAllListeners('data');
          resolve(Number(steps.at(-1)![1]));
        }
      });
      child.on('exit', () => reject(new Error(`ended before the kill:\n${text}`)));
    });
    await new Promise((resolve) => child.on('close', resolve));
    const recorded = readRecording(out);
    // Steps are 10 ms apart (more on a loaded machine); step k's task is fid k+1. Everything done
    // 30 steps (≥ 300 ms) before the last step printed is in the file.
    const done = new Set(ofType(recorded.events, 'done').map((d) => d.fid));
    for (let step = 0; step <= killedAt - 30; step++) assert.ok(done.has(step + 1), `step ${step} (of ${killedAt})`);
    assert.equal(ofType(recorded.events, 'exit')[0]?.signal, 'SIGKILL');
  });
});

describe('poolscope record: signals and Ctrl+C flush what is buffered', () => {
  for (const [signal, status, bug] of [
    ['TERM', 143, ''],
    ['INT', 130, ''],
    ['HUP', 129, 'bug: SIGHUP lost the buffered events (only SIGTERM flushed): '],
  ] as const) {
    test(`${bug}SIG${signal} right after a burst of 50 tasks: all 50 are in the file, the exit is the program’s`, () => {
      // The program signals itself at once, before the flush thread's next tick would have written
      // the burst: only the signal's exit path (SIGTERM handler, or atexit after KeyboardInterrupt)
      // can have written it.
      const run = record(join(dir, `sig${signal}.ndjson`), ['signalled.py', signal]);
      const alone = plain(['signalled.py', signal]);
      assert.equal(run.status, status);
      assert.equal(run.stdout, alone.stdout);
      assert.equal(programStderr(run), alone.stderr);
      assert.equal(ofType(run.events, 'done').length, 50);
      assert.equal(ofType(run.events, 'exit')[0]?.signal, `SIG${signal}`);
      assertConforms(run);
    });
  }

  test('a SIGHUP the program ignores (set before the pool) stays ignored, as without Poolscope', () => {
    const run = record(join(dir, 'sigHUP-ignored.ndjson'), ['signalled.py', 'HUP', 'ignore']);
    const alone = plain(['signalled.py', 'HUP', 'ignore']);
    assert.equal(alone.status, 0, alone.stderr);
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'burst done\nstill running\n');
    assert.equal(run.stdout, alone.stdout);
    assert.equal(programStderr(run), alone.stderr);
    assert.equal(ofType(run.events, 'done').length, 55);
    assert.equal(ofType(run.events, 'exit')[0]?.code, 0);
    assertConforms(run);
  });

  test('a program started with SIGHUP ignored (nohup) keeps ignoring it', () => {
    const file = join(dir, 'sigHUP-nohup.ndjson');
    writeFileSync(file, ''); // no runner: the root writes the header
    const run = withBootstrap(['signalled.py', 'HUP'], file, { ignoring: ['HUP'] });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, 'burst done\nstill running\n');
    assert.equal(ofType(readRecording(file).events, 'done').length, 55);
  });

  test('bug: a KeyboardInterrupt landing inside the tracer showed Poolscope’s frames', () => {
    const run = record(join(dir, 'interrupted-wait.ndjson'), ['interrupted.py', 'wait']);
    assert.equal(run.status, 130, 'the exit status of a program ended by KeyboardInterrupt');
    const stderr = programStderr(run);
    assert.match(stderr, /\nKeyboardInterrupt\n$/);
    // Only the frame lines count: 3.11+ adds carets under a line, 3.13 other marks, 3.8 relative paths.
    const frames = [...stderr.matchAll(/^ {2}File "([^"]+)", line \d+, in (\S+)$/gm)].map(([, path, name]) => ({
      path: path!,
      name: name!,
    }));
    const own = frames.filter((f) => f.path.includes('poolscope_tracer'));
    // 3.11+ re-raises the stripped traceback; 3.8-3.10 re-raise the one they saved, which keeps the
    // hook's own frame (src/python/README.md, "Tracebacks stay the program's").
    const [major, minor] = plain(['-c', 'import sys; print(*sys.version_info[:2])']).stdout.split(' ').map(Number);
    const allowed = major! > 3 || minor! >= 11 ? 0 : 1;
    assert.ok(own.length <= allowed, `at most ${allowed} Poolscope frame(s) on ${major}.${minor}:\n${stderr}`);
    assert.equal(stderr.match(/poolscope_tracer/g)?.length ?? 0, own.length, 'Poolscope named nowhere else');
    // The rest is the program's: its line, result()'s wait where the interrupt landed, the raise.
    assert.deepEqual(
      frames.filter((f) => !own.includes(f)).map((f) => [f.path.split('/').pop(), f.name]),
      [
        ['interrupted.py', '<module>'],
        ['_base.py', 'result'],
        ['interrupted.py', 'interrupt'],
      ],
      stderr,
    );
    assert.match(stderr, /\n {4}future\.result\(\)\n/);
    assert.match(stderr, /\n {4}self\._condition\.wait\(timeout\)\n/);
    assertConforms(run);
  });

  test('bug: a KeyboardInterrupt in the tracer’s exit flush printed "Exception ignored in atexit callback"', () => {
    const run = record(join(dir, 'interrupted-atexit.ndjson'), ['interrupted.py', 'atexit']);
    assert.equal(run.status, 0);
    assert.equal(run.stdout, 'result 32\n');
    assert.equal(programStderr(run), '');
    // The flush was done anyway: the pool's shutdown, right before the exit, is in the file.
    assert.equal(ofType(run.events, 'shutdown-end').length, 1);
    assertConforms(run);
  });
});
