import type { TraceModel } from './model.ts';
import { ChromePlan } from './chrome-plan.ts';
import { isoDate } from './format-summary.ts';

/** One Chrome Trace Event (the JSON format chrome://tracing and Perfetto load). */
export interface ChromeEvent {
  name: string;
  ph: 'M' | 'X' | 'b' | 'e' | 's' | 'f' | 'i';
  pid: number;
  tid: number;
  ts?: number;
  dur?: number;
  cat?: string;
  id?: string;
  id2?: { local: string };
  bp?: 'e';
  s?: 't';
  args?: Record<string, unknown>;
}

export interface ChromeTrace {
  traceEvents: ChromeEvent[];
  displayTimeUnit: 'ms';
  otherData: Record<string, string>;
}

/** Characters written at a time by `writeChromeTrace` unless told otherwise. */
const CHUNK_CHARS = 1 << 20;

function otherDataOf(model: TraceModel): Record<string, string> {
  const header = model.header;
  const otherData: Record<string, string> = {};
  if (header) {
    otherData.program = [header.program, ...header.args].join(' ');
    otherData.runtime = `${header.runtime} ${header.runtimeVersion}`;
    otherData.recorded = isoDate(header.wallMs) ?? 'unknown';
  }
  return otherData;
}

/**
 * The model as Chrome Trace Event JSON. Lanes become threads with small tids (1..N in order of
 * first appearance) under their real pid; each future's queued and running phases are async
 * slices (b/e, so futures overlapping on one lane are fine), joined by a flow arrow from the submit
 * to the start; callbacks, blocks and shutdowns are complete slices; the rest are instants.
 * Times are microseconds since the recording started. Holds every event as an object: for large
 * recordings use `writeChromeTrace`.
 */
export function toChromeTrace(model: TraceModel): ChromeTrace {
  const plan = new ChromePlan(model);
  const events = Array.from(plan.order(), (k) => plan.event(k));
  return { traceEvents: [...plan.meta, ...events], displayTimeUnit: 'ms', otherData: otherDataOf(model) };
}

function head(): string {
  return '{"traceEvents":[\n';
}

function tail(otherData: Record<string, string>): string {
  return `\n],"displayTimeUnit":"ms","otherData":${JSON.stringify(otherData)}}\n`;
}

/** Serializes a Chrome trace with one event per line, so golden files diff well. */
export function chromeTraceToJson(trace: ChromeTrace): string {
  const events = trace.traceEvents.map((e) => JSON.stringify(e)).join(',\n');
  return head() + events + tail(trace.otherData);
}

/**
 * Writes the same text as `chromeTraceToJson(toChromeTrace(model))` in pieces of about
 * `chunkChars` characters (one event may exceed it), building each event only when it is written,
 * so memory stays near the model's own size however many futures there are. Returns the number of
 * trace events written.
 */
export function writeChromeTrace(model: TraceModel, write: (text: string) => void, chunkChars = CHUNK_CHARS): number {
  const plan = new ChromePlan(model);
  let text = head();
  let first = true;
  const emit = (json: string) => {
    text += first ? json : ',\n' + json;
    first = false;
    if (text.length >= chunkChars) {
      write(text);
      text = '';
    }
  };
  for (const event of plan.meta) emit(JSON.stringify(event));
  for (const k of plan.order()) emit(JSON.stringify(plan.event(k)));
  write(text + tail(otherDataOf(model)));
  return plan.meta.length + plan.count;
}
