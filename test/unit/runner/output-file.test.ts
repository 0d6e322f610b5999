// Regression tests for bugs 1 and 6 and nit 17 of the robustness review: where `record` writes.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  lstatSync,
  mkdirSync,
  readFileSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { PoolscopeError } from '../../../src/runner/errors.ts';
import { fateOf, placeHeader, releaseOutput, reserveOutput } from '../../../src/runner/output-file.ts';
import { startRecording } from '../../../src/runner/record.ts';
import { ensureBuilt, tempDir } from './helpers.ts';

const { dir, remove } = tempDir();
const SCRIPT = "import { writeFileSync } from 'node:fs'; writeFileSync('ran', 'yes');\n";

const env = () => {
  const e: NodeJS.ProcessEnv = { ...process.env };
  delete e.NODE_OPTIONS;
  delete e.POOLSCOPE_TRACE;
  delete e.POOLSCOPE_TRACE_ROOT_PID;
  return e;
};

async function refused(output: string, command: string[], why: RegExp): Promise<void> {
  await assert.rejects(
    startRecording({ command, cwd: dir, env: env(), output, stdio: 'ignore' }),
    (error: unknown) => error instanceof PoolscopeError && why.test(error.message),
    output,
  );
  assert.equal(existsSync(join(dir, 'ran')), false, 'the program did not run');
}

