import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { ensureBuilt, ROOT, tempDir } from '../runner/helpers.ts';
import { readRecording, startCli } from './helpers.ts';

const { dir, remove } = tempDir();
const FIXTURE = join(ROOT, 'test/unit/cli/fixtures/signals.mjs');

interface Ended {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Starts `poolscope record` on the fixture; resolves with the program's pid once it said it is ready. */
function recordFixture(out: string, args: string[]) {
  const cli = startCli(['record', '-o', out, FIXTURE, ...args]);
  let stdout = '';
  let stderr = '';
  cli.stdout.setEncoding('utf8');
  cli.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const ready = new Promise<number>((resolve) => {
    cli.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const m = /^ready (\d+)$/m.exec(stdout);
      if (m) resolve(Number(m[1]));
    });
  });
  const ended = new Promise<Ended>((resolve) => cli.on('close', (status) => resolve({ status, stdout, stderr })));
  return { cli: cli as ChildProcess, ready, ended };
}

describe('poolscope record and signals', () => {
  before(ensureBuilt);
  after(remove);

  test('SIGINT to poolscope reaches the program, which handles it; poolscope exits as it did', async () => {
    const out = join(dir, 'int.ndjson');
    const { cli, ready, ended } = recordFixture(out, ['--handle']);
    const pid = await ready;
    cli.kill('SIGINT');
    const r = await ended;
    assert.match(r.stdout, /^caught SIGINT$/m);
    assert.equal(r.status, 42);
    assert.deepEqual({ ...readRecording(out).events.at(-1), ts: 0 }, { e: 'exit', ts: 0, pid, code: 42 });
  });

  test('SIGTERM to poolscope ends a program without handlers by SIGTERM: exit status 143', async () => {
    const out = join(dir, 'term.ndjson');
    const { cli, ready, ended } = recordFixture(out, []);
    const pid = await ready;
    cli.kill('SIGTERM');
    const r = await ended;
    assert.equal(r.status, 128 + 15);
    assert.deepEqual(
      { ...readRecording(out).events.at(-1), ts: 0 },
      { e: 'exit', ts: 0, pid, code: null, signal: 'SIGTERM' },
    );
  });

  test('a program killed by SIGKILL leaves a readable recording with its exit event', async () => {
    const out = join(dir, 'kill.ndjson');
    const { ready, ended } = recordFixture(out, ['--handle']);
    const pid = await ready;
    process.kill(pid, 'SIGKILL');
    const r = await ended;
    assert.equal(r.status, 128 + 9);
    assert.match(r.stderr, /^poolscope: recorded \d+ events? to .*kill\.ndjson$/m);
    const trace = readRecording(out);
    assert.deepEqual(trace.issues, []);
    assert.equal(trace.header?.pid, pid);
    assert.deepEqual({ ...trace.events.at(-1), ts: 0 }, { e: 'exit', ts: 0, pid, code: null, signal: 'SIGKILL' });
  });
});
