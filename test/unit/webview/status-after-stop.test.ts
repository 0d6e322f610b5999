// Regression: "status still says running after Stop". After Poolscope: Stop Profiling the status
// bar said "2 running … (ended by SIGTERM)", the chart's status line "Stopped by SIGTERM · 0 queued
// · 2 running", and the two futures the program was running stayed "running" in the table and on the
// chart. Now every one of them says how the program ended and counts those futures as unfinished.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { statusText as statusBarText } from '../../../src/extension/status-text.ts';
import { ModelSync } from '../../../src/protocol/model-sync.ts';
import { parseHostMessage } from '../../../src/protocol/parse-host.ts';
import type { HostMessage, ProgramState } from '../../../src/protocol/messages.ts';
import type { Header } from '../../../src/trace/schema.ts';
import { ChartState } from '../../../src/webview/app/chart-state.ts';
import { describeHit, detailsSections, tableCells } from '../../../src/webview/app/describe.ts';
import { DEFAULT_PALETTE } from '../../../src/webview/render/palette.ts';
import { Painter } from '../../../src/webview/render/painter.ts';
import type { Canvas2D } from '../../../src/webview/render/canvas.ts';
import { statusText as chartStatusText } from '../../../src/webview/app/status-line.ts';
import { fitAll } from '../../../src/webview/view/viewport.ts';

const HEADER: Header = {
  e: 'header',
  v: 1,
  ts: 1000,
  wallMs: 0,
  clock: 'CLOCK_MONOTONIC',
  unit: 'us',
  runtime: 'python',
  runtimeVersion: '3.11',
  program: 'hang.py',
  args: [],
  cwd: '/w',
  pid: 10,
  writer: 't',
};

/** Like hang.py: two futures running, one queued, one done, then the program is stopped. */
function hangRecording(): ModelSync {
  const sync = new ModelSync({ title: 'poolscope-hang.ndjson' });
  sync.header(HEADER);
  const main = '10:10';
  sync.event({ e: 'lane', ts: 1001, lane: main, pid: 10, tid: 10, name: 'MainThread', kind: 'main' });
  sync.event({ e: 'executor', ts: 1002, xid: 1, kind: 'python-process', maxWorkers: 2, name: 'pool', lane: main });
  for (const [fid, lane] of [
    [1, '11:11'],
    [2, '12:12'],
  ] as const) {
    sync.event({ e: 'lane', ts: 1003, lane, pid: fid + 10, tid: fid + 10, name: `Fork-${fid}`, kind: 'process' });
    sync.event({ e: 'submit', ts: 1010 + fid, fid, xid: 1, fn: 'spin', args: String(fid), lane: main });
    sync.event({ e: 'start', ts: 1020 + fid, fid, lane });
  }
  sync.event({ e: 'submit', ts: 1030, fid: 3, xid: 1, fn: 'spin', args: '3', lane: main });
  sync.event({ e: 'submit', ts: 1031, fid: 4, xid: 1, fn: 'quick', args: '4', lane: main });
  sync.event({ e: 'lane', ts: 1004, lane: '13:13', pid: 13, tid: 13, name: 'Fork-3', kind: 'process' });
  sync.event({ e: 'start', ts: 1032, fid: 4, lane: '13:13' });
  sync.event({ e: 'end', ts: 1040, fid: 4, lane: '13:13', ok: true });
  sync.event({ e: 'done', ts: 1041, fid: 4, lane: '13:13', outcome: 'result' });
  sync.event({ e: 'exit', ts: 3000, pid: 10, code: null, signal: 'SIGTERM' });
  return sync;
}

const STOPPED: ProgramState = { state: 'exited', code: null, signal: 'SIGTERM', stopped: true };

/** A 2D context that remembers the colour of every rectangle. */
function recordingCanvas(): Canvas2D & { fills: string[] } {
  const fills: string[] = [];
  const ctx = {
    fills,
    fillStyle: '' as unknown,
    strokeStyle: '' as unknown,
    lineWidth: 1,
    font: '',
    textBaseline: '',
    textAlign: '',
    globalAlpha: 1,
    fillRect: () => fills.push(String(ctx.fillStyle)),
    measureText: (text: string) => ({ width: text.length * 6 }),
  };
  const noop = () => undefined;
  for (const name of ['save', 'restore', 'setTransform', 'clearRect', 'strokeRect', 'fillText', 'beginPath']) {
    (ctx as Record<string, unknown>)[name] = noop;
  }
  for (const name of ['moveTo', 'lineTo', 'closePath', 'rect', 'arc', 'stroke', 'fill', 'clip', 'setLineDash']) {
    (ctx as Record<string, unknown>)[name] = noop;
  }
  return ctx as unknown as Canvas2D & { fills: string[] };
}

