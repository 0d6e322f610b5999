/**
 * The rest of the contract that only a real VS Code shows: the editor-title button and the
 * Explorer context menu, strings from the program rendered as text, a recording opened from the
 * Explorer in the chart editor, the status-bar item bringing the chart back, the chart in light and
 * high-contrast themes, and a window reload restoring the chart with its selection.
 */
import assert from 'node:assert/strict';
import { copyFileSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, beforeEach, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { detailsText, selectRow, selectedRowId, tableRows, waitForStatus, type TableRow } from './support/chart.ts';
import { Workbench } from './support/workbench.ts';

const HOSTILE_FN = '<img src=x onerror=alert(1)>';

/** The chart page's colours as painted: the page, the canvas's corner, two legend swatches. */
interface Colours {
  page: string;
  canvas: string;
  result: string;
  exception: string;
}

/** The recordings the extension wrote whose names start with `prefix`, found under code-server's user data. */
function recordingsNamed(root: string, prefix: string): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.startsWith(prefix) && entry.name.endsWith('.ndjson')) found.push(path);
    }
  };
  walk(root);
  return found.sort();
}

/** What the page's DOM holds that markup in a string would have created. */
function injectedElements(frame: Frame): Promise<{ img: number; iframe: number; b: number; scripts: number }> {
  // VS Code adds a script of its own to every webview page; none may come from the program.
  return frame.evaluate(`({
    img: document.querySelectorAll('img').length,
    iframe: document.querySelectorAll('iframe').length,
    b: document.querySelectorAll('b').length,
    scripts: [...document.scripts].filter((s) => (s.src + ' ' + s.textContent).includes('alert(')).length,
  })`);
}

