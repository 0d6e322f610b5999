/**
 * The chart as a table, for screen readers and keyboard users: one row per future (id, function,
 * lane, state, queued, ran, outcome), in order of submission, following the chart's selection.
 * Virtualized: only the rows in view (and a margin) exist; spacer rows keep the scroll height
 * right, so it stays a real <table> with headers that assistive technology can walk.
 */
import { TABLE_COLUMNS } from '../app/describe.ts';
import { clear, el } from './dom.ts';

const ROW_HEIGHT = 22;
const MARGIN = 20;

export interface TableSource {
  count(): number;
  cells(i: number): string[];
  selected(): number;
  select(i: number): void;
}

export class FutureTable {
  readonly node = el('div', {
    className: 'table-scroll',
    attrs: { tabindex: '0', 'data-testid': 'futures-table-scroll' },
  });
  private readonly table = el('table', { attrs: { id: 'futures-table', 'data-testid': 'futures-table' } });
  private readonly body = el('tbody');
  private readonly caption = el('caption', { text: 'Futures' });

  constructor(private readonly source: TableSource) {
    const head = el(
      'tr',
      {},
      TABLE_COLUMNS.map((c) => el('th', { text: c, attrs: { scope: 'col' } })),
    );
    this.table.append(this.caption, el('thead', {}, [head]), this.body);
    this.table.setAttribute('aria-rowcount', '1');
    this.node.append(this.table);
    this.node.addEventListener('scroll', () => this.render());
    this.node.addEventListener('keydown', (e) => this.key(e));
    this.body.addEventListener('click', (e) => {
      const row = (e.target as Element).closest('tr[data-index]');
      if (row) source.select(Number(row.getAttribute('data-index')));
    });
  }

  /** Redraws the rows in view. */
  render(): void {
    const count = this.source.count();
    this.table.setAttribute('aria-rowcount', String(count + 1));
    this.caption.textContent = `Futures (${count})`;
    const first = Math.max(0, Math.floor(this.node.scrollTop / ROW_HEIGHT) - MARGIN);
    const visible = Math.ceil(this.node.clientHeight / ROW_HEIGHT) + 2 * MARGIN;
    const selected = this.source.selected();
    const rows = new Set<number>();
    for (let i = first; i < Math.min(count, first + visible); i++) rows.add(i);
    if (selected >= 0 && selected < count) rows.add(selected);
    clear(this.body);
    let next = 0;
    for (const i of [...rows].sort((a, b) => a - b)) {
      if (i > next) this.body.append(this.spacer(i - next));
      const tr = el('tr', { attrs: { 'data-index': String(i), 'aria-rowindex': String(i + 2) } });
      tr.setAttribute('aria-selected', String(i === selected));
      // A narrow page cuts cells with an ellipsis: the title keeps the whole text.
      for (const text of this.source.cells(i)) tr.append(el('td', { text, attrs: text ? { title: text } : {} }));
      this.body.append(tr);
      next = i + 1;
    }
    if (count > next) this.body.append(this.spacer(count - next));
  }

  /** Scrolls so the selected row shows. */
  reveal(i: number): void {
    const top = i * ROW_HEIGHT;
    if (top < this.node.scrollTop) this.node.scrollTop = top;
    else if (top + ROW_HEIGHT > this.node.scrollTop + this.node.clientHeight) {
      this.node.scrollTop = top + ROW_HEIGHT - this.node.clientHeight;
    }
    this.render();
  }

  private spacer(rows: number): HTMLTableRowElement {
    const tr = el('tr', { className: 'spacer', attrs: { 'aria-hidden': 'true' } });
    tr.style.height = `${rows * ROW_HEIGHT}px`;
    return tr;
  }

  private key(e: KeyboardEvent): void {
    const count = this.source.count();
    if (count === 0) return;
    const page = Math.max(1, Math.floor(this.node.clientHeight / ROW_HEIGHT) - 1);
    const current = this.source.selected();
    const moves: Record<string, number> = { ArrowDown: 1, ArrowUp: -1, PageDown: page, PageUp: -page };
    let next = current;
    if (e.key in moves) next = current < 0 ? 0 : current + moves[e.key]!;
    else if (e.key === 'Home') next = 0;
    else if (e.key === 'End') next = count - 1;
    else return;
    e.preventDefault();
    next = Math.min(count - 1, Math.max(0, next));
    this.source.select(next);
    this.reveal(next);
  }
}
