/** The hover tooltip: a small DOM box that follows the pointer, filled with textContent only. */
import type { Section } from '../app/describe.ts';
import { clear, el } from './dom.ts';

export class Tooltip {
  readonly node = el('div', { className: 'tooltip', attrs: { role: 'tooltip', hidden: '' } });

  show(section: Section, x: number, y: number, within: DOMRect): void {
    clear(this.node);
    this.node.append(el('div', { className: 'tooltip-title', text: section.title }));
    const table = el('dl');
    for (const line of section.lines) table.append(el('dt', { text: line.label }), el('dd', { text: line.value }));
    this.node.append(table);
    this.node.hidden = false;
    // Keep it inside the chart: flip left or up near the edges.
    const box = this.node.getBoundingClientRect();
    const left = x + 14 + box.width > within.width ? x - 14 - box.width : x + 14;
    const top = y + 14 + box.height > within.height ? y - 14 - box.height : y + 14;
    this.node.style.left = `${Math.max(0, left)}px`;
    this.node.style.top = `${Math.max(0, top)}px`;
  }

  hide(): void {
    this.node.hidden = true;
  }
}
