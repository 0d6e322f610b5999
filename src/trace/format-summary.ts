import { printable, printableCell } from './display-text.ts';
import type { TraceIssue } from './issues.ts';
import { ID_PID_STRIDE } from './schema.ts';
import type { ExecutorStats, Percentiles, TraceStats } from './stats.ts';

/** Issues listed under the summary before the rest are only counted. */
const MAX_LISTED_ISSUES = 10;
/** Longest executor name in a table cell, and longest program line: a name is data, not a layout. */
const MAX_NAME = 48;
const MAX_PROGRAM = 400;

function plural(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** An ISO date, or undefined when `ms` names no date a Date can hold (a damaged or hand-written header). */
export function isoDate(ms: number | undefined): string | undefined {
  if (ms === undefined || !Number.isFinite(ms)) return undefined;
  const date = new Date(ms);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

function sig3(x: number): string {
  if (x >= 100) return x.toFixed(0);
  if (x >= 10) return x.toFixed(1);
  return x.toFixed(2);
}

/** A duration in microseconds with a unit that keeps it short: `850 µs`, `12.3 ms`, `1.52 s`. */
export function formatDuration(us: number): string {
  if (!Number.isFinite(us)) return '–';
  if (us < 999.5) return `${Math.round(us)} µs`;
  if (us < 999_500) return `${sig3(us / 1e3)} ms`;
  if (us < 1e9) return `${sig3(us / 1e6)} s`;
  return `${Math.round(us / 1e6)} s`;
}

function formatPercent(ratio: number): string {
  return Number.isFinite(ratio) ? `${(ratio * 100).toFixed(1)}%` : '–';
}

function formatRate(perSecond: number): string {
  return Number.isFinite(perSecond) ? `${sig3(perSecond)}/s` : '–';
}

function formatSpread(p: Percentiles): string {
  if (p.count === 0) return '–';
  return `${formatDuration(p.p50)} / ${formatDuration(p.p95)} / ${formatDuration(p.max)}`;
}

/** Lays out rows as columns two spaces apart; `align` says which columns are right-aligned numbers. */
export function renderTable(rows: string[][], align: ('l' | 'r')[]): string {
  const widths = align.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  return rows
    .map((row) =>
      row
        .map((cell, c) => {
          const pad = ' '.repeat(widths[c]! - [...cell].length);
          return align[c] === 'r' ? pad + cell : cell + pad;
        })
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/** `#3`, or `#<pid>/<n>` for the ids a non-root process allocates from `pid × 2^24` (see README: Ids). */
export function executorId(xid: number): string {
  if (xid <= ID_PID_STRIDE) return `#${xid}`;
  return `#${Math.floor((xid - 1) / ID_PID_STRIDE)}/${((xid - 1) % ID_PID_STRIDE) + 1}`;
}

function label(x: ExecutorStats): string {
  return `${executorId(x.xid)} ${printableCell(x.name, MAX_NAME)}`;
}

function exitText(stats: TraceStats): string {
  if (stats.exitSignal) return `killed by ${stats.exitSignal}`;
  if (stats.exitCode === undefined) return 'no exit recorded';
  return stats.exitCode === null ? 'exit by signal' : `exit code ${stats.exitCode}`;
}

function notes(x: ExecutorStats): string[] {
  const parts: string[] = [];
  if (x.broken) parts.push('broken');
  if (x.crashes > 0) parts.push(`${x.crashes} worker crash${x.crashes === 1 ? '' : 'es'}`);
  if (x.timeouts > 0) parts.push(`${x.timeouts} timeout${x.timeouts === 1 ? '' : 's'}`);
  return parts.length > 0 ? [`${label(x)}: ${parts.join(' · ')}`] : [];
}

/** The text `poolscope summary` prints: what ran, then one row per executor in two tables. */
export function formatSummary(stats: TraceStats, issues: readonly TraceIssue[] = []): string {
  const lines: string[] = [];
  const program =
    stats.program === undefined ? '(no header)' : printableCell([stats.program, ...stats.args].join(' '), MAX_PROGRAM);
  lines.push(`Poolscope summary: ${program}`);
  const recorded = isoDate(stats.wallMs);
  const facts = [
    stats.runtime === undefined ? 'runtime unknown' : printableCell(stats.runtime, MAX_NAME),
    recorded === undefined ? 'start time unknown' : `recorded ${recorded}`,
    formatDuration(stats.durationUs),
    `${stats.events} events`,
    exitText(stats),
  ];
  lines.push(facts.join(' · '));
  if (stats.dropped > 0) {
    const what = stats.dropped === 1 ? '1 event was' : `${stats.dropped} events were`;
    lines.push(`! ${what} dropped by the writer: the picture is incomplete`);
  }
  if (stats.unattributed > 0) {
    const what = stats.unattributed === 1 ? '1 future has' : `${stats.unattributed} futures have`;
    lines.push(`! ${what} no submit event and ${stats.unattributed === 1 ? 'is' : 'are'} not counted`);
  }
  if (stats.repeated > 0) {
    const what = plural(stats.repeated, 'record repeats', 'records repeat');
    lines.push(`! ${what} a future's submit, start or done: counts may be off (poolscope validate says where)`);
  }
  const listed = issues.filter((issue) => issue.code !== 'tooMany');
  // A reader lists only its first issues; its `tooMany` note counts the rest.
  const unlisted = issues.reduce((n, issue) => n + (issue.code === 'tooMany' ? (issue.count ?? 0) : 0), 0);
  for (const issue of listed.slice(0, MAX_LISTED_ISSUES))
    lines.push(`! ${issue.severity}: ${printable(issue.message)}`);
  const more = Math.max(0, listed.length - MAX_LISTED_ISSUES) + unlisted;
  if (more > 0) lines.push(`! … and ${plural(more, 'more problem', 'more problems')}`);
  lines.push('');
  if (stats.executors.length === 0) {
    lines.push('No executors were recorded.');
    return lines.join('\n') + '\n';
  }
  const counts = [
    ['executor', 'kind', 'workers', 'futures', 'ok', 'failed', 'cancelled', 'running', 'pending', 'util', 'throughput'],
  ];
  const times = [['executor', 'queue wait p50 / p95 / max', 'run time p50 / p95 / max']];
  for (const x of stats.executors) {
    counts.push([
      label(x),
      x.kind,
      x.maxWorkers > 0 ? String(x.maxWorkers) : '?',
      String(x.futures),
      String(x.ok),
      String(x.failed),
      String(x.cancelled),
      String(x.running),
      String(x.pending),
      formatPercent(x.utilization),
      formatRate(x.throughput),
    ]);
    times.push([label(x), formatSpread(x.queueWait), formatSpread(x.runTime)]);
  }
  lines.push(renderTable(counts, ['l', 'l', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r', 'r']));
  lines.push('');
  lines.push(renderTable(times, ['l', 'r', 'r']));
  const extra = stats.executors.flatMap(notes);
  if (extra.length > 0) lines.push('', ...extra);
  return lines.join('\n') + '\n';
}
