import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { announcement, ChartState } from '../../../src/webview/app/chart-state.ts';
import { parseSavedState } from '../../../src/webview/app/saved-state.ts';
import type { HostMessage, StatusMessage } from '../../../src/protocol/messages.ts';
import { liveOf, snapshotOf } from '../protocol/sync-helpers.ts';
import { GOLDEN } from './fixture.ts';
import { MIN_GUTTER } from '../../../src/webview/view/responsive.ts';

const golden = (name: string) => join(GOLDEN, `${name}.ndjson`);

function status(program: StatusMessage['program'], now: number | null = null): StatusMessage {
  return {
    type: 'status',
    futures: 0,
    queued: 0,
    running: 0,
    done: 0,
    failed: 0,
    cancelled: 0,
    unfinished: 0,
    dropped: 0,
    issues: 0,
    program,
    now,
    message: null,
  };
}

const feed = (state: ChartState, messages: HostMessage[], clock = 0) => messages.map((m) => state.receive(m, clock));

describe('chart state', () => {
  test('while following, the view keeps the whole run in sight as it grows', () => {
    const state = new ChartState();
    const { messages } = liveOf(golden('python-thread-pool'), 3);
    for (const m of messages) {
      state.receive(m, 0);
      state.applyFollow(0);
      const b = state.bounds(0);
      if (Number.isFinite(b.min)) assert.ok(state.view.start <= b.min && state.view.end >= b.max);
    }
    assert.equal(state.follow, 'all');
  });

  test('steering stops following; tail keeps the span at the live end', () => {
    const state = new ChartState();
    feed(state, snapshotOf(golden('node-async-pool')).messages);
    state.steer({ start: 1000, end: 2000, scrollY: 0 }, 0);
    assert.equal(state.follow, 'off');
    assert.equal(state.applyFollow(0), false);
    state.follow = 'tail';
    state.applyFollow(0);
    assert.equal(Math.round(state.view.end - state.view.start), 1000);
    assert.ok(state.view.end >= state.store.lastTs);
  });

  test('the live end advances with the clock while the program runs, and stops when it exits', () => {
    const state = new ChartState();
    feed(state, snapshotOf(golden('python-thread-pool')).messages);
    const last = state.store.lastTs;
    state.receive(status({ state: 'running' }, last + 10), 1000);
    assert.equal(state.liveNow(1000), last + 10);
    assert.equal(state.liveNow(1500), last + 10 + 500_000);
    state.receive(status({ state: 'exited', code: 0, signal: null, stopped: false }, last + 10), 2000);
    assert.equal(state.liveNow(9000), last);
  });

  test('status changes are announced', () => {
    const state = new ChartState();
    assert.equal(state.receive(status({ state: 'running' }), 0).announce, 'Program started');
    assert.equal(state.receive(status({ state: 'running' }), 0).announce, null);
    assert.equal(
      state.receive(status({ state: 'exited', code: 3, signal: null, stopped: false }), 0).announce,
      'Program ended: Exited with code 3',
    );
    assert.equal(
      announcement('running', { state: 'exited', code: null, signal: 'SIGTERM', stopped: true }),
      'Program ended: Stopped by the user (SIGTERM)',
    );
    assert.equal(
      announcement('running', { state: 'exited', code: null, signal: 'SIGKILL', stopped: false }),
      'Program ended: Killed by SIGKILL',
    );
    assert.equal(announcement('idle', { state: 'idle' }), null);
  });

  test('selection survives a reload: saved by fid, found again when that future arrives', () => {
    const { messages, sync } = snapshotOf(golden('node-async-pool'));
    const first = new ChartState();
    feed(first, messages);
    const i = first.store.indexOfFid(4);
    assert.equal(first.select(i), 4);
    first.steer({ start: 100, end: 900, scrollY: 12 }, 0);
    first.labelWidth = 150;
    const saved = parseSavedState(JSON.parse(JSON.stringify(first.save())))!;
    const second = new ChartState();
    second.restore(saved);
    assert.equal(second.selected, -1);
    feed(second, sync.snapshot());
    assert.equal(second.selected, i);
    assert.deepEqual(second.view, { start: 100, end: 900, scrollY: 12 });
    assert.equal(second.follow, 'off');
    assert.equal(second.labelWidth, 150, 'the label column keeps the width the user dragged it to');
    assert.equal(second.select(-1), null);
  });

  test('after a reload the selected future’s details are asked for again (bug: they stayed "Loading…")', () => {
    const { messages, sync } = snapshotOf(golden('node-async-pool'));
    const first = new ChartState();
    feed(first, messages);
    first.select(first.store.indexOfFid(5));
    first.receive(sync.details(5), 0);
    assert.equal(first.detailsWanted, null, 'the details are here');
    const saved = parseSavedState(JSON.parse(JSON.stringify(first.save())))!;

    const second = new ChartState();
    second.restore(saved);
    assert.equal(second.detailsWanted, null, 'not before the future is known');
    feed(second, sync.snapshot());
    assert.equal(second.detailsWanted, 5, 'the restored selection needs its details');
    assert.equal(second.receive(sync.details(5), 0).details, true);
    assert.equal(second.detailsWanted, null);

    second.receive({ type: 'reset', reason: 'file replaced' }, 0);
    feed(second, sync.snapshot());
    assert.equal(second.detailsWanted, 5, 'after a reset, again');
    second.select(-1);
    assert.equal(second.detailsWanted, null, 'nothing selected, nothing wanted');
  });

  test('details are kept for the selected future and flagged for display; reset forgets everything', () => {
    const { messages, sync } = snapshotOf(golden('node-async-pool'));
    const state = new ChartState();
    feed(state, messages);
    state.select(state.store.indexOfFid(2));
    assert.equal(state.receive(sync.details(1), 0).details, false);
    assert.equal(state.receive(sync.details(2), 0).details, true);
    assert.equal(state.details.get(2)!.fn, 'fetchJson');
    const reset = state.receive({ type: 'reset', reason: 'file replaced' }, 0);
    assert.equal(reset.announce, 'Recording restarted: file replaced');
    assert.equal(state.store.futures.count, 0);
    assert.equal(state.layout.rows.length, 0);
    assert.equal(state.selected, -1);
    assert.equal(state.details.size, 0);
  });

  test('saved state from an older or damaged page is cleaned up', () => {
    assert.equal(parseSavedState(undefined), null);
    assert.equal(parseSavedState('x'), null);
    assert.deepEqual(parseSavedState({ follow: 'off', view: { start: 5, end: 1 }, selectedFid: -3 }), {
      view: null,
      follow: 'all',
      selectedFid: null,
      labelWidth: null,
    });
    assert.deepEqual(parseSavedState({ follow: 'tail', view: null, selectedFid: 7, labelWidth: 5 }), {
      view: null,
      follow: 'tail',
      selectedFid: 7,
      labelWidth: MIN_GUTTER,
    });
    assert.equal(parseSavedState({ labelWidth: 'wide' })!.labelWidth, null);
    assert.equal(parseSavedState({ labelWidth: -20 })!.labelWidth, null);
  });
});
