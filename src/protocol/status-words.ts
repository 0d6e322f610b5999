/**
 * The words for a program's state and its futures' counts, shared by the chart's status line and
 * the status-bar item so the two never tell different stories (one said "running" after Stop).
 */
import type { ProgramState, StatusMessage } from './messages.ts';

type Exited = Extract<ProgramState, { state: 'exited' }>;
export type StatusCounts = Pick<
  StatusMessage,
  'queued' | 'running' | 'done' | 'failed' | 'cancelled' | 'unfinished' | 'program'
>;

/** "Stopped by the user (SIGTERM)", "Exited with code 0", "Killed by SIGKILL": how the program ended. */
export function endedText(p: Exited): string {
  if (p.stopped) {
    const how = p.signal ? p.signal : p.code !== null ? `exit code ${p.code}` : '';
    return `Stopped by the user${how ? ` (${how})` : ''}`;
  }
  if (p.signal) return `Killed by ${p.signal}`;
  return p.code === null ? 'Exited' : `Exited with code ${p.code}`;
}

/** Whether the end is worth a warning: a failure exit or a signal nobody here asked for. */
export const endedBadly = (p: Exited) => !p.stopped && (p.signal !== null || (p.code !== null && p.code !== 0));

/** The program's state in a few words, capitalized. */
export function programText(p: ProgramState): string {
  if (p.state === 'running') return 'Running';
  if (p.state === 'exited') return endedText(p);
  return 'Recording';
}

/**
 * The counts in the order a reader needs them: while running, what runs and waits first; after the
 * end, the outcomes, and the futures the program left unsettled (never "running" any more).
 */
export function countParts(s: StatusCounts, options: { cancelled: boolean }): string[] {
  const cancelled = options.cancelled || s.cancelled > 0 ? [`${s.cancelled} cancelled`] : [];
  if (s.program.state === 'exited') {
    const unfinished = s.unfinished > 0 ? [`${s.unfinished} unfinished`] : [];
    return [`${s.done} done`, `${s.failed} failed`, ...cancelled, ...unfinished];
  }
  return [`${s.running} running`, `${s.queued} queued`, `${s.done} done`, `${s.failed} failed`, ...cancelled];
}
