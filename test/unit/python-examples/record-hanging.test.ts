// `poolscope record` on the two examples that hang on purpose, run with --timeout so they give up
// and exit with code 3: the recording must show what is stuck (futures never done, the waits that
// never end) and, for the deadlock, where the stuck workers are (a `stack` event).
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { computeStats } from '../../../src/trace/stats.ts';
import { GROUPS } from './groups.ts';
import {
  example,
  examplePath,
  executorNamed,
  firstArg,
  futuresNamed,
  futuresOf,
  laneNamed,
  lineOf,
  ofType,
  recordAll,
  testRunAndRecording,
  type RecordedRun,
} from './recorded.ts';

const DEADLOCK = 'pool_starvation_deadlock.py';
const NEVER_SET = 'never_set_future.py';
// A stuck future gets its stack sampled once it has run this long; the example gives up after
// --timeout 0.6 s, so the sample (at ~0.3 s) is taken well before the program exits.
const STUCK_MS = '300';

const get = recordAll(GROUPS.hanging, (file) => (file === DEADLOCK ? { POOLSCOPE_STUCK_MS: STUCK_MS } : {}));

/** The example's own --timeout in ms. */
function timeoutMs(file: string): number {
  const args = example(file).args;
  return Number(args[args.indexOf('--timeout') + 1]) * 1000;
}

describe(`${DEADLOCK} recorded (--timeout, POOLSCOPE_STUCK_MS=${STUCK_MS})`, () => {
  const file = DEADLOCK;
  testRunAndRecording(file, get(file));

  /** The parents and, submitted from them, the children, each left then right. */
  function futures(run: RecordedRun) {
    const rows = futuresNamed(run.model, 'worker');
    const parents = rows.filter((r) => r.fn === 'parent').sort((a, b) => a.fid - b.fid);
    const children = rows.filter((r) => r.fn === 'child').sort((a, b) => firstArg(a).localeCompare(firstArg(b)));
    assert.deepEqual(parents.map(firstArg), ['left', 'right']);
    assert.deepEqual(children.map(firstArg), ['left', 'right']);
    assert.equal(rows.length, 4);
    return { parents, children };
  }

  test('both parents are still running at the end and both children still pending: nothing is ever done', () => {
    const run = get(file)();
    const { parents, children } = futures(run);
    for (const parent of parents) {
      assert.ok(!Number.isNaN(parent.startTs), `${parent.args} started`);
      assert.deepEqual([parent.endTs, parent.doneTs, parent.outcome], [NaN, NaN, undefined]);
    }
    const workerLanes = new Set(parents.map((p) => p.runLane));
    assert.equal(workerLanes.size, 2, 'both workers are busy with a parent');
    for (const child of children) {
      assert.deepEqual([child.startTs, child.doneTs, child.outcome], [NaN, NaN, undefined], `${child.args}`);
      assert.equal(child.site?.line, lineOf(file, 'pool.submit(child, name)'));
      assert.ok(workerLanes.has(child.submitLane), 'submitted from inside a parent, on its worker');
    }
    const stats = computeStats(run.model).executors.find((x) => x.name === 'worker')!;
    assert.deepEqual(
      [stats.futures, stats.running, stats.pending, stats.ok, stats.failed, stats.timeouts],
      [4, 2, 2, 0, 0, 1],
    );
    assert.deepEqual(ofType(run.events, 'shutdown-begin'), [], 'the program never shuts the pool down');
  });

  test('each parent blocks in result() of its child on its worker lane, and that wait never ends', () => {
    const run = get(file)();
    const { parents, children } = futures(run);
    for (const [i, parent] of parents.entries()) {
      const waits = run.model.blocks.filter((b) => run.model.lanes[b.lane]!.id === parent.runLane);
      assert.equal(waits.length, 1, `${parent.args}: one wait on its worker`);
      const [wait] = waits;
      const child = children.find((c) => c.submitLane === parent.runLane)!;
      assert.equal(firstArg(child), firstArg(parents[i]!));
      assert.deepEqual([wait!.op, wait!.futures, wait!.timeoutMs], ['result', [child.index], undefined]);
      assert.equal(wait!.site?.line, lineOf(file, 'return future.result()'));
      assert.ok(Number.isNaN(wait!.endTs), 'no block-end: still waiting when the program exited');
    }
  });

  test('the main thread times out in result(timeout=0.6) of the left parent, which is still pending', () => {
    const run = get(file)();
    const { parents } = futures(run);
    const main = laneNamed(run.model, 'MainThread');
    const mainWaits = run.model.blocks.filter((b) => run.model.lanes[b.lane]!.id === main.id);
    assert.equal(mainWaits.length, 1);
    const [wait] = mainWaits;
    assert.deepEqual(
      [wait!.op, wait!.futures, wait!.timeoutMs, wait!.timedOut],
      ['result', [parents[0]!.index], timeoutMs(file), true],
    );
    assert.equal(wait!.site?.line, lineOf(file, 'future.result(timeout=args.timeout)'));
    assert.equal(run.model.timeouts.length, 1);
    const [timeout] = run.model.timeouts;
    assert.deepEqual(
      [timeout!.op, timeout!.pending, timeout!.timeoutMs],
      ['result', [parents[0]!.index], timeoutMs(file)],
    );
    assert.equal(run.model.blocks[timeout!.block], wait);
  });

  test('each stuck parent gets one stack sample on its worker lane, stopped at the inner result() call', () => {
    const run = get(file)();
    const { parents } = futures(run);
    const stacks = ofType(run.events, 'stack');
    assert.deepEqual(
      stacks.map((s) => s.fid).sort(),
      parents.map((p) => p.fid).sort(),
      'one sample per stuck future, none for the main thread',
    );
    const inner = lineOf(file, 'return future.result()');
    for (const parent of parents) {
      const stack = stacks.find((s) => s.fid === parent.fid)!;
      assert.equal(stack.lane, parent.runLane);
      const ours = stack.frames.filter((f) => f.file === examplePath(file));
      assert.deepEqual(
        ours.map((f) => [f.fn, f.line]),
        [['parent', inner]],
        'the worker is in parent(), at the result() call',
      );
      const at = stack.frames.indexOf(ours[0]!);
      assert.ok(at > 0 && at < stack.frames.length - 1, 'with the pool’s frames outside and result()’s inside');
      assert.ok(
        stack.frames.slice(at + 1).some((f) => f.fn === 'result'),
        'the frames inside are Future.result() waiting',
      );
      assert.ok(!stack.frames.some((f) => f.file.includes('poolscope_tracer')), 'no frame of the tracer');
      assert.ok(stack.ts - parent.startTs >= Number(STUCK_MS) * 1000, 'taken once it ran longer than STUCK_MS');
    }
  });

  test('the exit event records code 3 from os._exit', () => {
    const run = get(file)();
    assert.deepEqual([run.model.exit?.code, run.model.exit?.pid, run.code], [3, run.header.pid, 3]);
  });
});