describe('status after Stop (bug: the status bar and the chart still said "running" after Stop)', () => {
  test('the host counts the futures left open as unfinished, none as running or queued', () => {
    const status = hangRecording().status(STOPPED);
    assert.deepEqual([status.running, status.queued, status.done, status.unfinished, status.futures], [0, 0, 1, 3, 4]);
    assert.ok(parseHostMessage(JSON.parse(JSON.stringify(status))).ok, 'the webview accepts it');
    // Before the end, the same recording counts them as running and queued.
    const live = hangRecording().status({ state: 'running' });
    assert.deepEqual([live.running, live.queued, live.unfinished], [2, 1, 0]);
  });

  test('the status bar says it was stopped by the user, with the final counts', () => {
    const text = statusBarText(hangRecording().status(STOPPED));
    assert.equal(text, '$(debug-stop) Poolscope: stopped by the user (SIGTERM) · 1 done · 0 failed · 3 unfinished');
    assert.doesNotMatch(text, /running|queued/);
  });

  test("the chart's status line says the same", () => {
    const sync = hangRecording();
    const text = chartStatusText(sync.status(STOPPED), 4);
    assert.equal(text, 'Stopped by the user (SIGTERM) · 1 done · 0 failed · 0 cancelled · 3 unfinished');
  });

  test('a recording reopened later still shows the end it recorded, and no future running', () => {
    const status = hangRecording().status();
    assert.deepEqual(status.program, { state: 'exited', code: null, signal: 'SIGTERM', stopped: false });
    assert.equal(chartStatusText(status, 4), 'Killed by SIGTERM · 1 done · 0 failed · 0 cancelled · 3 unfinished');
  });

  test('the table and the details list the open futures as unfinished, the chart draws them so', () => {
    const sync = hangRecording();
    const state = new ChartState();
    const messages: HostMessage[] = [...sync.snapshot(), sync.status(STOPPED)];
    for (const m of messages) state.receive(m, 0);
    assert.equal(state.ended, true);
    // The unfinished bars end where the program did (the exit), and fitting the view takes them in.
    assert.equal(state.liveNow(99_999), 2000);
    assert.equal(state.bounds(0).max, 2000);
    const rows = [1, 2, 3, 4].map((fid) => tableCells(state.store, state.store.indexOfFid(fid), state.ended));
    assert.deepEqual(
      rows.map((r) => [r[0], r[3], r[6]]),
      [
        ['1', 'unfinished', 'never finished'],
        ['2', 'unfinished', 'never finished'],
        ['3', 'unfinished', 'never started'],
        ['4', 'done', 'result'],
      ],
    );
    const i = state.store.indexOfFid(1);
    const outcome = describeHit(state.store, { kind: 'future', future: i }, undefined, true).lines.find(
      (l) => l.label === 'outcome',
    );
    assert.equal(outcome?.value, 'unfinished: the program ended while it ran');
    const details = detailsSections(state.store, sync.details(1).details!, true)[0]!.lines.find(
      (l) => l.label === 'state',
    );
    assert.equal(details?.value, 'unfinished: the program ended while it ran');

    const paint = (ended: boolean) => {
      const ctx = recordingCanvas();
      new Painter().paint(ctx, state.store, state.index, state.layout, {
        width: 900,
        height: 400,
        dpr: 1,
        view: fitAll(state.bounds(0)),
        now: state.liveNow(0),
        showNow: false,
        ended,
        gutter: 200,
        selected: -1,
        hover: null,
        palette: DEFAULT_PALETTE,
      });
      return ctx.fills;
    };
    const after = paint(true);
    assert.ok(after.includes(DEFAULT_PALETTE.unfinished), 'unfinished bars are drawn in their own colour');
    assert.ok(!after.includes(DEFAULT_PALETTE.running), 'no bar is drawn as running');
    assert.ok(paint(false).includes(DEFAULT_PALETTE.running), 'the same bars while the program runs');
  });
});
