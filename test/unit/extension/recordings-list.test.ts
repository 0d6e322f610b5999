import { after, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSize, headerSummary, listRecordings, sortRecordings } from '../../../src/extension/recordings-list.ts';

const dir = mkdtempSync(join(tmpdir(), 'poolscope-recordings-'));
after(() => rmSync(dir, { recursive: true, force: true }));

const header = (program: string) =>
  JSON.stringify({ e: 'header', v: 1, ts: 1, wallMs: 1700000000000, program, args: ['--n', '3'], runtime: 'python' }) +
  '\n';

function put(name: string, text: string, mtimeSec: number): void {
  const path = join(dir, name);
  writeFileSync(path, text);
  utimesSync(path, mtimeSec, mtimeSec);
}

describe('the recordings list', () => {
  test('newest first, only recordings, with what their header says', () => {
    put('poolscope-a-20250101-100000.ndjson', header('a.py'), 1000);
    put('poolscope-b-20250101-110000.ndjson', header('b.py'), 3000);
    put('poolscope-c-20250101-120000.jsonl', 'not json\n', 2000);
    put('notes.txt', 'hello', 4000);
    mkdirSync(join(dir, 'folder.ndjson'));
    const list = listRecordings(dir);
    assert.deepEqual(
      list.map((r) => r.name),
      ['poolscope-b-20250101-110000.ndjson', 'poolscope-c-20250101-120000.jsonl', 'poolscope-a-20250101-100000.ndjson'],
    );
    assert.equal(list[0]!.program, 'b.py');
    assert.deepEqual(list[0]!.args, ['--n', '3']);
    assert.equal(list[0]!.runtime, 'python');
    assert.equal(list[1]!.program, undefined, 'a file whose first line is no header is listed without one');
    assert.equal(list.length, 3);
  });

  test('at most `limit`, the newest kept', () => {
    assert.deepEqual(
      listRecordings(dir, 1).map((r) => r.name),
      ['poolscope-b-20250101-110000.ndjson'],
    );
  });

  test('a folder that does not exist yet lists nothing', () => {
    assert.deepEqual(listRecordings(join(dir, 'missing')), []);
  });

  test('equal times: the later name (a later start time) first', () => {
    const sorted = sortRecordings([
      { name: 'poolscope-x-20250101-100000.ndjson', mtimeMs: 5 },
      { name: 'poolscope-x-20250101-100001.ndjson', mtimeMs: 5 },
      { name: 'poolscope-y.ndjson', mtimeMs: 9 },
    ]);
    assert.deepEqual(
      sorted.map((s) => s.name),
      ['poolscope-y.ndjson', 'poolscope-x-20250101-100001.ndjson', 'poolscope-x-20250101-100000.ndjson'],
    );
  });

  test('a header of the wrong shape gives nothing it cannot vouch for', () => {
    assert.deepEqual(headerSummary('{"e":"submit"}'), {});
    assert.deepEqual(headerSummary('[1,2]'), {});
    assert.deepEqual(headerSummary('{"e":"header","program":7,"args":[1],"wallMs":"x"}'), {});
    assert.deepEqual(headerSummary(undefined), {});
  });

  test('sizes read like sizes', () => {
    assert.equal(formatSize(512), '512 B');
    assert.equal(formatSize(3400), '3.4 KB');
    assert.equal(formatSize(12_000_000), '12.0 MB');
    assert.equal(formatSize(250_000_000), '250 MB');
  });
});