describe(`${NEVER_SET} recorded (--timeout)`, () => {
  const file = NEVER_SET;
  testRunAndRecording(file, get(file));

  /** The hand-made futures and the pool tasks, each ok.example then broken.example. */
  function futures(run: RecordedRun) {
    const { model } = run;
    const handMade = executorNamed(model, 'Future() made by hand');
    assert.equal(handMade.kind, 'other');
    const outers = futuresOf(model, handMade.xid);
    const tasks = futuresNamed(model, 'fetcher', ['ok.example', 'broken.example']);
    assert.equal(outers.length, 2);
    // start_fetch() makes its Future() just before it submits the task it relays.
    outers.forEach((outer, i) => assert.ok(outer.submitTs < tasks[i]!.submitTs));
    assert.ok(outers[1]!.submitTs > tasks[0]!.submitTs);
    return { outers, tasks };
  }

  test('both pool tasks end: ok.example with its result, broken.example with ConnectionError', () => {
    const run = get(file)();
    const { tasks } = futures(run);
    assert.deepEqual(
      tasks.map((t) => [t.outcome, t.endOk]),
      [
        ['result', true],
        ['exception', false],
      ],
    );
    assert.equal(tasks[0]!.value, "'200 OK from ok.example'");
    assert.deepEqual(
      [tasks[1]!.error?.type, tasks[1]!.error?.message],
      ['ConnectionError', 'broken.example refused the connection'],
    );
  });

  test('the hand-made Future() of broken.example is never done; ok.example’s is set by relay() on the worker', () => {
    const run = get(file)();
    const { model } = run;
    const { outers, tasks } = futures(run);
    for (const outer of outers) {
      assert.deepEqual([outer.fn, outer.args, outer.site?.line], ['Future()', '', lineOf(file, 'outer = Future()')]);
      assert.ok(Number.isNaN(outer.startTs), 'a hand-made future never runs');
    }
    assert.deepEqual([outers[1]!.doneTs, outers[1]!.outcome], [NaN, undefined]);
    assert.deepEqual([outers[0]!.outcome, outers[0]!.value], ['result', "'200 OK from ok.example'"]);
    assert.equal(outers[0]!.doneLane, tasks[0]!.runLane, 'set from the callback, on the worker');
    const relays = model.callbacks.filter((c) => c.fn === 'start_fetch.<locals>.relay');
    assert.equal(relays.length, 2);
    for (const task of tasks) {
      const [relay] = model.callbacksOf(task.index);
      assert.deepEqual(
        [relay?.fn, model.lanes[relay!.lane]!.id, relay?.raised],
        ['start_fetch.<locals>.relay', task.runLane, false],
      );
    }
    const cb = model.callbacksOf(tasks[0]!.index)[0]!;
    assert.ok(cb.beginTs <= outers[0]!.doneTs && outers[0]!.doneTs <= cb.endTs, 'done inside the callback');
    const stats = computeStats(model).executors.find((x) => x.kind === 'other')!;
    assert.deepEqual([stats.futures, stats.ok, stats.pending], [2, 1, 1]);
  });

  test('wait(timeout=0.6) blocks on the never-set future and ends with a wait timeout naming it', () => {
    const run = get(file)();
    const { model } = run;
    const { outers } = futures(run);
    assert.equal(model.blocks.length, 1);
    const [block] = model.blocks;
    assert.deepEqual(
      [block!.op, block!.futures, block!.timeoutMs, block!.timedOut],
      ['wait', [outers[1]!.index], timeoutMs(file), true],
    );
    assert.equal(block!.site?.line, lineOf(file, 'wait(requests, timeout=args.timeout)'));
    assert.equal(model.lanes[block!.lane]!.name, 'MainThread');
    assert.equal(model.timeouts.length, 1);
    const [timeout] = model.timeouts;
    assert.deepEqual(
      [timeout!.op, timeout!.pending, timeout!.timeoutMs],
      ['wait', [outers[1]!.index], timeoutMs(file)],
    );
    assert.equal(model.blocks[timeout!.block], block);
    assert.ok(block!.beginTs > executorNamed(model, 'fetcher').shutdown!.endTs, 'after the pool was shut down');
    assert.equal(model.exit?.code, 3);
  });
});
