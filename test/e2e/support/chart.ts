/** Reads and clicks the chart page (the webview) through its DOM hooks: the table, the status line, the details. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import type { Workbench } from './workbench.ts';

export interface TableRow {
  id: string;
  fn: string;
  lane: string;
  state: string;
  queuedMs: string;
  ranMs: string;
  outcome: string;
}

/** Every row of the futures table (the fixtures are small enough that none is virtualized away). */
export async function tableRows(frame: Frame): Promise<TableRow[]> {
  const rows = frame.locator('[data-testid="futures-table"] tbody tr[data-index]');
  const out: TableRow[] = [];
  for (let i = 0, n = await rows.count(); i < n; i++) {
    const [id = '', fn = '', lane = '', state = '', queuedMs = '', ranMs = '', outcome = ''] = await rows
      .nth(i)
      .locator('td')
      .allInnerTexts();
    out.push({ id, fn, lane, state, queuedMs, ranMs, outcome });
  }
  return out;
}

export function statusText(frame: Frame): Promise<string> {
  return frame.locator('[data-testid="status"]').innerText({ timeout: 2000 });
}

export function detailsText(frame: Frame): Promise<string> {
  return frame.locator('aside.details').innerText({ timeout: 2000 });
}

/** Waits until the status line matches, and returns it. */
export function waitForStatus(wb: Workbench, frame: Frame, pattern: RegExp, timeoutMs?: number): Promise<string> {
  return wb.until(
    `the chart's status line to match ${pattern}`,
    async () => {
      const text = await statusText(frame);
      return pattern.test(text) ? text : undefined;
    },
    timeoutMs,
  );
}

/** Selects a future by clicking its row, and waits for the details panel to show it. */
export async function selectRow(wb: Workbench, frame: Frame, id: string): Promise<string> {
  const row = frame
    .locator('[data-testid="futures-table"] tbody tr[data-index]')
    .filter({ has: frame.locator('td:first-child', { hasText: new RegExp(`^${id}$`) }) });
  await row.click();
  return wb.until(`the details of future #${id}`, async () => {
    const text = await detailsText(frame);
    // "Loading future #N…" first, then the sections, headed "future #N".
    return new RegExp(`^future #${id}$`, 'm').test(text) ? text : undefined;
  });
}

/** Clicks the "Go to source" link on the details line labelled `label` (e.g. "submitted at"). */
export async function goToSource(frame: Frame, label: string): Promise<void> {
  const value = frame
    .locator('aside.details dt', { hasText: new RegExp(`^${label}$`) })
    .locator('xpath=following-sibling::dd[1]');
  await value.getByRole('button', { name: 'Go to source' }).click();
}

/** The 1-based line of the first line of a workspace file containing `needle`. */
export function lineOf(workspace: string, file: string, needle: string): number {
  const lines = readFileSync(join(workspace, file), 'utf8').split('\n');
  const index = lines.findIndex((line) => line.includes(needle));
  if (index < 0) throw new Error(`${file} has no line containing ${JSON.stringify(needle)}: the fixture changed`);
  return index + 1;
}

/** Height of the time axis on top of the canvas (src/webview/view/geometry.ts: AXIS_HEIGHT). */
export const AXIS_HEIGHT = 24;

/**
 * Where the chart's time area starts, in canvas pixels: the label column's width, which depends on
 * the chart's width (src/webview/view/responsive.ts); the page writes it on the canvas as it paints.
 */
export async function gutterOf(frame: Frame): Promise<number> {
  const value = await frame.locator('canvas').first().getAttribute('data-gutter', { timeout: 2000 });
  const gutter = Number(value);
  if (!value || !Number.isFinite(gutter)) throw new Error(`the canvas has no data-gutter attribute yet (${value})`);
  return gutter;
}

/** The chart page's own width, in CSS pixels. */
export function pageWidth(frame: Frame): Promise<number> {
  return frame.evaluate<number>('document.body.clientWidth');
}

/**
 * Finds a future's bar on the canvas the way a person does, by pointing: moves the pointer over
 * the time area row by row until the tooltip names a future (`fn #id`), then clicks there.
 * Returns the future's id and function as the tooltip named them.
 */
export async function clickBar(wb: Workbench, frame: Frame): Promise<{ id: string; fn: string }> {
  const canvas = frame.locator('canvas').first();
  const { box, gutter } = await wb.until('the chart canvas to have a size', async () => {
    const b = await canvas.boundingBox();
    const g = await gutterOf(frame);
    return b && b.width > g + 50 && b.height > AXIS_HEIGHT + 50 ? { box: b, gutter: g } : undefined;
  });
  const title = frame.locator('.tooltip:not([hidden]) .tooltip-title');
  const plot = box.width - gutter;
  for (let y = AXIS_HEIGHT + 4; y < Math.min(box.height, AXIS_HEIGHT + 400); y += 6) {
    for (const fraction of [0.5, 0.25, 0.75, 0.1, 0.9]) {
      const x = gutter + plot * fraction;
      await wb.page.mouse.move(box.x + x, box.y + y);
      if ((await title.count()) === 0) continue;
      const m = /^(.+) #(\d+)$/.exec((await title.innerText()).trim());
      if (!m) continue; // a wait, a mark or a callback: not a future
      await wb.page.mouse.click(box.x + x, box.y + y);
      return { fn: m[1]!, id: m[2]! };
    }
  }
  const shot = await wb.screenshot('no-bar-found');
  throw new Error(`No future's bar answered the pointer anywhere on the chart. Screenshot: ${shot}`);
}

/** The id in the table row marked selected (aria-selected), or undefined. */
export async function selectedRowId(frame: Frame): Promise<string | undefined> {
  const row = frame.locator('[data-testid="futures-table"] tbody tr[aria-selected="true"] td').first();
  return (await row.count()) ? (await row.innerText()).trim() : undefined;
}

/**
 * Points at the label column row by row until the tooltip's title matches `pattern` (a row's whole
 * label, which the column may cut short), and returns the tooltip's text.
 */
export async function hoverLabel(wb: Workbench, frame: Frame, pattern: RegExp): Promise<string> {
  const canvas = frame.locator('canvas').first();
  const box = await canvas.boundingBox();
  if (!box) throw new Error('the chart canvas has no box');
  const tooltip = frame.locator('.tooltip:not([hidden])');
  for (let y = AXIS_HEIGHT + 4; y < Math.min(box.height, AXIS_HEIGHT + 300); y += 6) {
    await wb.page.mouse.move(box.x + 12, box.y + y);
    if ((await tooltip.count()) === 0) continue;
    const title = (await tooltip.locator('.tooltip-title').innerText()).trim();
    if (pattern.test(title)) return tooltip.innerText();
  }
  const shot = await wb.screenshot('no-label-tooltip');
  throw new Error(`No row label's tooltip matched ${pattern}. Screenshot: ${shot}`);
}

/** Whether anything on the chart page is wider than the page (it would scroll sideways or be cut). */
export function overflowsSideways(frame: Frame): Promise<string[]> {
  return frame.evaluate<string[]>(`[...document.querySelectorAll('.toolbar, .legend, .middle, main')]
    .filter((e) => e.scrollWidth > e.clientWidth + 1)
    .map((e) => e.className + ': ' + e.scrollWidth + ' > ' + e.clientWidth)`);
}
