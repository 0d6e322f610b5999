import type { StatusMessage } from '../../protocol/messages.ts';
import { countParts, programText } from '../../protocol/status-words.ts';

/** The chart's status line: how the program is doing (or how it ended) and its futures' counts. */
export function statusText(status: StatusMessage | null, futures: number): string {
  if (!status) return futures === 0 ? 'Waiting for the recording…' : `${futures} futures`;
  const parts = [programText(status.program), ...countParts(status, { cancelled: true })];
  if (status.dropped > 0) parts.push(`${status.dropped} events lost: the picture is incomplete`);
  if (status.issues > 0) parts.push(`${status.issues} problems reading the recording`);
  if (status.message) parts.push(status.message);
  return parts.join(' · ');
}
