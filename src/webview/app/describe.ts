/**
 * Words for what the chart shows: the tooltip of anything under the pointer, the details panel of
 * the selected future, and the cells of the table of futures. Pure, so they are tested in Node;
 * the DOM side puts every string in with textContent.
 */
import {
  BLOCK_OPS,
  FUTURE_STATE_NAMES,
  type ErrorDetails,
  type FutureDetails,
  type Site,
} from '../../protocol/messages.ts';
import type { ChartStore } from '../data/store.ts';
import { rowLabel } from '../layout/row-label.ts';
import type { Row } from '../layout/rows.ts';
import { formatDuration, formatMs, formatTimestamp } from '../format.ts';
import type { Hit } from '../view/hit-test.ts';

export interface Line {
  label: string;
  value: string;
  /** A place in the program's source the line can open. */
  site?: Site;
}

export interface Section {
  title: string;
  lines: Line[];
  /** Preformatted text (a runtime's own traceback). */
  pre?: string;
}

const STATE_WORDS: Record<string, string> = {
  pending: 'queued',
  running: 'running',
  result: 'returned a result',
  exception: 'raised an exception',
  cancelled: 'cancelled',
};

export const stateName = (code: number) => FUTURE_STATE_NAMES[code] ?? 'pending';

/** Once the program has ended, a future still queued or running never will finish: it is unfinished. */
const UNFINISHED_WORDS: Record<string, string> = {
  pending: 'never started: the program ended first',
  running: 'unfinished: the program ended while it ran',
};

/** What a future's state means, `ended` telling whether the program is gone. */
export function stateWords(code: number, ended: boolean): string {
  const name = stateName(code);
  return (ended ? UNFINISHED_WORDS[name] : undefined) ?? STATE_WORDS[name]!;
}
const opName = (code: number) => BLOCK_OPS[code] ?? 'wait';
const since = (a: number, b: number) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : b - a);
const at = (t: number | null) => formatTimestamp(t ?? NaN);
const siteText = (s: Site) => `${s.file}:${s.line}${s.col === null ? '' : `:${s.col}`}${s.fn ? ` (${s.fn})` : ''}`;

/**
 * The tooltip: a title and label/value lines. `details` (when the host sent them) adds the
 * arguments; `ended`: the program is no longer running; `rows`: the layout's, for a label's row.
 */
