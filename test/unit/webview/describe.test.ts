import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeHit, detailsSections, TABLE_COLUMNS, tableCells } from '../../../src/webview/app/describe.ts';
import { withAlpha } from '../../../src/webview/render/palette.ts';
import { goldenChart } from './fixture.ts';

const lines = (section: { lines: { label: string; value: string }[] }) =>
  Object.fromEntries(section.lines.map((l) => [l.label, l.value]));

test('the tooltip of a future says function, lane, times, waits and outcome; arguments once known', () => {
  const chart = goldenChart('node-async-pool');
  const i = chart.store.indexOfFid(1);
  const bare = describeHit(chart.store, { kind: 'future', future: i });
  assert.equal(bare.title, 'fetchJson #1');
  assert.deepEqual(lines(bare), {
    arguments: '…',
    lane: 'main (4242:0)',
    submitted: '200 µs',
    started: '210 µs',
    ended: '18 ms',
    'queue wait': '10 µs',
    'run time': '17.8 ms',
    outcome: 'raised an exception',
    callbacks: '1',
  });
  const full = describeHit(chart.store, { kind: 'future', future: i }, chart.sync.details(1).details!);
  assert.equal(lines(full).arguments, '"https://api.example.com/users/1"');
});

test('tooltips of the marks', () => {
  const chart = goldenChart('node-async-pool');
  assert.deepEqual(describeHit(chart.store, { kind: 'timeout', timeout: 0 }).title, 'timeout of as_completed()');
  assert.equal(lines(describeHit(chart.store, { kind: 'timeout', timeout: 0 }))['gave up on'], '3 futures');
  assert.equal(describeHit(chart.store, { kind: 'cancel', cancel: 0 }).title, 'cancelled');
  assert.match(describeHit(chart.store, { kind: 'cancel', cancel: 1 }).title, /refused/);
  assert.equal(describeHit(chart.store, { kind: 'mark', mark: 0 }).title, 'phase');
  assert.equal(describeHit(chart.store, { kind: 'callback', callback: 0 }).title, 'callback logResult');
  assert.equal(describeHit(chart.store, { kind: 'block', block: 0 }).title, 'waiting in as_completed()');
  const crash = goldenChart('node-worker-pool-crash');
  assert.equal(describeHit(crash.store, { kind: 'crash', worker: 1 }).title, 'worker crashed');
  assert.match(lines(describeHit(crash.store, { kind: 'broken', executor: 0 })).why, /exited with code 1/);
});

test('details list every field, the traceback with links, callbacks, waits and the crash', () => {
  const chart = goldenChart('node-async-pool');
  const sections = detailsSections(chart.store, chart.sync.details(1).details!);
  assert.deepEqual(
    sections.map((s) => s.title),
    ['future #1', 'exception', 'callbacks', 'waits, timeouts and cancels'],
  );
  const exception = sections[1]!;
  assert.equal(exception.lines[0]!.label, 'TypeError');
  assert.ok(exception.lines.some((l) => l.site?.file === '/home/dev/app/examples/fetch-all.mjs'));
  assert.equal(sections[0]!.lines.find((l) => l.label === 'submitted at')!.site!.line, 15);
  assert.match(lines(sections[2]!)['0. logResult']!, /raised Error: log sink closed/);
  const crash = goldenChart('node-worker-pool-crash');
  const crashed = detailsSections(crash.store, crash.sync.details(2).details!);
  assert.ok(crashed.some((s) => s.title.startsWith('worker crashed at')));
});

test('table cells follow the columns', () => {
  const chart = goldenChart('node-async-pool');
  const cells = tableCells(chart.store, chart.store.indexOfFid(2));
  assert.equal(cells.length, TABLE_COLUMNS.length);
  assert.deepEqual(cells, ['2', 'fetchJson', 'main (4242:0)', 'done', '0.005', '12.165', 'result']);
  assert.deepEqual(tableCells(chart.store, chart.store.indexOfFid(7)).slice(3), ['done', '', '', 'cancelled']);
});

test('theme colours take an opacity whatever form they come in', () => {
  assert.equal(withAlpha('#ff0000', 0.5), 'rgba(255, 0, 0, 0.5)');
  assert.equal(withAlpha('#0f0', 0.25), 'rgba(0, 255, 0, 0.25)');
  assert.equal(withAlpha('#00000080', 0.5), 'rgba(0, 0, 0, 0.251)');
  assert.equal(withAlpha('rgb(1, 2, 3)', 0.1), 'rgba(1, 2, 3, 0.1)');
  assert.equal(withAlpha('rgba(1,2,3,0.5)', 0.5), 'rgba(1, 2, 3, 0.25)');
  assert.equal(withAlpha('red', 0.5), 'red');
});
