import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PoolscopeError } from '../../../src/runner/errors.ts';
import { startRecording, type RecordingSession } from '../../../src/runner/record.ts';
import { parseTrace } from '../../../src/trace/reader.ts';
import { ensureBuilt, tempDir } from './helpers.ts';

const { dir, remove } = tempDir();

/** Collects the program's stdout; the session runs with piped stdio. */
async function output(session: RecordingSession): Promise<string> {
  let text = '';
  session.child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
  await session.finished;
  return text;
}

const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env, POOLSCOPE_TRACE_ROOT_PID: '1' }; // from an "outer recording": must not leak in
  delete e.NODE_OPTIONS;
  return e;
};

describe('startRecording', () => {
  before(() => {
    ensureBuilt();
    writeFileSync(
      join(dir, 'family.mjs'),
      [
        "import { fork } from 'node:child_process';",
        'const me = { pid: process.pid, root: process.env.POOLSCOPE_TRACE_ROOT_PID, trace: process.env.POOLSCOPE_TRACE };',
        "if (process.argv[2] === 'child') { process.send(me); }",
        "else { const c = fork(new URL(import.meta.url).pathname, ['child']); c.on('message', (child) => { console.log(JSON.stringify({ me, child })); process.exitCode = 3; }); }",
      ].join('\n'),
    );
  });
  after(remove);

  test('writes the header with the program pid first and its exit event last', async () => {
    const out = join(dir, 'family.ndjson');
    writeFileSync(out, '{"e":"header","v":1,"note":"an old recording at the same path"}\n');
    const session = await startRecording({
      command: ['family.mjs', 'x y'],
      cwd: dir,
      env: env(),
      output: 'family.ndjson',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const printed = JSON.parse(await output(session)) as {
      me: Record<string, string | number>;
      child: Record<string, string | number>;
    };
    const result = await session.finished;
    assert.equal(result.file, out);
    assert.equal(result.code, 3);
    assert.equal(result.signal, null);

    // The program claimed the root; the process it forked inherited the claim.
    assert.equal(printed.me.pid, session.pid);
    assert.equal(printed.me.root, String(session.pid));
    assert.equal(printed.child.root, String(session.pid));
    assert.notEqual(printed.child.pid, session.pid);
    assert.equal(printed.me.trace, out);

    const trace = parseTrace(readFileSync(out));
    assert.deepEqual(trace.issues, []);
    assert.equal(trace.header?.pid, session.pid);
    assert.equal(trace.header?.program, 'family.mjs');
    assert.deepEqual(trace.header?.args, ['x y']);
    assert.equal(trace.header?.cwd, dir);
    assert.equal(trace.header?.runtime, 'node');
    assert.equal(trace.header?.runtimeVersion, process.versions.node);
    assert.ok(Math.abs(trace.header!.wallMs - Date.now()) < 60_000);
    const last = trace.events.at(-1);
    assert.deepEqual({ ...last, ts: 0 }, { e: 'exit', ts: 0, pid: session.pid, code: 3 });
    assert.ok(last!.ts >= trace.header!.ts);
    assert.equal(result.events, trace.events.length);
  });

  test('a recording that cannot be written stops the run before the program starts', async () => {
    writeFileSync(join(dir, 'marker.mjs'), "import { writeFileSync } from 'node:fs'; writeFileSync('ran', '');\n");
    await assert.rejects(
      startRecording({
        command: ['marker.mjs'],
        cwd: dir,
        env: env(),
        output: 'no/such/dir/r.ndjson',
        stdio: 'ignore',
      }),
      (error: unknown) =>
        error instanceof PoolscopeError &&
        /cannot write the recording \(the folder .*no\/such\/dir does not exist\)/.test(error.message),
    );
    assert.equal(existsSync(join(dir, 'ran')), false);
  });

  test('a program killed by SIGKILL still gets its exit event', async () => {
    writeFileSync(join(dir, 'hang.mjs'), "console.log('up'); setInterval(() => {}, 1000);\n");
    const session = await startRecording({
      command: ['hang.mjs'],
      cwd: dir,
      env: env(),
      output: 'hang.ndjson',
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    session.child.stdout!.once('data', () => session.child.kill('SIGKILL'));
    const result = await session.finished;
    assert.equal(result.signal, 'SIGKILL');
    const trace = parseTrace(readFileSync(join(dir, 'hang.ndjson')));
    assert.deepEqual(
      { ...trace.events.at(-1), ts: 0 },
      { e: 'exit', ts: 0, pid: session.pid, code: null, signal: 'SIGKILL' },
    );
  });
});
