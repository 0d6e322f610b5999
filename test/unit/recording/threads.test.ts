import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';
import { recordingStatus, startRecording, stopRecording } from '../../../src/executor/recording/api.ts';
import { recording } from '../../../src/executor/recording/recorder.ts';
import { validateRecording } from '../../../src/trace/validate.ts';
import { completeLines, fixtureWorker, tempPath, waitFor } from './helpers.ts';

type Reply = { t: string; lane?: string; ids?: number[]; recording?: boolean };

function reply(worker: Worker, type: string): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const onMessage = (message: Reply) => {
      if (message.t !== type) return;
      worker.off('message', onMessage);
      resolve(message);
    };
    worker.on('message', onMessage);
    worker.once('error', reject);
  });
}

async function startWorker(workerData: object): Promise<{ worker: Worker; lane: string }> {
  const worker = fixtureWorker('thread-worker.ts', { workerData });
  const ready = await reply(worker, 'ready');
  assert.equal(ready.recording, true, 'the worker joined the recording');
  return { worker, lane: ready.lane! };
}

async function stopWorker(worker: Worker): Promise<void> {
  worker.postMessage('exit');
  await once(worker, 'exit');
}

test('events of four worker threads all arrive, each on its own lane', async () => {
  const path = tempPath('threads.ndjson');
  assert.equal(startRecording(path), true);
  try {
    const main = recording.current!;
    main.executor(1, 'node-worker', 4, 'pool', undefined);
    const perWorker = 200;
    const workers = [];
    for (let w = 0; w < 4; w++) {
      const fids = Array.from({ length: perWorker }, (_, i) => w * perWorker + i + 1);
      for (const fid of fids) main.submit(fid, 1, 'task', String(fid), undefined);
      workers.push({ ...(await startWorker({ fids })), fids });
    }
    assert.equal(new Set(workers.map((w) => w.lane)).size, 4);
    await Promise.all(
      workers.map(async ({ worker }) => {
        const done = reply(worker, 'ran');
        worker.postMessage('run');
        await done;
      }),
    );
    await Promise.all(workers.map(({ worker }) => stopWorker(worker)));
  } finally {
    stopRecording();
  }
  const text = readFileSync(path, 'utf8');
  const result = validateRecording(text);
  assert.deepEqual(result.issues, []);
  const lines = completeLines(path);
  const laneEvents = lines.filter((l) => l.e === 'lane');
  assert.equal(laneEvents.filter((l) => l.kind === 'worker-thread').length, 4);
  assert.equal(laneEvents.filter((l) => l.kind === 'main').length, 1);
  const starts = lines.filter((l) => l.e === 'start');
  assert.equal(starts.length, 800);
  const laneOf = new Map(laneEvents.map((l) => [l.lane, l.name]));
  for (const start of starts) {
    const fid = start.fid as number;
    const worker = Math.floor((fid - 1) / 200);
    const lane = start.lane as string;
    assert.match(String(laneOf.get(lane)), /^test worker \d+$/, `fid ${fid} ran on a described worker lane`);
    const sameWorker = starts.filter((s) => Math.floor(((s.fid as number) - 1) / 200) === worker);
    assert.ok(
      sameWorker.every((s) => s.lane === lane),
      'one worker, one lane',
    );
  }
  assert.equal(lines.filter((l) => l.e === 'dropped').length, 0);
});

test('timestamps of a worker and the main thread are ordered around a handshake', async () => {
  const path = tempPath('clock.ndjson');
  assert.equal(startRecording(path), true);
  try {
    const { worker } = await startWorker({});
    for (let i = 0; i < 5; i++) {
      recording.current!.mark(`before ${i}`);
      const pong = reply(worker, 'pong');
      worker.postMessage('ping');
      await pong;
      recording.current!.mark(`after ${i}`);
    }
    await stopWorker(worker);
  } finally {
    stopRecording();
  }
  const marks = completeLines(path).filter((l) => l.e === 'mark');
  const tsOf = (name: string, nth: number) => marks.filter((m) => m.name === name)[nth]?.ts as number;
  for (let i = 0; i < 5; i++) {
    const before = tsOf(`before ${i}`, 0);
    const pong = tsOf('pong', i);
    const after = tsOf(`after ${i}`, 0);
    assert.ok(before <= pong && pong <= after, `round ${i}: ${before} <= ${pong} <= ${after}`);
  }
});

test('threads of one recording never hand out the same future id', async () => {
  const path = tempPath('ids.ndjson');
  assert.equal(startRecording(path), true);
  try {
    const { allocateFutureId } = await import('../../../src/executor/recording/ids.ts');
    const workers = await Promise.all([startWorker({ ids: 300 }), startWorker({ ids: 300 })]);
    const mine: number[] = [];
    const theirs = workers.map(async ({ worker }) => {
      const ran = reply(worker, 'ran');
      worker.postMessage('run');
      return (await ran).ids!;
    });
    for (let i = 0; i < 300; i++) mine.push(allocateFutureId());
    const all = [...mine, ...(await Promise.all(theirs)).flat()];
    assert.equal(new Set(all).size, 900);
    await Promise.all(workers.map(({ worker }) => stopWorker(worker)));
  } finally {
    stopRecording();
  }
});

test('a start event reaches the file while its worker thread is stuck in a synchronous loop', async () => {
  const path = tempPath('stuck-worker.ndjson');
  assert.equal(startRecording(path), true);
  try {
    await waitFor(() => recordingStatus().flusherReady, 20_000, 'the flusher');
    const { worker } = await startWorker({ fids: [4242] });
    let unstuck = false;
    const done = reply(worker, 'unstuck').then(() => (unstuck = true));
    worker.postMessage('stuck');
    await waitFor(() => readFileSync(path, 'utf8').includes('"e":"start"'), 5_000, 'the start line');
    assert.equal(unstuck, false, 'the start line was in the file before the worker left its loop');
    await done;
    await stopWorker(worker);
  } finally {
    stopRecording();
  }
});

test('a start event reaches the file while the main thread is stuck in a synchronous loop', async () => {
  const path = tempPath('stuck-main.ndjson');
  assert.equal(startRecording(path), true);
  try {
    await waitFor(() => recordingStatus().flusherReady, 20_000, 'the flusher');
    recording.current!.start(77);
    const started = Date.now();
    let seenAfterMs = -1;
    // No await in here: the event loop of this thread does not run until the loop ends.
    while (Date.now() - started < 300) {
      if (readFileSync(path, 'utf8').includes('"fid":77')) {
        seenAfterMs = Date.now() - started;
        break;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 5);
    }
    assert.ok(seenAfterMs >= 0, 'the start line was written by the flusher while this thread was busy');
  } finally {
    stopRecording();
  }
});