export function describeHit(
  store: ChartStore,
  hit: Hit,
  details?: FutureDetails,
  ended = false,
  rows: readonly Row[] = [],
): Section {
  switch (hit.kind) {
    case 'future': {
      const i = hit.future;
      const f = store.futures.cols;
      const [submit, start, end] = [f.submitTs[i]!, f.startTs[i]!, f.endTs[i]!];
      const lines: Line[] = [
        { label: 'arguments', value: details ? details.args || '(none)' : '…' },
        { label: 'lane', value: store.laneName(f.lane[i]!) || 'not started' },
        { label: 'submitted', value: at(submit) },
        { label: 'started', value: at(start) },
        { label: 'ended', value: at(end) },
        { label: 'queue wait', value: formatDuration(since(submit, start)) },
        { label: 'run time', value: formatDuration(since(start, end)) },
        { label: 'outcome', value: stateWords(f.state[i]!, ended) },
      ];
      if (f.callbacks[i]! > 0) lines.push({ label: 'callbacks', value: String(f.callbacks[i]) });
      return { title: `${store.string(f.fn[i]!) || 'future'} #${f.fid[i]}`, lines };
    }
    case 'callback': {
      const c = store.callbacks.cols;
      const k = hit.callback;
      const future = c.future[k]!;
      return {
        title: `callback ${store.string(c.fn[k]!) || '(anonymous)'}`,
        lines: [
          { label: 'of future', value: `#${store.futures.cols.fid[future] ?? '?'}` },
          { label: 'lane', value: store.laneName(c.lane[k]!) },
          { label: 'began', value: at(c.beginTs[k]!) },
          { label: 'took', value: formatDuration(since(c.beginTs[k]!, c.endTs[k]!)) },
          { label: 'outcome', value: c.raised[k] === 1 ? 'raised' : c.raised[k] === 0 ? 'returned' : 'running' },
        ],
      };
    }
    case 'timeout': {
      const t = store.timeouts[hit.timeout]!;
      return {
        title: `timeout of ${opName(t.op)}()`,
        lines: [
          { label: 'after', value: `${t.timeoutMs} ms` },
          { label: 'at', value: at(t.ts) },
          { label: 'lane', value: store.laneName(t.lane) },
          { label: 'gave up on', value: `${t.pending.length} future${t.pending.length === 1 ? '' : 's'}` },
        ],
      };
    }
    case 'block': {
      const b = store.blocks.cols;
      const k = hit.block;
      return {
        title: `waiting in ${opName(b.op[k]!)}()`,
        lines: [
          { label: 'lane', value: store.laneName(b.lane[k]!) },
          { label: 'from', value: at(b.beginTs[k]!) },
          { label: 'for', value: formatDuration(since(b.beginTs[k]!, b.endTs[k]!)) },
          { label: 'futures', value: String(b.count[k]) },
          { label: 'timed out', value: b.timedOut[k] === 1 ? 'yes' : b.timedOut[k] === 0 ? 'no' : '—' },
        ],
      };
    }
    case 'cancel': {
      const c = store.cancels.cols;
      const k = hit.cancel;
      return {
        title: c.ok[k] ? 'cancelled' : 'cancel() refused: already running or done',
        lines: [
          { label: 'future', value: `#${store.futures.cols.fid[c.future[k]!] ?? '?'}` },
          { label: 'at', value: at(c.ts[k]!) },
          { label: 'by', value: store.laneName(c.lane[k]!) },
        ],
      };
    }
    case 'mark': {
      const m = store.marks.cols;
      return {
        title: store.string(m.name[hit.mark]!) || 'mark',
        lines: [
          { label: 'at', value: at(m.ts[hit.mark]!) },
          { label: 'lane', value: store.laneName(m.lane[hit.mark]!) },
        ],
      };
    }
    case 'crash': {
      const w = store.workers[hit.worker]!;
      return {
        title: 'worker crashed',
        lines: [
          { label: 'lane', value: store.laneName(w.lane) },
          { label: 'at', value: at(w.crashTs) },
          { label: 'exit code', value: w.exitCode === null ? '—' : String(w.exitCode) },
        ],
      };
    }
    case 'broken': {
      const x = store.executors[hit.executor]!;
      return {
        title: `${x.name} is broken`,
        lines: [
          { label: 'at', value: at(x.brokenTs) },
          { label: 'why', value: x.brokenReason ?? '—' },
        ],
      };
    }
    case 'label': {
      const row = rows[hit.row];
      return row ? describeRow(store, row) : { title: 'row', lines: [] };
    }
  }
}

const ROW_KINDS: Record<Row['kind'], string> = {
  threads: 'the threads that submitted and waited',
  thread: 'a thread of the program',
  executor: 'an executor: its queue of futures not started yet',
  track: 'a worker lane of the executor',
};

/** The tooltip of a row's label: the label whole (the column may cut it short) and what the row is. */
export function describeRow(store: ChartStore, row: Row): Section {
  const lines: Line[] = [{ label: 'row', value: ROW_KINDS[row.kind] }];
  if (row.kind === 'executor') {
    const x = store.executors[row.executor];
    if (x) {
      lines.push({ label: 'kind', value: x.kind });
      if (x.maxWorkers > 0) lines.push({ label: 'max workers', value: String(x.maxWorkers) });
      if (x.brokenTs !== null) lines.push({ label: 'broken', value: `${at(x.brokenTs)}: ${x.brokenReason ?? '—'}` });
    }
  }
  lines.push({ label: 'tip', value: "drag the column's right edge to widen it" });
  return { title: rowLabel(store, row), lines };
}

function errorSection(title: string, e: ErrorDetails): Section {
  const lines: Line[] = [{ label: e.type, value: e.message }];
  // Innermost frame last, as Python prints it.
  e.frames.forEach((site, k) =>
    lines.push({ label: k === e.frames.length - 1 ? 'raised in' : 'in', value: siteText(site), site }),
  );
  return e.stack && e.frames.length === 0 ? { title, lines, pre: e.stack } : { title, lines };
}