describe('Poolscope in code-server: menus, hostile names, the chart editor, themes, reload', () => {
  let wb: Workbench;
  const dialogs: string[] = [];

  before(async () => {
    wb = await Workbench.open('views');
    // alert(1) from a string rendered as HTML would open a dialog on the page.
    wb.page.on('dialog', (dialog) => {
      dialogs.push(dialog.message());
      void dialog.dismiss();
    });
    await wb.guard('trust', () => wb.trustWorkspace());
  });
  after(async () => {
    await wb?.close();
  });
  beforeEach(() => wb.guard('reset', () => wb.runCommand('View: Close All Editor Groups')));

  /** Checks the chart of hostile_names.py shows its strings as text; returns its rows. */
  async function checkHostile(chart: Frame): Promise<TableRow[]> {
    const rows = await wb.until('both futures of hostile_names.py in the table', async () => {
      const now = await tableRows(chart);
      return now.length === 2 ? now : undefined;
    });
    const table = rows.map((r) => `${r.id} ${r.fn} ${r.lane} ${r.outcome}`).join('\n');
    for (const row of rows) {
      assert.equal(row.fn, HOSTILE_FN, `the function's name, as characters:\n${table}`);
      assert.match(row.lane, /^<b>lane<\/b>_[01] \(/, `the thread's name, as characters:\n${table}`);
    }
    const failed = rows.find((r) => r.outcome === 'exception');
    assert.ok(failed, table);
    const details = await selectRow(wb, chart, failed.id);
    assert.match(details, /ValueError\n<iframe src=javascript:alert\(1\)>/);
    assert.ok(details.includes(`function\n${HOSTILE_FN}`), details);
    const other = rows.find((r) => r.outcome === 'result')!;
    assert.match(await selectRow(wb, chart, other.id), /<script>alert\(1\)<\/script>/);
    assert.deepEqual(
      await injectedElements(chart),
      { img: 0, iframe: 0, b: 0, scripts: 0 },
      'no element was made from a string',
    );
    assert.deepEqual(dialogs, [], 'no script from a string ran');
    return rows;
  }

  test('the editor-title button profiles the file; strings from the program are shown as text', () =>
    wb.guard('hostile', async () => {
      await wb.openFile('hostile_names.py');
      const button = wb.page.locator('.editor-actions .action-label[aria-label*="Profile Current File"]').first();
      await wb.until('the Profile button in the editor title', () => button.isVisible());
      await wb.screenshot('editor-title-button');
      await button.click();
      const chart = await wb.chartFrame('hostile_names.py');
      await waitForStatus(wb, chart, /^Exited with code 0 · 1 done · 1 failed/, 60_000);
      // The live region a screen reader reads out says the run ended.
      const live = chart.locator('[aria-live="polite"]');
      await wb.until('the live region to announce the end of the run', async () =>
        /^Program ended: exited with code 0/i.test(await live.innerText()),
      );
      await checkHostile(chart);
      await wb.screenshot('hostile-names');
    }));

  test('a recording opens from the Explorer in the chart editor, hostile names still text', () =>
    wb.guard('custom-editor', async () => {
      const [recording] = recordingsNamed(wb.env.userData, 'poolscope-hostile_names-').slice(-1);
      assert.ok(recording, `a recording of hostile_names.py under ${wb.env.userData}`);
      // *.poolscope.ndjson opens in the chart by default (package.json customEditors).
      copyFileSync(recording, join(wb.env.workspace, 'hostile.poolscope.ndjson'));
      await wb.openFromExplorer('hostile.poolscope.ndjson');
      const chart = await wb.chartFrameTitled('hostile.poolscope.ndjson');
      const status = await waitForStatus(wb, chart, /^Exited/);
      assert.equal(status, 'Exited with code 0 · 1 done · 1 failed · 0 cancelled');
      await checkHostile(chart);
      const tab = await wb.activeEditorTab();
      assert.match(tab, /hostile\.poolscope\.ndjson/);
      assert.equal(
        await wb.page.locator('.tabs-container .tab.active.dirty').count(),
        0,
        'read-only: never marked as modified',
      );
      await wb.screenshot('recording-editor');
    }));

  test('the Explorer context menu profiles a TypeScript file; the status-bar item brings its chart back', () =>
    wb.guard('context-menu', async () => {
      await wb.explorerContextMenu('ts_demo.ts', 'Profile Current File');
      let chart = await wb.chartFrame('ts_demo.ts');
      await waitForStatus(wb, chart, /^Exited with code 0 · 5 done/, 60_000);
      const item = await wb.until('the status-bar item of ts_demo.ts', () =>
        wb.statusBarItem(/^Poolscope: exited with code 0/),
      );
      await wb.runCommand('View: Close All Editor Groups');
      await wb.until('the chart to close', async () => (await wb.page.locator('.tabs-container .tab').count()) === 0);
      await wb.page.locator('.statusbar-item', { hasText: item }).first().click();
      chart = await wb.chartFrame('ts_demo.ts');
      assert.equal((await tableRows(chart)).length, 5, 'the chart is back, whole');
      await wb.screenshot('status-bar-click');
    }));

  test('the chart takes its colours from the theme: light, high contrast dark and light', () =>
    wb.guard('themes', async () => {
      await wb.openFile('pool_demo.py');
      await wb.runCommand('Poolscope: Profile Current File');
      const chart = await wb.chartFrame('pool_demo.py');
      await waitForStatus(wb, chart, /^Exited/, 60_000);
      const themes: [string, string][] = [
        ['Light Modern', 'vscode-light'],
        ['Dark High Contrast', 'vscode-high-contrast'],
        ['Light High Contrast', 'vscode-high-contrast-light'],
        ['Dark Modern', 'vscode-dark'],
      ];
      const seen = new Map<string, string>();
      try {
        for (const [theme, bodyClass] of themes) {
          await wb.setColorTheme(theme);
          const colours = await wb.until(`the chart page in ${theme}`, async () => {
            const c = await chart.evaluate<Colours | null>(`(() => {
              if (!document.body.classList.contains(${JSON.stringify(bodyClass)})) return null;
              const [r, g, b] = document.querySelector('canvas').getContext('2d').getImageData(2, 2, 1, 1).data;
              const swatch = (kind) => getComputedStyle(document.querySelector('.swatch.' + kind)).backgroundColor;
              return {
                page: getComputedStyle(document.body).backgroundColor,
                canvas: 'rgb(' + r + ', ' + g + ', ' + b + ')',
                result: swatch('result'),
                exception: swatch('exception'),
              };
            })()`);
            // The canvas repaints on the next frame after the theme's variables change.
            return c && c.canvas === c.page ? c : undefined;
          });
          seen.set(theme, JSON.stringify(colours));
          await wb.screenshot(`theme-${theme.toLowerCase().replace(/ /g, '-')}`);
        }
      } finally {
        await wb.setColorTheme('Dark Modern').catch(() => undefined);
      }
      assert.equal(new Set(seen.values()).size, themes.length, `each theme its own colours:\n${[...seen].join('\n')}`);
    }));

  test('reloading the window restores the chart, with the selected future', () =>
    wb.guard('reload', async () => {
      await wb.openFile('pool_demo.py');
      await wb.runCommand('Poolscope: Profile Current File');
      const chart = await wb.chartFrame('pool_demo.py');
      await waitForStatus(wb, chart, /^Exited/, 60_000);
      const title = await chart.locator('h1.title').innerText();
      // Dragging the time area pans (and stops following); F fits all again (and follows).
      const follow = chart.getByRole('button', { name: 'Follow' });
      assert.equal(await follow.getAttribute('aria-pressed'), 'true', 'a new chart follows the run');
      const box = (await chart.locator('canvas').first().boundingBox())!;
      const y = box.y + box.height - 20;
      await wb.page.mouse.move(box.x + box.width * 0.8, y);
      await wb.page.mouse.down();
      await wb.page.mouse.move(box.x + box.width * 0.6, y, { steps: 5 });
      await wb.page.mouse.up();
      await wb.until('a drag to stop following', async () => (await follow.getAttribute('aria-pressed')) === 'false');
      await chart.locator('canvas').first().press('f');
      await wb.until(
        'F to fit all and follow again',
        async () => (await follow.getAttribute('aria-pressed')) === 'true',
      );
      await selectRow(wb, chart, '5');
      // The page saves its state a moment after a change (src/webview/main.ts).
      await new Promise((done) => setTimeout(done, 1000));

      await wb.reloadWindow();
      const restored = await wb.chartFrameTitled(title, `the chart of ${title} after the reload`, 60_000);
      const status = await waitForStatus(wb, restored, /^Exited/);
      assert.equal(status, 'Exited with code 0 · 5 done · 1 failed · 0 cancelled');
      assert.equal((await tableRows(restored)).length, 6);
      await wb.until('the selection to be restored', async () => (await selectedRowId(restored)) === '5');
      assert.match(await detailsText(restored), /^future #5$/m);
      await wb.screenshot('reloaded');
    }));

  test('Open Recording… lists the recordings newest first and reopens one; Export for Perfetto writes its trace', () =>
    wb.guard('open-export', async () => {
      await wb.runCommandKeepingPicker('Poolscope: Open Recording…');
      const rows = await wb.until('the recent recordings', async () => {
        const now = await wb.pickerRows();
        return now.length >= 4 ? now : undefined;
      });
      await wb.screenshot('open-recording-pick');
      // A row reads `<program><date> · <size>` then the recording's path: the program's file name leads.
      const order = rows.map((r) => /^[\w.-]+?\.(py|ts|js)/.exec(r.trim())?.[0] ?? r);
      // This file profiled, in order: hostile_names.py, ts_demo.ts, pool_demo.py (themes), pool_demo.py (reload).
      assert.equal(order[0], 'pool_demo.py', `the newest first:\n${rows.join('\n---\n')}`);
      const ts = order.indexOf('ts_demo.ts');
      const hostile = order.indexOf('hostile_names.py');
      assert.ok(ts > 0 && hostile > ts, `older ones after it:\n${order.join('\n')}`);
      await wb.page.keyboard.press('Enter');
      const chart = await wb.chartFrame('pool_demo.py');
      assert.equal(await waitForStatus(wb, chart, /^Exited/), 'Exited with code 0 · 5 done · 1 failed · 0 cancelled');

      // The recording in front is the one exported; the save dialog proposes <name>.chrome.json beside it.
      await wb.runCommandKeepingPicker('Poolscope: Export for Perfetto…');
      const input = wb.page.locator('.quick-input-widget .quick-input-box input');
      const target = await input.inputValue();
      assert.match(target, /poolscope-pool_demo-.*\.chrome\.json$/, 'the proposed file');
      await wb.screenshot('export-dialog');
      await input.press('Enter');
      const note = await wb.until('the notification that the trace was exported', async () =>
        (await wb.notifications()).find((text) => /Poolscope exported \d+ trace events/.test(text)),
      );
      const written = /to (\S+\.chrome\.json)/.exec(note)?.[1];
      assert.ok(written, note);
      const trace = JSON.parse(readFileSync(written, 'utf8')) as { traceEvents: { name?: string }[] };
      assert.ok(trace.traceEvents.filter((e) => e.name === 'work').length >= 6, 'the six futures of work()');
      await wb.screenshot('exported');
    }));
});
