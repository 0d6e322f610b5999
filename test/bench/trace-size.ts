// Bytes per event on disk and read speed, for a realistic recording of 100k futures written by
// our writer. Run: node --import tsx test/bench/trace-size.ts [futures]
import { performance } from 'node:perf_hooks';
import type { Record_, TraceEvent } from '../../src/trace/schema.ts';
import { toLine } from '../../src/trace/writer.ts';
import { TraceDecoder, parseTrace, readTraceInto } from '../../src/trace/reader.ts';
import { buildModel } from '../../src/trace/model-builder.ts';

const FUTURES = Number(process.argv[2] ?? 100_000);
const PID = 48213;
const MAIN = `${PID}:${PID}`;
const WORKERS = Array.from({ length: 8 }, (_, i) => `${PID}:${PID + 11 + i}`);
const FILE = '/home/alice/projects/etl-pipeline/src/pipeline/download_and_parse.py';
const FNS = ['download_file', 'parse_csv_chunk', 'Transformer.normalize_row', 'compute_checksum', 'upload_result'];

function* recording(): Generator<Record_> {
  let ts = 5_123_456_789_000;
  yield {
    e: 'header',
    v: 1,
    ts,
    wallMs: 1_732_000_000_000,
    clock: 'CLOCK_MONOTONIC',
    unit: 'us',
    runtime: 'python',
    runtimeVersion: '3.11.9',
    program: 'src/pipeline/main.py',
    args: ['--input', 's3://bucket/2024/'],
    cwd: '/home/alice/projects/etl-pipeline',
    pid: PID,
    writer: 'poolscope-python/0.1.0',
  };
  yield { e: 'lane', ts: ts + 1, lane: MAIN, pid: PID, tid: PID, name: 'MainThread', kind: 'main' };
  yield { e: 'executor', ts: ts + 5, xid: 1, kind: 'python-thread', maxWorkers: 8, name: 'io', lane: MAIN };
  for (const [i, lane] of WORKERS.entries()) {
    yield { e: 'worker-spawn', ts: ts + 10 + i, xid: 1, lane };
    yield { e: 'lane', ts: ts + 20 + i, lane, pid: PID, tid: PID + 11 + i, name: `io_${i}`, kind: 'thread' };
  }
  for (let fid = 1; fid <= FUTURES; fid++) {
    ts += 37;
    const fn = FNS[fid % FNS.length]!;
    const lane = WORKERS[fid % WORKERS.length]!;
    const site = { file: FILE, line: 40 + (fid % 30), col: 22, fn: 'run_batch' };
    const args = `'s3://bucket/2024/part-${String(fid).padStart(6, '0')}.csv', retries=3, timeout=30.0`;
    yield { e: 'submit', ts, fid, xid: 1, fn, args, lane: MAIN, site };
    yield { e: 'start', ts: ts + 120, fid, lane };
    const ok = fid % 50 !== 0;
    yield { e: 'end', ts: ts + 2_400 + (fid % 977), fid, lane, ok };
    const done: TraceEvent = ok
      ? {
          e: 'done',
          ts: ts + 2_410 + (fid % 977),
          fid,
          lane,
          outcome: 'result',
          value: `{'rows': ${fid * 3}, 'bytes': ${fid * 1024}}`,
        }
      : {
          e: 'done',
          ts: ts + 2_410 + (fid % 977),
          fid,
          lane,
          outcome: 'exception',
          error: { type: 'TimeoutError', message: 'The read operation timed out', frames: [{ ...site, fn }] },
        };
    yield done;
    if (fid % 10 === 0) {
      yield { e: 'cb-begin', ts: ts + 2_420, fid, cb: 0, fn: 'run_batch.<locals>.on_done', lane };
      yield { e: 'cb-end', ts: ts + 2_450, fid, cb: 0, lane, raised: false };
    }
    if (fid % 100 === 0) {
      yield {
        e: 'block-begin',
        ts: ts + 1,
        bid: fid / 100,
        op: 'wait',
        fids: [fid - 2, fid - 1, fid],
        lane: MAIN,
        site,
      };
      yield { e: 'block-end', ts: ts + 3_000, bid: fid / 100, lane: MAIN, timedOut: false };
    }
  }
}

function best(runs: number, fn: () => void): number {
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    min = Math.min(min, performance.now() - t0);
  }
  return min / 1000;
}

const perType = new Map<string, { count: number; bytes: number }>();
let text = '';
let events = 0;
for (const record of recording()) {
  const line = toLine(record);
  text += line;
  events++;
  const entry = perType.get(record.e) ?? { count: 0, bytes: 0 };
  entry.count++;
  entry.bytes += Buffer.byteLength(line);
  perType.set(record.e, entry);
}
const bytes = Buffer.from(text);

const rows: [string, string][] = [
  ['futures', FUTURES.toLocaleString('en')],
  ['events', events.toLocaleString('en')],
  ['file size', `${(bytes.length / 1e6).toFixed(1)} MB`],
  ['bytes/event (all)', (bytes.length / events).toFixed(1)],
  ['bytes/future', (bytes.length / FUTURES).toFixed(0)],
];
for (const [type, { count, bytes: b }] of perType)
  if (count >= FUTURES / 10) rows.push([`bytes/${type}`, (b / count).toFixed(1)]);

// The ceiling on this machine at this moment: JSON.parse of every line and nothing else.
const ceiling = () => {
  const text = new TextDecoder().decode(bytes);
  for (let pos = 0, nl = text.indexOf('\n'); nl !== -1; pos = nl + 1, nl = text.indexOf('\n', pos)) {
    JSON.parse(text.slice(pos, nl));
  }
};
const rate = (seconds: number) =>
  `${(events / seconds / 1e6).toFixed(2)} M events/s (${(bytes.length / 1e6 / seconds).toFixed(0)} MB/s)`;
const discard = { event: () => {} };
rows.push(['JSON.parse per line alone (ceiling)', rate(best(3, ceiling))]);
rows.push(['read whole file into a sink, checked', rate(best(3, () => readTraceInto(bytes, discard)))]);
rows.push([
  'read whole file into a sink, unchecked',
  rate(best(3, () => readTraceInto(bytes, discard, { check: false }))),
]);
rows.push(['parseTrace (keeps every record), checked', rate(best(3, () => parseTrace(bytes)))]);
rows.push([
  'stream 64 KiB chunks into a sink, checked',
  rate(
    best(3, () => {
      const decoder = new TraceDecoder(discard);
      for (let i = 0; i < bytes.length; i += 65536) decoder.feed(bytes.subarray(i, i + 65536));
      decoder.end();
    }),
  ),
]);
rows.push(['read and build the model', rate(best(3, () => buildModel(bytes)))]);

// A markdown table, like the other benchmarks print (scripts/bench.mjs).
console.log('| trace: measure | value |\n| --- | --- |');
for (const [key, value] of rows) console.log(`| ${key} | ${value} |`);
