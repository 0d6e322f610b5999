/**
 * Entry of the Gantt webview (bundled to dist/webview/main.js). Builds the page, says `ready`,
 * and from then on folds each message of the host into the chart state and redraws what changed.
 * Every message is checked on arrival (parseHostMessage); a bad one is reported and dropped.
 */
import { PROTOCOL_VERSION, type HostMessage, type Site, type ThemeKind } from '../protocol/messages.ts';
import { parseHostMessage } from '../protocol/parse-host.ts';
import { ChartState } from './app/chart-state.ts';
import { describeHit, detailsSections, tableCells } from './app/describe.ts';
import { parseSavedState } from './app/saved-state.ts';
import type { Hit } from './view/hit-test.ts';
import { pageLayout } from './view/responsive.ts';
import { ChartView } from './ui/chart-view.ts';
import { DetailsPanel } from './ui/details-panel.ts';
import { el } from './ui/dom.ts';
import { FutureTable } from './ui/future-table.ts';
import { readPalette, watchTheme } from './ui/theme.ts';
import { Announcer, legend, Toolbar } from './ui/toolbar.ts';
import { Tooltip } from './ui/tooltip.ts';
import { connectHost } from './ui/vscode-api.ts';

/** How long the pointer rests on a future before its arguments are asked for. */
const HOVER_DETAILS_MS = 150;

const host = connectHost();
const state = new ChartState();
const saved = parseSavedState(host.loadState());
if (saved) state.restore(saved);
const clock = () => performance.now();
let themeHint: ThemeKind | undefined;
let palette = readPalette(themeHint);
const requested = new Set<number>();
let hovered: { hit: Hit; x: number; y: number } | null = null;
let hoverTimer = 0;
let saveTimer = 0;
let dataFrame = 0;
/** The user closed the details panel; the next selection opens it again. */
let detailsClosed = false;

function report(error: unknown): void {
  const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  host.post({ type: 'error', message: message.slice(0, 4000) });
}

function requestDetails(fid: number): void {
  if (state.details.has(fid) || requested.has(fid)) return;
  requested.add(fid);
  host.post({ type: 'requestDetails', fid });
}

const openSource = (site: Site) => host.post({ type: 'openSource', file: site.file, line: site.line, col: site.col });
const tooltip = new Tooltip();
const details = new DetailsPanel(openSource, () => {
  detailsClosed = true;
  showDetails();
  chart.canvas.focus();
});
const announcer = new Announcer();
const chart = new ChartView(state, () => palette, clock, {
  hover: (hit, x, y) => hover(hit, x, y),
  pick: (future) => pick(future),
  steered: () => afterSteer(),
});
const table = new FutureTable({
  count: () => state.store.futures.count,
  cells: (i) => tableCells(state.store, i, state.ended),
  selected: () => state.selected,
  select: (i) => pick(i),
});
const toolbar = new Toolbar({
  fit: () => chart.fit(),
  follow: () => {
    state.follow = state.follow === 'off' ? 'tail' : 'off';
    afterSteer();
    chart.invalidate();
  },
  zoom: (factor) => chart.zoomBy(factor),
  stop: () => host.post({ type: 'stop' }),
});
chart.node.append(tooltip.node);

function afterSteer(): void {
  toolbar.setFollow(state.follow);
  window.clearTimeout(saveTimer);
  saveTimer = window.setTimeout(() => host.saveState(state.save()), 300);
}

function pick(future: number): void {
  const fid = state.select(future);
  detailsClosed = false;
  host.post({ type: 'select', fid });
  if (fid !== null) {
    requestDetails(fid);
    table.reveal(future);
    chart.reveal(future);
  } else table.render();
  showDetails();
  afterSteer();
  chart.invalidate();
}

