import type { StatusMessage } from '../protocol/messages.ts';

/** The status-bar text of a profiled program: its futures by state and how it is doing (codicons included). */
export function statusText(status: Pick<StatusMessage, 'running' | 'queued' | 'done' | 'failed' | 'program'>): string {
  const counts = `${status.running} running · ${status.queued} queued · ${status.done} done · ${status.failed} failed`;
  const p = status.program;
  if (p.state === 'running') return `$(sync~spin) Poolscope: ${counts}`;
  if (p.state === 'exited') {
    const how = p.signal ? `ended by ${p.signal}` : `exit ${p.code ?? '?'}`;
    return `${p.code === 0 ? '$(check)' : '$(warning)'} Poolscope: ${counts} (${how})`;
  }
  return `Poolscope: ${counts}`;
}
