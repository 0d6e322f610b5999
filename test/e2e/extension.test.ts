/**
 * Poolscope as a user meets it: the .vsix installed in code-server, driven in headless Chromium
 * (scripts/e2e/run.mjs starts both). Each test profiles a fixture of test/fixtures/workspace from
 * the command palette and checks what the chart page shows, through its DOM hooks.
 */
import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import {
  clickBar,
  detailsText,
  goToSource,
  lineOf,
  selectRow,
  selectedRowId,
  tableRows,
  waitForStatus,
  type TableRow,
} from './support/chart.ts';
import { describeProcesses, isAlive, processTree } from './support/processes.ts';
import { Workbench } from './support/workbench.ts';

const PROFILE = 'Poolscope: Profile Current File';

describe('Poolscope in code-server', () => {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open('extension');
    await wb.guard('trust', () => wb.trustWorkspace());
  });
  after(async () => {
    await wb?.close();
  });
  beforeEach(() => wb.guard('reset', () => wb.runCommand('View: Close All Editor Groups')));

  /** Profiles `file` from the palette and returns its chart once the status line matches `settled`. */
  async function profile(file: string, settled: RegExp): Promise<{ chart: Frame; status: string }> {
    await wb.openFile(file);
    await wb.runCommand(PROFILE);
    const chart = await wb.chartFrame(file);
    const status = await waitForStatus(wb, chart, settled, 60_000);
    return { chart, status };
  }

  /** Gives the chart's editor group the room (a double click on its tab), then shows the whole run. */
  async function expandChart(file: string): Promise<Frame> {
    const stem = file.replace(/\.[^.]+$/, '');
    await wb.page.locator('.tabs-container .tab', { hasText: `poolscope-${stem}-` }).dblclick();
    const chart = await wb.chartFrame(file);
    await chart.getByRole('button', { name: 'Fit all' }).click();
    return chart;
  }

  /** Follows a "Go to source" link and checks the editor's cursor lands on the line (and column) it names. */
  async function checkGoToSource(chart: Frame, label: string, file: string, needle: string): Promise<void> {
    const details = await detailsText(chart);
    const site = new RegExp(`${label}\\n[^\\n]*${file.replace('.', '\\.')}:(\\d+)(?::(\\d+))?`).exec(details);
    assert.ok(site, `the details name a source line for "${label}" in ${file}:\n${details}`);
    const line = Number(site[1]);
    assert.equal(line, lineOf(wb.env.workspace, file, needle), `"${label}" points at the line with ${needle}`);
    await goToSource(chart, label);
    const cursor = await wb.until(`the editor's cursor to move to ${file}:${line}`, async () => {
      const tab = await wb.activeEditorTab();
      const at = await wb.cursor();
      return tab.includes(file) && at?.line === line ? at : undefined;
    });
    if (site[2]) assert.equal(cursor.col, Number(site[2]), `the cursor is at the column the details name`);
  }

  /** The chart alone in the window, side bars and panel hidden: the picture the README shows. */
  async function screenshotMaximized(file: string, label: string): Promise<void> {
    const stem = file.replace(/\.[^.]+$/, '');
    if (await wb.page.locator('.part.panel').isVisible()) await wb.runCommand('View: Hide Panel');
    await wb.page.locator('.tabs-container .tab', { hasText: `poolscope-${stem}-` }).click();
    await wb.runCommand('View: Maximize Editor Group and Hide Side Bars');
    const chart = await wb.chartFrame(file);
    await chart.getByRole('button', { name: 'Fit all' }).click();
    await wb.screenshot(label);
    await wb.runCommand('View: Toggle Maximize Editor Group');
  }

  function summarize(rows: TableRow[]): string {
    return rows.map((r) => `${r.id} ${r.fn} ${r.lane} ${r.state} ${r.outcome}`).join('\n');
  }

  test('profiles a Python thread pool: chart, table, details, Go to source', () =>
    wb.guard('python', async () => {
      const { chart, status } = await profile('pool_demo.py', /Exited/);
      assert.match(status, /^Exited with code 0 · 0 queued · 0 running · 5 done · 1 failed/);

      const rows = await tableRows(chart);
      const table = summarize(rows);
      assert.deepEqual(
        rows.map((r) => r.id),
        ['1', '2', '3', '4', '5', '6'],
        table,
      );
      for (const row of rows) {
        assert.equal(row.fn, 'work', table);
        assert.match(row.lane, /^demo_[012] \(/, table);
        assert.equal(row.state, 'done', table);
        assert.match(row.queuedMs, /^\d+(\.\d+)?$/, table);
        assert.match(row.ranMs, /^\d+(\.\d+)?$/, table);
      }
      const failed = rows.filter((r) => r.outcome === 'exception');
      assert.equal(failed.length, 1, table);
      assert.equal(rows.filter((r) => r.outcome === 'result').length, 5, table);

      // Point at a bar on the canvas and click it: the details and the table follow.
      const expanded = await expandChart('pool_demo.py');
      const bar = await clickBar(wb, expanded);
      assert.equal(bar.fn, 'work');
      await wb.until(`the details of the clicked future #${bar.id}`, async () =>
        new RegExp(`^future #${bar.id}$`, 'm').test(await detailsText(expanded)),
      );
      assert.equal(await selectedRowId(expanded), bar.id, 'the table selects the clicked future');

      // The failed future, picked from the table: its exception and where it was raised.
      const details = await selectRow(wb, expanded, failed[0]!.id);
      assert.match(details, /state\nraised an exception/);
      assert.match(details, /ValueError\ntask 4 fails on purpose/);
      await wb.screenshot('python-chart');
      await screenshotMaximized('pool_demo.py', 'python-chart-maximized');

      const restored = await wb.chartFrame('pool_demo.py');
      await checkGoToSource(restored, 'raised in', 'pool_demo.py', 'raise ValueError');
      await checkGoToSource(restored, 'submitted at', 'pool_demo.py', 'pool.submit(');
    }));

  test('profiles a TypeScript async pool', () =>
    wb.guard('typescript', async () => {
      const { chart, status } = await profile('ts_demo.ts', /Exited/);
      assert.match(status, /^Exited with code 0 · 0 queued · 0 running · 5 done · 0 failed/);
      const rows = await tableRows(chart);
      const table = summarize(rows);
      assert.equal(rows.length, 5, table);
      for (const row of rows) {
        assert.equal(row.fn, 'fetchPage', table);
        assert.notEqual(row.lane, '', table);
        assert.equal(row.state, 'done', table);
        assert.equal(row.outcome, 'result', table);
      }
      const expanded = await expandChart('ts_demo.ts');
      const details = await selectRow(wb, expanded, '3');
      assert.match(details, /function\nfetchPage/);
      assert.match(details, /result\n/);
      await wb.screenshot('typescript-chart');
      await checkGoToSource(expanded, 'submitted at', 'ts_demo.ts', 'pool.submit(');
    }));

  test('stops a hanging program and every process of it', (t) =>
    wb.guard('stop', async () => {
      const { chart } = await profile('hang.py', /^Running/);
      const running = await wb.until('both futures of hang.py to be running', async () => {
        const rows = await tableRows(chart);
        return rows.length === 2 && rows.every((r) => r.state === 'running') ? rows : undefined;
      });
      // The main process and its two pool workers (which ignore SIGINT).
      const script = 'hang.py';
      const pids = await wb.until(`the processes of ${script}`, async () => {
        const tree = processTree(script, wb.env.workspace);
        return tree.length >= 3 ? tree : undefined;
      });
      await wb.screenshot('hang-running');

      const started = Date.now();
      await wb.runCommand('Poolscope: Stop Profiling');
      await wb.until(
        `every process of hang.py to end (they were:\n${describeProcesses(pids)})`,
        async () => pids.every((pid) => !isAlive(pid)),
        3000,
      );
      const stoppedIn = Date.now() - started;
      assert.deepEqual(processTree(script, wb.env.workspace), [], 'nothing of hang.py is left');

      const status = await waitForStatus(wb, chart, /^(Stopped by|Exited)/);
      const rows = await tableRows(chart);
      assert.equal(rows.length, running.length, 'the recording so far is kept');
      await wb.screenshot('hang-stopped');
      t.diagnostic(`stopped ${pids.length} processes in ${stoppedIn} ms; status: ${status}`);
    }));
});
