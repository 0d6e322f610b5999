/**
 * The details of the selected future: every field, the exception with its traceback, callbacks,
 * waits; source locations are links that ask the host to open the file. It shows only while a
 * future is selected and until the user closes it, so the chart has the width the rest of the time;
 * where it goes (beside the chart or under it) is the page layout's decision (view/responsive.ts).
 */
import type { Site } from '../../protocol/messages.ts';
import type { Section } from '../app/describe.ts';
import { clear, el } from './dom.ts';

export class DetailsPanel {
  readonly node = el('aside', {
    className: 'details',
    attrs: { 'aria-label': 'Details of the selected future', tabindex: '-1', hidden: '' },
  });
  private readonly body = el('div', { className: 'details-body' });

  constructor(
    private readonly open: (site: Site) => void,
    close: () => void,
  ) {
    const closeButton = el('button', {
      className: 'close',
      text: '✕',
      attrs: { type: 'button', title: 'Close the details (Escape in the chart clears the selection)' },
    });
    closeButton.setAttribute('aria-label', 'Close details');
    closeButton.addEventListener('click', close);
    this.node.append(el('div', { className: 'details-head' }, [el('h2', { text: 'Details' }), closeButton]), this.body);
    this.empty('Select a bar or a row of the table to see everything about that future.');
  }

  /** Shows or hides the panel. */
  setOpen(open: boolean): void {
    this.node.hidden = !open;
  }

  empty(text: string): void {
    clear(this.body);
    this.body.append(el('p', { className: 'hint', text }));
  }

  show(sections: Section[]): void {
    clear(this.body);
    for (const section of sections) {
      const list = el('dl');
      for (const line of section.lines) {
        const value = el('dd', { text: line.value });
        if (line.site) value.append(' ', this.link(line.site));
        list.append(el('dt', { text: line.label }), value);
      }
      const block = el('section', {}, [el('h3', { text: section.title }), list]);
      if (section.pre) block.append(el('pre', { text: section.pre }));
      this.body.append(block);
    }
  }

  private link(site: Site): HTMLButtonElement {
    const button = el('button', { className: 'link', text: 'Go to source', attrs: { type: 'button' } });
    button.title = `${site.file}:${site.line}`;
    button.addEventListener('click', () => this.open(site));
    return button;
  }
}
