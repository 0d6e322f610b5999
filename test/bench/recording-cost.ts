// What recording costs the program: ns per recorded event (the ring alone, then with the flusher
// thread draining to a file in the temp directory), the cost of the `recording.current` test when
// recording is off, and what the flusher keeps up with.
// Run: node --import tsx test/bench/recording-cost.ts [events]   (default 1 000 000 start/end events)
//
// Times are CPU time of the process (process.cpuUsage) where only the measured thread runs, so
// other programs on the machine disturb them less; with the flusher running its CPU time is
// counted separately from the main thread's wall time. Each figure is the best of several rounds.
import { closeSync, mkdtempSync, openSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { recordingStatus, startRecording, stopRecording } from '../../src/executor/recording/api.ts';
import { nowMicros } from '../../src/executor/recording/clock.ts';
import { recording, type Recorder } from '../../src/executor/recording/recorder.ts';
import { drainRing } from '../../src/executor/recording/ring-drain.ts';
import { RING_READ, RING_WRITE, createRing, viewRing } from '../../src/executor/recording/ring-layout.ts';
import { RingRecorder, type RecorderHost } from '../../src/executor/recording/ring-recorder.ts';

const EVENTS = Number(process.argv[2] ?? 1_000_000);
const ROUNDS = 7;

interface Row {
  what: string;
  ns: number;
  note?: string;
}
const rows: Row[] = [];

function cpuNs(run: () => void): number {
  const before = process.cpuUsage();
  run();
  const used = process.cpuUsage(before);
  return (used.user + used.system) * 1000;
}

function best(rounds: number, measure: () => number): number {
  let min = Infinity;
  for (let i = 0; i < rounds; i++) min = Math.min(min, measure());
  return min;
}

/** A recorder's host for rings nobody shares: no flusher to wake, nothing to post. */
const quietHost: RecorderHost = {
  ctl: undefined,
  reattach() {},
  drainNow() {},
  flushAll() {},
  fail(error) {
    throw error;
  },
  stopQuietly() {},
  laneEnded() {},
};

// --- Recording off: the only cost is the executors' `const rec = recording.current; if (rec) …`.
function offCost(): void {
  const cell: { current: Recorder | undefined } = { current: undefined };
  let sink = 0;
  const n = EVENTS * 4;
  const loop = best(ROUNDS, () =>
    cpuNs(() => {
      for (let i = 0; i < n; i++) sink += i & 1;
    }),
  );
  const checked = best(ROUNDS, () =>
    cpuNs(() => {
      for (let i = 0; i < n; i++) {
        sink += i & 1;
        const rec = cell.current;
        if (rec) rec.start(i);
      }
    }),
  );
  rows.push({ what: 'recording off: the `recording.current` branch', ns: Math.max(0, checked - loop) / n });
  if (sink < 0) console.log(sink);
}

// --- The clock alone.
function clockCost(): void {
  let sink = 0;
  const ns = best(ROUNDS, () =>
    cpuNs(() => {
      for (let i = 0; i < EVENTS; i++) sink += nowMicros();
    }),
  );
  rows.push({ what: 'clock: nowMicros() (process.hrtime)', ns: ns / EVENTS });
  if (sink < 0) console.log(sink);
}

// --- One thread's ring, drained by nobody (READ moved by hand between rounds): formatting only.
function ringCost(): void {
  const sab = createRing(1 << 27, `${process.pid}:0`);
  const words = new Int32Array(sab, 0, 16);
  const rec = new RingRecorder(sab, quietHost);
  const half = Math.floor(EVENTS / 2);
  const pretendDrained = () => Atomics.store(words, RING_READ, Atomics.load(words, RING_WRITE));
  const startEnd = best(ROUNDS, () => {
    pretendDrained();
    return cpuNs(() => {
      for (let fid = 1; fid <= half; fid++) {
        rec.start(fid);
        rec.end(fid, true);
      }
    });
  });
  rows.push({ what: 'start/end into the ring (no flusher)', ns: startEnd / (half * 2) });
  const tasks = Math.floor(EVENTS / 20);
  // Previews as the executors make them, built before the clock starts: their making is not recording's cost.
  const args = Array.from({ length: 1024 }, (_, i) => `"https://example.com/files/${i}.csv", { retries: 3 }`);
  const values = Array.from({ length: 1024 }, (_, i) => `{ bytes: ${i * 977}, ok: true }`);
  const submitDone = best(ROUNDS, () => {
    pretendDrained();
    return cpuNs(() => {
      for (let fid = 1; fid <= tasks; fid++) {
        rec.submit(fid, 1, 'downloadFile', args[fid & 1023]!, undefined);
        rec.done(fid, 'result', values[fid & 1023]!);
      }
    });
  });
  rows.push({ what: 'submit/done with previews into the ring', ns: submitDone / (tasks * 2) });
}

// --- The flusher's side: frames turned into lines and written to a file, per line.
function drainCost(): void {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-bench-'));
  const fd = openSync(join(dir, 'drain.ndjson'), 'a');
  const sab = createRing(1 << 24, `${process.pid}:0`);
  const rec = new RingRecorder(sab, quietHost);
  const view = viewRing(sab);
  const pairs = 200_000;
  const ns = best(ROUNDS, () => {
    for (let fid = 1; fid <= pairs; fid++) {
      rec.start(fid);
      rec.end(fid, true);
    }
    return cpuNs(() => drainRing(view, fd));
  });
  closeSync(fd);
  rmSync(dir, { recursive: true, force: true });
  rows.push({ what: 'flusher: start/end frames drained to a file', ns: ns / (pairs * 2), note: 'ns per line written' });
}

// --- The real thing: startRecording, the flusher drains every ring into a file in /tmp.
async function withFlusher(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'poolscope-bench-'));
  const path = join(dir, 'recording.ndjson');
  startRecording(path);
  while (!recordingStatus().flusherReady) await new Promise((resolve) => setTimeout(resolve, 2));
  const rec = recording.current!;
  const half = Math.floor(EVENTS / 2);

  // Flat out: one synchronous loop, as fast as the thread can go (the flusher may fall behind).
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  for (let fid = 1; fid <= half; fid++) {
    rec.start(fid);
    rec.end(fid, true);
  }
  const wallNs = Number(process.hrtime.bigint() - t0);
  const cpu = process.cpuUsage(cpu0);
  const dropped = recordingStatus().droppedPending;
  rows.push({
    what: `start/end flat out, flusher draining (${half * 2} events)`,
    ns: wallNs / (half * 2),
    note: `main thread wall time; process CPU ${(((cpu.user + cpu.system) * 1000) / (half * 2)).toFixed(0)} ns/event`,
  });

  // Paced: bursts of 20 000 events with the event loop turning in between (a busy real program).
  await new Promise((resolve) => setTimeout(resolve, 50));
  let pacedNs = 0;
  for (let burst = 0; burst < half / 1000; burst++) {
    const b0 = process.hrtime.bigint();
    for (let i = 0; i < 1000; i++) {
      const fid = half + burst * 1000 + i + 1;
      rec.start(fid);
      rec.end(fid, true);
    }
    pacedNs += Number(process.hrtime.bigint() - b0);
    if (burst % 10 === 9) await new Promise((resolve) => setImmediate(resolve));
  }
  rows.push({ what: 'start/end in bursts of 20 000, flusher draining', ns: pacedNs / (half * 2) });
  stopRecording();

  const text = statSync(path).size;
  const { lines, droppedTotal } = await countLines(path);
  rows.push({
    what: 'flusher: events in the file',
    ns: NaN,
    note: `${lines} lines, ${(text / 1e6).toFixed(1)} MB; ${droppedTotal} events dropped (ring full) in dropped events; ${dropped} still pending after the flat-out loop`,
  });
  rmSync(dir, { recursive: true, force: true });
}

async function countLines(path: string): Promise<{ lines: number; droppedTotal: number }> {
  const { createReadStream } = await import('node:fs');
  const { createInterface } = await import('node:readline');
  let lines = 0;
  let droppedTotal = 0;
  for await (const line of createInterface({ input: createReadStream(path) })) {
    lines++;
    if (line.startsWith('{"e":"dropped"')) droppedTotal += (JSON.parse(line) as { count: number }).count;
  }
  return { lines, droppedTotal };
}

async function main(): Promise<void> {
  offCost();
  clockCost();
  ringCost();
  drainCost();
  await withFlusher();
  const width = Math.max(...rows.map((r) => r.what.length));
  console.log(`${'measure'.padEnd(width)}  ns/event  note`);
  for (const row of rows) {
    const ns = Number.isNaN(row.ns) ? '-' : row.ns.toFixed(1);
    console.log(`${row.what.padEnd(width)}  ${ns.padStart(8)}  ${row.note ?? ''}`);
  }
}

void main();
