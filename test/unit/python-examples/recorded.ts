// Records the Python examples with the real, built `poolscope record` and gives each recording
// as events, as the model viewers build, and as one row per future: shared by the record-*.test.ts
// files (what the recording says) and the semantics-*.test.ts files (what the program does).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { checkRecordingAgainstSchema } from '../../../src/trace/conformance.ts';
import { buildModel } from '../../../src/trace/model-builder.ts';
import type { TraceModel } from '../../../src/trace/model.ts';
import type { CallSite, ErrorInfo, Header, TraceEvent } from '../../../src/trace/schema.ts';
import { CLI, ensureBuilt, tempDir } from '../runner/helpers.ts';
import {
  EXAMPLES,
  PYTHON_EXAMPLES,
  expectedLines,
  plainEnv,
  runExample,
  runInExamples,
  splitOutput,
  type PythonExample,
  type Run,
} from './examples.ts';

// Far beyond any example's few seconds: reaching it means a run hung.
export const KILL_AFTER_MS = 30_000;

export interface RecordOptions {
  /** Interpreter to name after `--`; without it `poolscope record script.py` picks `python3` itself. */
  python?: string;
  env?: NodeJS.ProcessEnv;
}

export interface RecordedRun extends Run {
  text: string;
  header: Header;
  events: TraceEvent[];
  model: TraceModel;
}

/** The environment of an untraced run, plus `extra`, minus the test runner's NODE_OPTIONS (tsx's). */
export function recordEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env = { ...plainEnv(), ...extra };
  delete env.NODE_OPTIONS;
  return env;
}

/** Runs `poolscope record -o OUT [-- PYTHON] FILE ARGS` in the examples folder and reads what it wrote. */
export async function recordExample(
  out: string,
  file: string,
  args: string[],
  options: RecordOptions = {},
): Promise<RecordedRun> {
  const command = options.python === undefined ? [file, ...args] : ['--', options.python, file, ...args];
  const run = await runInExamples(
    process.execPath,
    [CLI, 'record', '-o', out, ...command],
    recordEnv(options.env),
    KILL_AFTER_MS,
  );
  assert.equal(run.killed, false, `${file} still running after ${KILL_AFTER_MS} ms:\n${run.stdout}${run.stderr}`);
  assert.ok(existsSync(out), `no recording written; poolscope exited with ${run.code}:\n${run.stderr}`);
  const text = readFileSync(out, 'utf8');
  const lines = text.split('\n').filter((line) => line !== '');
  const header = JSON.parse(lines[0]!) as Header;
  const events = lines.slice(1).map((line) => JSON.parse(line) as TraceEvent);
  return { ...run, text, header, events, model: buildModel(text).model };
}

/** An example run untraced, exactly as examples-run.test.ts runs it. */
export function runPlain(python: string, file: string, args: string[]): Promise<Run> {
  return runExample(python, file, args, KILL_AFTER_MS);
}

/** Runs `jobs` with at most `limit` at a time (the examples mostly sleep; two at once keeps their timing). */
export async function inBatches<T>(jobs: (() => Promise<T>)[], limit = 2): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const lane = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, lane));
  return results;
}

export function example(file: string): PythonExample {
  const found = EXAMPLES.find((candidate) => candidate.file === file);
  assert.ok(found, `no run case for ${file} in examples.ts`);
  return found;
}

export function examplePath(file: string): string {
  return join(PYTHON_EXAMPLES, file);
}

/** The 1-based line of the one line of an example that contains `snippet`, so tests follow edits of the examples. */
export function lineOf(file: string, snippet: string): number {
  const lines = readFileSync(examplePath(file), 'utf8').split('\n');
  const found = lines.flatMap((line, i) => (line.includes(snippet) ? [i + 1] : []));
  assert.equal(found.length, 1, `${file}: expected one line containing ${JSON.stringify(snippet)}, found ${found}`);
  return found[0]!;
}

const RECORDED_LINE = /^poolscope: recorded \d+ events? to .*$/;

/** stderr of a recorded run without the CLI's closing `poolscope: recorded …` line, which must be there. */
export function withoutRecordedLine(stderr: string): string {
  const lines = stderr.split('\n');
  const last = lines.findLastIndex((line) => RECORDED_LINE.test(line));
  assert.notEqual(last, -1, `no "poolscope: recorded" line in:\n${stderr}`);
  return [...lines.slice(0, last), ...lines.slice(last + 1)].join('\n');
}

/** The recording breaks no rule of the trace format, needs no warning, and ends with the CLI's exit event. */
export function assertValidRecording(recorded: RecordedRun): void {
  const report = checkRecordingAgainstSchema(recorded.text);
  assert.ok(report.ok, report.problems.map((p) => p.message).join('\n'));
  assert.deepEqual(
    report.notes.map((n) => n.message),
    [],
    'the recording should need no warning either',
  );
  assert.equal(recorded.events.at(-1)?.e, 'exit');
}

export function ofType<E extends TraceEvent['e']>(events: TraceEvent[], e: E): Extract<TraceEvent, { e: E }>[] {
  return events.filter((event): event is Extract<TraceEvent, { e: E }> => event.e === e);
}

/** One future of the model, its columns gathered into an object; times NaN and lanes undefined when not seen. */
export interface FutureRow {
  index: number;
  fid: number;
  xid: number | undefined;
  fn: string | undefined;
  args: string;
  site: CallSite | undefined;
  map: number | undefined;
  idx: number | undefined;
  submitTs: number;
  startTs: number;
  endTs: number;
  doneTs: number;
  submitLane: string | undefined;
  runLane: string | undefined;
  doneLane: string | undefined;
  endOk: boolean | undefined;
  outcome: 'result' | 'exception' | 'cancelled' | undefined;
  value: string | undefined;
  error: ErrorInfo | undefined;
}

