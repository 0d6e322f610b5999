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
  gutterOf,
  hoverLabel,
  lineOf,
  overflowsSideways,
  pageWidth,
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
      assert.equal(status, 'Exited with code 0 · 5 done · 1 failed · 0 cancelled');

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

  /** Checks the chart as it is now: the timeline keeps 60% of the page, nothing overflows sideways. */
  async function checkNarrow(chart: Frame, most: number): Promise<{ width: number; plot: number }> {
    const width = await pageWidth(chart);
    assert.ok(width <= most, `the chart beside the editor is narrow: ${width} px`);
    const { plot, gutter } = await wb.until('the chart to paint at its width', async () => {
      const box = await chart.locator('canvas').first().boundingBox();
      const g = await gutterOf(chart);
      // The canvas spans the page (the details are under it, or closed) once the resize went through.
      return box && Math.abs(box.width - width) <= 2 ? { plot: box.width - g, gutter: g } : undefined;
    });
    assert.ok(plot >= 0.6 * width, `the timeline has ${plot} of ${width} px (labels: ${gutter} px)`);
    assert.deepEqual(await overflowsSideways(chart), [], 'the toolbar, legend and chart wrap to the width');
    return { width, plot };
  }

  test('beside an editor the chart keeps its width for the timeline; details go under it', () =>
    wb.guard('narrow', async () => {
      const { chart } = await profile('pool_demo.py', /Exited/);
      const wide = await checkNarrow(chart, 800);
      await wb.screenshot('narrow-chart');

      // The label column may cut a label: its tooltip has it whole.
      const label = await hoverLabel(wb, chart, /^demo · python-thread · 3 workers$/);
      assert.match(label, /max workers\n3/);

      // Details of a future: under the chart, which keeps its width; closing them gives the height back.
      const details = await selectRow(wb, chart, '5');
      assert.match(details, /ValueError\ntask 4 fails on purpose/);
      const canvas = (await chart.locator('canvas').first().boundingBox())!;
      const aside = (await chart.locator('aside.details').boundingBox())!;
      assert.ok(
        aside.y >= canvas.y + canvas.height - 2,
        `details under the chart: ${JSON.stringify({ canvas, aside })}`,
      );
      assert.ok(Math.abs(canvas.width - wide.width) <= 2, 'the details take no width from the chart');
      await wb.screenshot('narrow-details');
      await chart.getByRole('button', { name: 'Close details' }).click();
      await wb.until('the details to close', async () => !(await chart.locator('aside.details').isVisible()));

      // Narrower still, about 430 px: a third editor group, the groups' widths evened out. (Resizing
      // the browser's viewport instead leaves the webview's frame painted at its old size.)
      await wb.page.locator('.editor-group-container', { hasText: 'pool_demo.py' }).first().click();
      await wb.openFile('pool_demo.py');
      await wb.runCommand('View: Split Editor Right');
      await wb.runCommand('View: Reset Editor Group Sizes');
      const small = await checkNarrow(chart, 520);
      assert.ok(small.width < wide.width);
      await wb.screenshot('narrow-chart-430');
    }));

  test('profiles a TypeScript async pool', () =>
    wb.guard('typescript', async () => {
      const { chart, status } = await profile('ts_demo.ts', /Exited/);
      assert.equal(status, 'Exited with code 0 · 5 done · 0 failed · 0 cancelled');
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

      // How it ended, with the final counts: the futures it was running are unfinished, not running.
      const status = await waitForStatus(wb, chart, /^(Stopped|Exited|Killed)/);
      assert.match(status, /^Stopped by the user( \(\w+\))? · 0 done · \d failed · 0 cancelled( · \d unfinished)?$/);
      assert.doesNotMatch(status, /running|queued/);
      const bar = await wb.until('the status-bar item to say how the program ended', () =>
        wb.statusBarItem(/Poolscope: stopped/),
      );
      assert.match(bar, /^Poolscope: stopped by the user( \(\w+\))? · 0 done · \d failed( · \d unfinished)?$/);
      const rows = await wb.until('the table to show the futures as unfinished', async () => {
        const now = await tableRows(chart);
        return now.every((r) => r.state !== 'running' && r.state !== 'queued') ? now : undefined;
      });
      assert.equal(rows.length, running.length, 'the recording so far is kept');
      const table = summarize(rows);
      for (const row of rows) {
        // Unfinished, or failed when the pool saw its workers die before the main process went.
        const ok =
          (row.state === 'unfinished' && row.outcome === 'never finished') ||
          (row.state === 'done' && row.outcome === 'exception');
        assert.ok(ok, table);
      }
      await wb.screenshot('hang-stopped');
      t.diagnostic(`stopped ${pids.length} processes in ${stoppedIn} ms; status: ${status}; status bar: ${bar}`);
    }));

  test('after Stop, the futures a thread pool was running are drawn and listed as unfinished', () =>
    wb.guard('unfinished', async () => {
      const { chart } = await profile('hang_threads.py', /^Running/);
      await wb.until('both futures of hang_threads.py to be running', async () => {
        const rows = await tableRows(chart);
        return rows.length === 2 && rows.every((r) => r.state === 'running') ? rows : undefined;
      });
      await wb.until('the status-bar item to count both futures running', () =>
        wb.statusBarItem(/^Poolscope: 2 running · 0 queued · 0 done · 0 failed$/),
      );
      await wb.runCommand('Poolscope: Stop Profiling');
      const status = await waitForStatus(wb, chart, /^(Stopped|Exited|Killed)/);
      assert.match(status, /^Stopped by the user \(SIG\w+\) · 0 done · 0 failed · 0 cancelled · 2 unfinished$/);
      const bar = await wb.until('the status-bar item to say how the program ended', () =>
        wb.statusBarItem(/Poolscope: stopped/),
      );
      assert.match(bar, /^Poolscope: stopped by the user \(SIG\w+\) · 0 done · 0 failed · 2 unfinished$/);
      const rows = await wb.until('the table to list the futures as unfinished', async () => {
        const now = await tableRows(chart);
        return now.length === 2 && now.every((r) => r.state === 'unfinished') ? now : undefined;
      });
      for (const row of rows) assert.equal(row.outcome, 'never finished', summarize(rows));
      const details = await selectRow(wb, chart, rows[0]!.id);
      assert.match(details, /state\nunfinished: the program ended while it ran/);
      await wb.screenshot('threads-stopped-unfinished');
    }));
});
