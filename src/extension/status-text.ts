import type { StatusMessage } from '../protocol/messages.ts';
import { countParts, endedBadly, endedText } from '../protocol/status-words.ts';

/**
 * The status-bar text of a profiled program (codicons included): while it runs, its futures by
 * state; after the end, how it ended — stopped by the user, exited with code N, killed by a
 * signal — with the final counts, futures left unsettled counted as unfinished.
 */
export function statusText(
  status: Pick<StatusMessage, 'running' | 'queued' | 'done' | 'failed' | 'cancelled' | 'unfinished' | 'program'>,
): string {
  const counts = countParts(status, { cancelled: false }).join(' · ');
  const p = status.program;
  if (p.state === 'running') return `$(sync~spin) Poolscope: ${counts}`;
  if (p.state === 'exited') {
    const icon = p.stopped ? '$(debug-stop)' : endedBadly(p) ? '$(warning)' : '$(check)';
    const how = endedText(p);
    return `${icon} Poolscope: ${how.charAt(0).toLowerCase()}${how.slice(1)} · ${counts}`;
  }
  return `Poolscope: ${counts}`;
}

/**
 * The output channel's last line for a program: how it ended and where its events went. A recording
 * deleted or moved away while the program ran holds nothing to count (the problem line says so).
 */
export function programEndLine(result: {
  code: number | null;
  signal: string | null;
  events: number;
  file: string;
  gone?: 'deleted' | 'moved';
}): string {
  const how = result.signal ? `ended by ${result.signal}` : `exited with code ${result.code}`;
  return result.gone ? `■ ${how}` : `■ ${how}; ${result.events} events recorded in ${result.file}`;
}
