import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, ROOT, tempDir } from '../runner/helpers.ts';
import { errorLine, runCli } from './helpers.ts';

const { dir, remove } = tempDir();
const version = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

describe('poolscope command line', () => {
  before(() => {
    ensureBuilt();
    writeFileSync(join(dir, 'ok.mjs'), "console.log('ran');\n");
  });
  after(remove);

  test('--help and --version print to stdout and exit 0', () => {
    const help = runCli(['--help']);
    assert.equal(help.status, 0);
    assert.match(help.stdout, /^Poolscope .*\n\nUsage:\n/);
    for (const text of [
      'poolscope record [-o FILE] SCRIPT [ARGS...]',
      '-- node [NODE_ARGS] SCRIPT',
      'summary FILE',
      'export --chrome FILE [-o OUT]',
      'validate FILE',
    ]) {
      assert.ok(help.stdout.includes(text), text);
    }
    assert.deepEqual(runCli(['-V']), { status: 0, signal: null, stdout: `poolscope ${version}\n`, stderr: '' });
    const recordHelp = runCli(['record', '--help']);
    assert.equal(recordHelp.status, 0);
    assert.match(recordHelp.stdout, /poolscope record \[-o FILE\]/);
  });

  test('usage mistakes: one line on stderr, exit 2, nothing run', () => {
    const cases: [string[], RegExp][] = [
      [[], /^poolscope: missing command: try 'poolscope --help'$/],
      [['frobnicate'], /^poolscope: frobnicate: unknown command/],
      [['record'], /^poolscope: record: nothing to run/],
      [['record', '--bogus', 'ok.mjs'], /^poolscope: record --bogus: unknown option/],
      [['record', '-o'], /^poolscope: record -o: needs a value$/],
      [['record', '--output=', 'ok.mjs'], /^poolscope: record --output: needs a value$/],
      [
        ['record', 'train.rb'],
        /^poolscope: train\.rb: not a program Poolscope can record \(expected a .* script, or a command starting with node/,
      ],
      [['record', '--', 'node', '-e', '1'], /^poolscope: -e: cannot record this/],
      [['record', '--', 'node', '--no-warnings'], /^poolscope: node --no-warnings: no script to run/],
      [['summary'], /^poolscope: summary: name the recording to read/],
      [['summary', 'a.ndjson', 'b.ndjson'], /^poolscope: summary: unexpected argument b\.ndjson$/],
      [['summary', '--chrome', 'a.ndjson'], /^poolscope: summary --chrome: unknown option/],
      [['export', 'a.ndjson'], /^poolscope: export: name the format: poolscope export --chrome FILE$/],
      [['export', '--chrome=yes', 'a.ndjson'], /^poolscope: export --chrome: takes no value$/],
      [['validate'], /^poolscope: validate: name the recording/],
    ];
    for (const [args, pattern] of cases) {
      const r = runCli(args, { cwd: dir });
      assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
      assert.match(errorLine(r), pattern, args.join(' '));
      assert.equal(r.stdout, '', args.join(' '));
    }
  });

  test('a missing script or an unwritable recording: one line, exit 1, no recording left', () => {
    const missing = runCli(['record', '-o', 'r.ndjson', 'missing.ts'], { cwd: dir });
    assert.equal(missing.status, 1);
    assert.equal(errorLine(missing), 'poolscope: missing.ts: no such file');
    const viaNode = runCli(['record', '--', 'node', '--no-warnings', 'missing.mjs'], { cwd: dir });
    assert.equal(viaNode.status, 1);
    assert.equal(errorLine(viaNode), 'poolscope: missing.mjs: no such file');
    const unwritable = runCli(['record', '-o', join(dir, 'no/dir/r.ndjson'), 'ok.mjs'], { cwd: dir });
    assert.equal(unwritable.status, 1);
    assert.match(
      errorLine(unwritable),
      /no\/dir\/r\.ndjson: cannot write the recording \(the folder .*\/no\/dir does not exist\), so the program was not started: create the folder or choose another path with -o$/,
    );
    assert.equal(unwritable.stdout, '');
    const missingFolder = runCli(['record', '-o', 'no-such-folder/', 'ok.mjs'], { cwd: dir });
    assert.equal(missingFolder.status, 1);
    assert.match(
      errorLine(missingFolder),
      /no-such-folder: cannot write the recording \(the folder .* does not exist\), so the program was not started: /,
    );
    assert.equal(existsSync(join(dir, 'no-such-folder')), false);
    const named = runCli(['record', '--', '/no/such/node', 'ok.mjs'], { cwd: dir });
    assert.equal(named.status, 1);
    assert.match(errorLine(named), /^poolscope: \/no\/such\/node: cannot run it/);
  });

  test('G8: an -o path that cannot hold a recording stops the run before the program starts, with what to do', () => {
    writeFileSync(join(dir, 'a-file'), '');
    writeFileSync(join(dir, 'marks.mjs'), "import { writeFileSync } from 'node:fs'; writeFileSync('ran', 'yes');\n");
    const r = runCli(['record', '-o', join(dir, 'a-file/r.ndjson'), 'marks.mjs'], { cwd: dir });
    assert.equal(r.status, 1);
    assert.match(
      errorLine(r),
      /a-file\/r\.ndjson: cannot write the recording \(a parent is not a directory\), so the program was not started: choose a path where you can write with -o$/,
    );
    assert.equal(existsSync(join(dir, 'ran')), false, 'the program did not run');
  });
});