/** Every field the host knows about one future, grouped for the details panel. */
export function detailsSections(store: ChartStore, d: FutureDetails, ended = false): Section[] {
  const x = store.executors[d.executor];
  const summary: Line[] = [
    { label: 'function', value: d.fn || '—' },
    { label: 'arguments', value: d.args || '(none)' },
    { label: 'executor', value: x ? `${x.name} (${x.kind})` : '—' },
    { label: 'state', value: stateWords(d.state, ended) },
    { label: 'submitted', value: `${at(d.submitTs)} on ${store.laneName(d.caller) || '—'}` },
    { label: 'started', value: `${at(d.startTs)}${d.lane >= 0 ? ` on ${store.laneName(d.lane)}` : ''}` },
    { label: 'ended', value: at(d.endTs) },
    { label: 'done', value: `${at(d.doneTs)}${d.doneLane >= 0 ? ` on ${store.laneName(d.doneLane)}` : ''}` },
    { label: 'queue wait', value: formatDuration(since(d.submitTs ?? NaN, d.startTs ?? NaN)) },
    { label: 'run time', value: formatDuration(since(d.startTs ?? NaN, d.endTs ?? NaN)) },
  ];
  if (d.value !== null) summary.push({ label: 'result', value: d.value });
  if (d.map !== null) summary.push({ label: 'map', value: `call ${d.map}, item ${d.mapIdx ?? '?'}` });
  if (d.site) summary.push({ label: 'submitted at', value: siteText(d.site), site: d.site });
  const sections: Section[] = [{ title: `future #${d.fid}`, lines: summary }];
  if (d.error) sections.push(errorSection('exception', d.error));
  if (d.crash) sections.push(errorSection(`worker crashed at ${at(d.crash.ts)}`, d.crash.error));
  if (d.callbacks.length > 0) {
    sections.push({
      title: 'callbacks',
      lines: d.callbacks.map((c) => ({
        label: `${c.cb}. ${c.fn || '(anonymous)'}`,
        value: `${formatDuration(since(c.beginTs ?? NaN, c.endTs ?? NaN))} on ${store.laneName(c.lane)}${c.raised ? ` — raised ${c.error ? `${c.error.type}: ${c.error.message}` : ''}` : ''}`,
      })),
    });
  }
  if (d.blocks.length > 0 || d.timeouts.length > 0 || d.cancels.length > 0) {
    const lines: Line[] = [];
    for (const b of d.blocks) {
      const line: Line = {
        label: `${opName(b.op)}()`,
        value: `waited ${formatDuration(since(b.beginTs ?? NaN, b.endTs ?? NaN))} on ${store.laneName(b.lane)}${b.timedOut ? ' (timed out)' : ''}`,
      };
      if (b.site) line.site = b.site;
      lines.push(line);
    }
    for (const t of d.timeouts) {
      const line: Line = {
        label: 'timeout',
        value: `${opName(t.op)}() gave up after ${t.timeoutMs} ms at ${at(t.ts)}`,
      };
      if (t.site) line.site = t.site;
      lines.push(line);
    }
    for (const c of d.cancels)
      lines.push({ label: 'cancel()', value: `${c.ok ? 'succeeded' : 'refused'} at ${at(c.ts)}` });
    sections.push({ title: 'waits, timeouts and cancels', lines });
  }
  for (const s of d.stacks) {
    sections.push({
      title: `stack at ${at(s.ts)} on ${store.laneName(s.lane)}`,
      lines: s.frames.map((site) => ({ label: 'in', value: siteText(site), site })),
    });
  }
  return sections;
}

export const TABLE_COLUMNS = ['id', 'function', 'lane', 'state', 'queued (ms)', 'ran (ms)', 'outcome'] as const;

/**
 * The cells of one row of the table of futures. `ended`: the program is gone, so a future not
 * settled is "unfinished" (outcome: never started / never finished), not queued or running.
 */
export function tableCells(store: ChartStore, i: number, ended = false): string[] {
  const f = store.futures.cols;
  const state = stateName(f.state[i]!);
  const [submit, start, end] = [f.submitTs[i]!, f.startTs[i]!, f.endTs[i]!];
  const settled = state === 'result' || state === 'exception' || state === 'cancelled';
  const open = state === 'running' ? 'running' : 'queued';
  return [
    String(f.fid[i]),
    store.string(f.fn[i]!),
    store.laneName(f.lane[i]!),
    settled ? 'done' : ended ? 'unfinished' : open,
    formatMs(since(submit, start)),
    formatMs(since(start, end)),
    settled ? state : ended ? (state === 'running' ? 'never finished' : 'never started') : '',
  ];
}
