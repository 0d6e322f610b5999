/** Buttons above the chart, the status line, the legend, and the screen-reader announcer. */
import type { StatusMessage } from '../../protocol/messages.ts';
import type { FollowMode } from '../app/chart-state.ts';
import { statusText } from '../app/status-line.ts';
import { el } from './dom.ts';

export interface ToolbarActions {
  fit(): void;
  follow(): void;
  zoom(factor: number): void;
  stop(): void;
}

export class Toolbar {
  readonly node = el('div', { className: 'toolbar', attrs: { role: 'toolbar', 'aria-label': 'Chart' } });
  readonly title = el('h1', { className: 'title' });
  private readonly followButton: HTMLButtonElement;
  private readonly stopButton: HTMLButtonElement;
  private readonly statusLine = el('div', { className: 'status', attrs: { 'data-testid': 'status' } });

  constructor(actions: ToolbarActions) {
    const button = (text: string, title: string, action: () => void) => {
      const b = el('button', { text, attrs: { type: 'button', title } });
      b.addEventListener('click', action);
      return b;
    };
    this.followButton = button('Follow', 'Keep the end of the run in view (End)', actions.follow);
    this.stopButton = button('Stop', 'Stop the profiled program', actions.stop);
    this.stopButton.disabled = true;
    this.node.append(
      this.title,
      button('Fit all', 'Show the whole run (F)', actions.fit),
      this.followButton,
      button('+', 'Zoom in (+)', () => actions.zoom(2)),
      button('−', 'Zoom out (−)', () => actions.zoom(0.5)),
      this.stopButton,
      this.statusLine,
    );
  }

  setFollow(mode: FollowMode): void {
    this.followButton.setAttribute('aria-pressed', String(mode !== 'off'));
  }

  setStatus(status: StatusMessage | null, futures: number): void {
    const running = status?.program.state === 'running';
    this.stopButton.disabled = !running;
    this.statusLine.textContent = statusText(status, futures);
    this.statusLine.classList.toggle('warning', !!status && (status.dropped > 0 || status.issues > 0));
  }
}

const LEGEND: [string, string][] = [
  ['queued', 'queued (submitted, not started)'],
  ['running', 'running'],
  ['unfinished', 'unfinished (the program ended first)'],
  ['result', 'returned'],
  ['exception', 'raised'],
  ['cancelled', 'cancelled'],
  ['block', 'caller blocked waiting'],
  ['timeout', 'timeout (lines: futures it gave up on)'],
  ['callback', 'done callback'],
  ['crash', 'pool broken (a red × on a lane: its worker crashed)'],
];

export function legend(): HTMLElement {
  const list = el('ul', { className: 'legend', attrs: { 'aria-label': 'Legend' } });
  for (const [kind, text] of LEGEND) {
    list.append(el('li', {}, [el('span', { className: `swatch ${kind}`, attrs: { 'aria-hidden': 'true' } }), text]));
  }
  list.append(
    el('li', {
      className: 'hint',
      text:
        'Click a bar or a row: details · wheel or +/−: zoom · drag or arrows: pan · Shift+drag: zoom to range · ' +
        "F: fit all · End: follow · wheel over the labels: scroll · drag the labels' edge or [ ]: resize them",
    }),
  );
  return list;
}

/** A polite live region: what it says, screen readers read out. */
export class Announcer {
  readonly node = el('div', { className: 'visually-hidden', attrs: { 'aria-live': 'polite', role: 'status' } });

  say(text: string): void {
    // Clearing first makes a repeated message be read again.
    this.node.textContent = '';
    window.setTimeout(() => (this.node.textContent = text), 50);
  }
}
