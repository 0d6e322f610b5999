import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { CLI, ensureBuilt, ROOT, tempDir } from '../runner/helpers.ts';
import { cliEnv, readRecording, startCli } from './helpers.ts';

const { dir, remove } = tempDir();
const FIXTURE = join(ROOT, 'test/unit/cli/fixtures/signals.mjs');
const IN_TERMINAL = join(ROOT, 'test/unit/cli/fixtures/in-terminal.py');

/**
 * Runs `poolscope record` on the fixture in a pseudo-terminal, as a shell runs a foreground job, and
 * sends SIGINT to the runner alone or to its whole process group (what Ctrl+C does).
 */
function recordInTerminal(mode: 'alone' | 'group', out: string, args: string[]) {
  const py = spawn('python3', [IN_TERMINAL, mode, process.execPath, CLI, 'record', '-o', out, FIXTURE, ...args], {
    env: cliEnv(),
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  py.stdout.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  return new Promise<{ status: number | null; output: string }>((resolve) =>
    py.on('close', () => resolve(JSON.parse(text) as { status: number | null; output: string })),
  );
}

interface Ended {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Starts `poolscope record` on the fixture; resolves with the program's pid once it said it is ready.
 * `ownGroup` starts it in a process group of its own, which a test can signal as a whole.
 */
function recordFixture(out: string, args: string[], ownGroup = false) {
  const cli = ownGroup
    ? spawn(process.execPath, [CLI, 'record', '-o', out, FIXTURE, ...args], {
        cwd: ROOT,
        env: cliEnv(),
        stdio: ['ignore', 'pipe', 'pipe'],
        detached: true,
      })
    : startCli(['record', '-o', out, FIXTURE, ...args]);
  let stdout = '';
  let stderr = '';
  cli.stdout.setEncoding('utf8');
  cli.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const waiting: { line: string; resolve: () => void }[] = [];
  const ready = new Promise<number>((resolve) => {
    cli.stdout.on('data', (chunk: string) => {
      stdout += chunk;
      const m = /^ready (\d+)$/m.exec(stdout);
      if (m) resolve(Number(m[1]));
      for (const w of waiting) if (stdout.split('\n').includes(w.line)) w.resolve();
    });
  });
  /** Resolves once the program has printed this line. */
  const said = (line: string) => new Promise<void>((resolve) => waiting.push({ line, resolve }));
  const ended = new Promise<Ended>((resolve) => cli.on('close', (status) => resolve({ status, stdout, stderr })));
  return { cli: cli as ChildProcess, ready, ended, said };
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

  test('SIGINT sent only to the runner in a terminal foreground still reaches the program', async () => {
    const [plain, handled] = await Promise.all([
      recordInTerminal('alone', join(dir, 'tty-alone.ndjson'), []),
      recordInTerminal('alone', join(dir, 'tty-alone-handled.ndjson'), ['--handle', '--slow']),
    ]);
    assert.equal(plain.status, 130, plain.output);
    assert.deepEqual(
      { ...readRecording(join(dir, 'tty-alone.ndjson')).events.at(-1), ts: 0, pid: 0 },
      { e: 'exit', ts: 0, pid: 0, code: null, signal: 'SIGINT' },
    );
    assert.equal(handled.status, 42, handled.output);
    assert.equal(handled.output.match(/caught SIGINT/g)?.length, 1, handled.output);
  });

  test('Ctrl+C in a terminal reaches a program that handles it exactly once, not twice', async () => {
    const [r, plain] = await Promise.all([
      recordInTerminal('group', join(dir, 'tty-group.ndjson'), ['--handle', '--slow']),
      recordInTerminal('group', join(dir, 'tty-group-plain.ndjson'), []),
    ]);
    assert.equal(r.status, 42, r.output);
    assert.equal(r.output.match(/caught SIGINT/g)?.length, 1, r.output);
    assert.equal(plain.status, 130, plain.output);
  });

  test('B5: a signal sent to the whole group and to poolscope (timeout -s INT) reaches the program once', async () => {
    const runs = (['SIGINT', 'SIGTERM'] as const).map(async (signal) => {
      const { cli, ready, ended, said } = recordFixture(
        join(dir, `group-${signal}.ndjson`),
        ['--handle', '--slow'],
        true,
      );
      await ready;
      // What `timeout` does: it signals the process group it runs in (not a terminal's) and the
      // command. The second copy is sent once the program has handled the first, so the program
      // would see it as a second signal, not one still pending.
      process.kill(-cli.pid!, signal);
      await said(`caught ${signal}`);
      cli.kill(signal);
      const r = await ended;
      return { signal, r };
    });
    for (const { signal, r } of await Promise.all(runs)) {
      assert.equal(r.status, 42, `${signal}: ${r.stderr}`);
      assert.equal(r.stdout.match(new RegExp(`caught ${signal}`, 'g'))?.length, 1, `${signal}: ${r.stdout}`);
    }
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