export function futureRows(model: TraceModel): FutureRow[] {
  const f = model.futures;
  const lane = (i: number) => (i < 0 ? undefined : model.lanes[i]!.id);
  const rows: FutureRow[] = [];
  for (let i = 0; i < f.count; i++) {
    rows.push({
      index: i,
      fid: f.fid[i]!,
      xid: f.executor[i]! < 0 ? undefined : model.executors[f.executor[i]!]!.xid,
      fn: f.fn[i]! < 0 ? undefined : model.fnNames[f.fn[i]!],
      args: f.args[i]!,
      site: f.site[i]! < 0 ? undefined : model.sites[f.site[i]!],
      map: Number.isNaN(f.mapId[i]!) ? undefined : f.mapId[i],
      idx: f.mapIdx[i]! < 0 ? undefined : f.mapIdx[i],
      submitTs: f.submitTs[i]!,
      startTs: f.startTs[i]!,
      endTs: f.endTs[i]!,
      doneTs: f.doneTs[i]!,
      submitLane: lane(f.submitLane[i]!),
      runLane: lane(f.runLane[i]!),
      doneLane: lane(f.doneLane[i]!),
      endOk: f.endOk[i] === -1 ? undefined : f.endOk[i] === 1,
      outcome: model.outcomeOf(i),
      value: f.values[i],
      error: f.errors.get(i),
    });
  }
  return rows;
}

/** The futures of one executor, in submission order. */
export function futuresOf(model: TraceModel, xid: number): FutureRow[] {
  return futureRows(model)
    .filter((row) => row.xid === xid)
    .sort((a, b) => a.submitTs - b.submitTs);
}

/**
 * The futures of the executor named `name`, in submission order; with `firstArgs`, first asserts
 * that those are their first arguments, so that a test knows which future is which.
 */
export function futuresNamed(model: TraceModel, name: string, firstArgs?: string[]): FutureRow[] {
  const rows = futuresOf(model, executorNamed(model, name).xid);
  if (firstArgs !== undefined) assert.deepEqual(rows.map(firstArg), firstArgs);
  return rows;
}

/** The first argument of a submit's preview without its quotes: `'tea', 0.1` → `tea`. */
export function firstArg(row: FutureRow): string {
  return row.args.split(',')[0]!.replace(/^'(.*)'$/, '$1');
}

/** The lane named `name`, which must exist. */
export function laneNamed(model: TraceModel, name: string) {
  const lane = model.lanes.find((candidate) => candidate.name === name);
  assert.ok(lane, `no lane named ${name}: ${model.lanes.map((l) => l.name).join(', ')}`);
  return lane;
}

export function laneId(model: TraceModel, index: number): string {
  return model.lanes[index]!.id;
}

/** The executor of the recording named `name`, which must be the only one so named. */
export function executorNamed(model: TraceModel, name: string) {
  const found = model.executors.filter((x) => x.name === name);
  assert.equal(found.length, 1, `executors named ${name}: ${model.executors.map((x) => x.name).join(', ')}`);
  return found[0]!;
}

/** The program's stdout lines, `time:` lines left out. */
export function programLines(run: Run): string[] {
  return run.stdout.split('\n').filter((line) => line !== '' && !line.startsWith('time:'));
}

/**
 * The two tests every recorded example gets: it behaved as it does untraced (exit code, output),
 * and its recording holds to the trace format.
 */
export function testRunAndRecording(file: string, recorded: () => RecordedRun): void {
  const { exitCode, timeLines } = example(file);
  test(`${file}: exits with ${exitCode} and prints its expected output while recorded`, () => {
    const run = recorded();
    const { lines, timeLines: times } = splitOutput(run.stdout);
    assert.equal(run.code, exitCode, run.stderr);
    assert.equal(withoutRecordedLine(run.stderr), '', 'nothing on stderr but the CLI’s closing line');
    assert.deepEqual(lines, expectedLines(example(file)));
    assert.equal(times.length, timeLines);
  });
  test(`${file}: the recording validates against the trace format and ends with exit code ${exitCode}`, () => {
    const run = recorded();
    assertValidRecording(run);
    assert.ok(run.model.executors.length > 0 && run.model.futures.count > 0, 'the tracer recorded the program’s work');
    assert.equal(run.model.exit?.code, exitCode);
    assert.equal(run.header.runtime, 'python');
    assert.equal(run.header.program, file);
    assert.deepEqual(run.header.args, example(file).args);
  });
}

/**
 * Records each of `files` once for the whole test file, with its run case's arguments, two at a
 * time, into a temporary folder removed afterwards; gives a getter per file for the tests.
 */
export function recordAll(
  files: readonly string[],
  envOf: (file: string) => NodeJS.ProcessEnv = () => ({}),
): (file: string) => () => RecordedRun {
  const { dir, remove } = tempDir('poolscope-examples-');
  after(remove);
  const recorded = new Map<string, RecordedRun>();
  before(async () => {
    ensureBuilt();
    const runs = await inBatches(
      files.map(
        (file) => () => recordExample(join(dir, `${file}.ndjson`), file, example(file).args, { env: envOf(file) }),
      ),
    );
    files.forEach((file, i) => recorded.set(file, runs[i]!));
  });
  return (file) => () => {
    const run = recorded.get(file);
    assert.ok(run, `${file} was not recorded`);
    return run;
  };
}