/** The details of the selected future; the panel shows only while one is selected and not closed. */
function showDetails(): void {
  const fid = state.selectedFid;
  const open = fid !== null && !detailsClosed;
  details.setOpen(open);
  app.classList.toggle('details-open', open);
  if (fid === null) return details.empty('Select a bar or a row of the table to see everything about that future.');
  const d = state.details.get(fid);
  if (d) details.show(detailsSections(state.store, d, state.ended));
  else details.empty(`Loading future #${fid}…`);
}

function hover(hit: Hit | null, x: number, y: number): void {
  window.clearTimeout(hoverTimer);
  const same = JSON.stringify(hit) === JSON.stringify(state.hover);
  state.hover = hit;
  hovered = hit ? { hit, x, y } : null;
  if (!same) chart.invalidate();
  if (!hit) return tooltip.hide();
  showTooltip();
  if (hit.kind === 'future') {
    const fid = state.store.futures.cols.fid[hit.future]!;
    hoverTimer = window.setTimeout(() => requestDetails(fid), HOVER_DETAILS_MS);
  }
}

function showTooltip(): void {
  if (!hovered) return;
  const { hit, x, y } = hovered;
  const fid = hit.kind === 'future' ? state.store.futures.cols.fid[hit.future]! : -1;
  const section = describeHit(state.store, hit, state.details.get(fid), state.ended, state.layout.rows);
  tooltip.show(section, x, y, chart.node.getBoundingClientRect());
}

/** Table and status line, at most once a frame however many batches arrive. */
function refreshData(): void {
  if (dataFrame) return;
  dataFrame = requestAnimationFrame(() => {
    dataFrame = 0;
    toolbar.setStatus(state.status, state.store.futures.count);
    table.render();
  });
}

function receive(message: HostMessage): void {
  if (message.type === 'init') {
    toolbar.title.textContent = message.title || 'Poolscope';
    themeHint = message.theme;
    palette = readPalette(themeHint);
    requested.clear();
  }
  if (message.type === 'reset') requested.clear();
  // Asked again only if it came back with something: a fid the host does not know is not asked for again and again.
  if (message.type === 'details' && message.details) requested.delete(message.fid);
  const effects = state.receive(message, clock());
  const wanted = state.detailsWanted;
  if (wanted !== null) requestDetails(wanted);
  if (effects.redraw) chart.invalidate();
  if (effects.data) refreshData();
  // The end of the program changes words too: a running future becomes unfinished.
  if (effects.details || message.type === 'status') showDetails();
  if (message.type === 'details' && hovered?.hit.kind === 'future') showTooltip();
  if (effects.announce) announcer.say(effects.announce);
}

window.addEventListener('message', (event: MessageEvent) => {
  const parsed = parseHostMessage(event.data);
  if (!parsed.ok) return host.post({ type: 'error', message: `webview refused a message: ${parsed.error}` });
  try {
    receive(parsed.message);
  } catch (error) {
    report(error);
  }
});
window.addEventListener('error', (event) => report(event.error ?? event.message));
watchTheme(() => {
  palette = readPalette(themeHint);
  chart.invalidate();
});

const section = el('details', { className: 'table-section', attrs: { open: '' } }, [
  el('summary', { text: 'Table of futures' }),
  table.node,
]);
const app = el('main', { className: 'app' }, [
  toolbar.node,
  el('div', { className: 'middle' }, [chart.node, details.node]),
  legend(),
  section,
  announcer.node,
]);
document.body.append(app);

/** Beside the chart or under it, compact or not: decided from the page's width (view/responsive.ts). */
function applyLayout(): void {
  const layout = pageLayout(app.getBoundingClientRect().width);
  app.classList.toggle('details-side', layout.details === 'side');
  app.classList.toggle('details-below', layout.details === 'below');
  app.classList.toggle('compact', layout.compact);
  app.style.setProperty('--details-width', `${layout.detailsWidth}px`);
}
new ResizeObserver(applyLayout).observe(app);
applyLayout();
showDetails();
toolbar.setFollow(state.follow);
toolbar.setStatus(null, 0);
host.post({ type: 'ready', v: PROTOCOL_VERSION });