describe('record -o', () => {
  before(() => {
    ensureBuilt();
    writeFileSync(join(dir, 'app.mjs'), SCRIPT);
  });
  after(remove);

  test('record -o does not replace a device node, FIFO or socket (bug 1)', async () => {
    const fifo = join(dir, 'fifo');
    assert.equal(spawnSync('mkfifo', [fifo]).status, 0);
    await refused('fifo', ['app.mjs'], /fifo: is a FIFO, not a regular file: .* does not replace it/);
    assert.ok(lstatSync(fifo).isFIFO(), 'still a FIFO');

    const socket = join(dir, 'sock');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(socket, resolve));
    try {
      await refused('sock', ['app.mjs'], /sock: is a socket, not a regular file/);
      assert.ok(lstatSync(socket).isSocket(), 'still a socket');
    } finally {
      server.close();
    }

    // A link to a device is not followed, and not replaced either.
    symlinkSync('/dev/null', join(dir, 'null-link'));
    await refused('null-link', ['app.mjs'], /null-link: is a symbolic link/);
    assert.ok(lstatSync(join(dir, 'null-link')).isSymbolicLink());
    assert.ok(lstatSync('/dev/null').isCharacterDevice());
  });

  test('record -o refuses the script itself and any input of the program (bug 1)', async () => {
    await refused('app.mjs', ['app.mjs'], /app\.mjs: is an input of the program/);
    assert.equal(readFileSync(join(dir, 'app.mjs'), 'utf8'), SCRIPT);
    writeFileSync(join(dir, 'data.ndjson'), '');
    await refused('data.ndjson', ['app.mjs', 'data.ndjson'], /data\.ndjson: is an input of the program/);
    await refused(join(dir, 'app.mjs'), ['node', join(dir, 'app.mjs')], /is an input of the program/);
  });

  test('record -o refuses to overwrite a file that is not a recording, and replaces an old one', async () => {
    writeFileSync(join(dir, 'notes.txt'), 'my notes\n');
    await refused('notes.txt', ['app.mjs'], /notes\.txt: exists and is not a Poolscope recording/);
    assert.equal(readFileSync(join(dir, 'notes.txt'), 'utf8'), 'my notes\n');

    for (const old of ['', '{"e":"header","v":1}\n{"e":"mark"}\n']) {
      writeFileSync(join(dir, 'old.ndjson'), old);
      const session = await startRecording({
        command: ['app.mjs'],
        cwd: dir,
        env: env(),
        output: 'old.ndjson',
        stdio: 'ignore',
      });
      const result = await session.finished;
      assert.equal(result.code, 0);
      const lines = readFileSync(join(dir, 'old.ndjson'), 'utf8').trim().split('\n');
      assert.equal((JSON.parse(lines[0]!) as { pid: number }).pid, session.pid);
      assert.doesNotMatch(lines.join('\n'), /"e":"mark"/);
    }
    assert.equal(existsSync(join(dir, `old.ndjson.${process.pid}.tmp`)), false, 'no side file left');
  });

  test('-o DIR and -o DIR/ put a default-named recording in the folder (nit 17)', () => {
    mkdirSync(join(dir, 'recs'));
    const when = new Date(2025, 0, 2, 3, 4, 5);
    for (const output of ['recs', 'recs/']) {
      const reserved = reserveOutput({ output, cwd: dir, program: 'app.mjs', inputs: [], now: when });
      assert.equal(reserved.file, join(dir, 'recs', 'poolscope-app-20250102-030405.ndjson'));
      releaseOutput(reserved);
    }
    assert.throws(
      () => reserveOutput({ output: 'nope/', cwd: dir, program: 'app.mjs', inputs: [] }),
      /nope: cannot write the recording \(the folder .*nope does not exist\)/,
    );
    assert.equal(existsSync(join(dir, 'nope')), false);
  });

  test('default output names are unique even for runs reserving them at the same time (bug 6)', () => {
    const when = new Date(2025, 0, 2, 3, 4, 5);
    const reserved = Array.from({ length: 5 }, () =>
      reserveOutput({ output: undefined, cwd: dir, program: 'same.mjs', inputs: [], now: when }),
    );
    assert.equal(new Set(reserved.map((r) => r.file)).size, 5);
    reserved.forEach((r, i) => closeSync(placeHeader(r, `{"e":"header","n":${i}}\n`)));
    reserved.forEach((r, i) => assert.equal(readFileSync(r.file, 'utf8'), `{"e":"header","n":${i}}\n`));
    assert.ok(
      reserved.every((r) => !existsSync(r.side)),
      'side files are gone',
    );
  });

  test('a run whose explicit output another run took meanwhile stops instead of sharing the file (bug 6)', () => {
    const reserved = reserveOutput({ output: 'taken.ndjson', cwd: dir, program: 'app.mjs', inputs: [] });
    writeFileSync(join(dir, 'taken.ndjson'), '{"e":"header","other":true}\n');
    assert.throws(() => placeHeader(reserved, '{"e":"header"}\n'), /another recording to the same file started/);
    releaseOutput(reserved);
    assert.equal(readFileSync(join(dir, 'taken.ndjson'), 'utf8'), '{"e":"header","other":true}\n');
    assert.equal(existsSync(reserved.side), false);
  });

  test('G7: a placed recording tells whether it is still in place, was deleted, or was moved or replaced', () => {
    const place = (name: string) => {
      const reserved = reserveOutput({ output: name, cwd: dir, program: 'app.mjs', inputs: [] });
      return { file: reserved.file, fd: placeHeader(reserved, '{"e":"header"}\n') };
    };
    const kept = place('fate-kept.ndjson');
    assert.equal(fateOf(kept.fd, kept.file), 'in place');
    const deleted = place('fate-deleted.ndjson');
    rmSync(deleted.file);
    assert.equal(fateOf(deleted.fd, deleted.file), 'deleted');
    const moved = place('fate-moved.ndjson');
    renameSync(moved.file, join(dir, 'fate-elsewhere.ndjson'));
    assert.equal(fateOf(moved.fd, moved.file), 'moved');
    const replaced = place('fate-replaced.ndjson');
    renameSync(replaced.file, join(dir, 'fate-old.ndjson'));
    writeFileSync(replaced.file, '{"e":"header","other":true}\n');
    assert.equal(fateOf(replaced.fd, replaced.file), 'moved');
    for (const r of [kept, deleted, moved, replaced]) closeSync(r.fd);
  });
});
