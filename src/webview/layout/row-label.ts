/** The text of each row's label in the chart's label column (cut to fit there; whole in its tooltip). */
import type { ChartStore } from '../data/store.ts';
import type { Row } from './rows.ts';

/** The text of a row's label. */
export function rowLabel(store: ChartStore, row: Row): string {
  switch (row.kind) {
    case 'threads':
      return 'Threads';
    case 'thread':
      return store.laneName(row.lane);
    case 'executor': {
      const x = store.executors[row.executor];
      if (!x) return row.executor < 0 ? 'Unknown executor' : `executor ${row.executor + 1}`;
      const workers = x.maxWorkers > 0 ? ` · ${x.maxWorkers} worker${x.maxWorkers === 1 ? '' : 's'}` : '';
      // "broken" goes first: a long label is cut at the end.
      return `${x.name}${x.brokenTs !== null ? ' (broken)' : ''} · ${x.kind}${workers}`;
    }
    case 'track':
      return row.track === 0 ? store.laneName(row.lane) : `${store.laneName(row.lane)} · ${row.track + 1}`;
  }
}
