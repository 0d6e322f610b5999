/**
 * Drives the code-server workbench in the browser the way a person does: the trust prompt, the
 * Explorer, the command palette, the status bar. Every wait has a deadline; when one passes, the
 * error says what was awaited and where the screenshot of that moment is.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { chromium, type Browser, type BrowserContext, type Frame, type Page } from 'playwright-core';
import { e2eEnv, type E2eEnv } from './env.ts';

export const DEFAULT_TIMEOUT_MS = 20_000;

export class Workbench {
  private shots = 0;

  private constructor(
    readonly env: E2eEnv,
    private readonly browser: Browser,
    private readonly context: BrowserContext,
    readonly page: Page,
    private readonly name: string,
  ) {}

  /** A new browser context (no stored state) on the workbench of `folder` (default: the fixture workspace). */
  static async open(name: string, folder?: string): Promise<Workbench> {
    const env = e2eEnv();
    mkdirSync(env.results, { recursive: true });
    const browser = await chromium.connectOverCDP(env.cdp);
    const context = await browser.newContext({ viewport: { width: 1600, height: 1000 } });
    // Playwright's own waits (a click, a fill) give up sooner than a test's, so `until` and
    // `guard` get the chance to report them with a screenshot.
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    const workbench = new Workbench(env, browser, context, page, name);
    await page.goto(`${env.url}/?folder=${encodeURIComponent(folder ?? env.workspace)}`);
    await workbench.until('the workbench to load', () => page.locator('.monaco-workbench').isVisible(), 60_000);
    return workbench;
  }

  async close(): Promise<void> {
    await this.context.close().catch(() => {});
    // Disconnects only: the browser process belongs to scripts/e2e/run.mjs.
    await this.browser.close().catch(() => {});
  }

  /** Saves test-results/e2e/<name>.png and returns its path. */
  async screenshot(label: string): Promise<string> {
    const path = join(this.env.results, `${this.name}-${String(++this.shots).padStart(2, '0')}-${label}.png`);
    await this.page.screenshot({ path });
    return path;
  }

  /**
   * Polls `check` until it returns something other than false/undefined/null, and returns that.
   * Errors thrown by `check` count as "not yet" (the UI is still settling); the last one is
   * reported if the deadline passes.
   */
  async until<T>(
    what: string,
    check: () => Promise<T | false | undefined | null>,
    timeoutMs = DEFAULT_TIMEOUT_MS,
  ): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    let last: unknown;
    for (;;) {
      try {
        const value = await check();
        if (value !== false && value !== undefined && value !== null) return value;
      } catch (error) {
        last = error;
      }
      if (Date.now() > deadline) break;
      await sleep(200);
    }
    const shot = await this.screenshot(`timeout-${slug(what)}`).catch((error) => `(no screenshot: ${error})`);
    const cause = last instanceof Error ? ` Last error: ${last.message.split('\n')[0]}` : '';
    throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}. Screenshot: ${shot}.${cause}`);
  }

  /** Answers the startup trust prompt with "Yes, I trust the authors", as a user would. */
  async trustWorkspace(): Promise<void> {
    const yes = this.page.getByRole('button', { name: 'Yes, I trust the authors' });
    await this.until('the workspace trust prompt', () => yes.isVisible(), 30_000);
    await this.screenshot('trust-prompt');
    await yes.click();
    const restricted = this.page.locator('.statusbar-item', { hasText: 'Restricted Mode' });
    await this.until('Restricted Mode to end', async () => (await restricted.count()) === 0);
  }

  /** Answers the startup trust prompt with "No, I don't trust the authors": the folder opens in Restricted Mode. */
  async distrustWorkspace(): Promise<void> {
    const no = this.page.getByRole('button', { name: "No, I don't trust the authors" });
    await this.until('the workspace trust prompt', () => no.isVisible(), 30_000);
    await no.click();
    const restricted = this.page.locator('.statusbar-item', { hasText: 'Restricted Mode' });
    await this.until('Restricted Mode to show in the status bar', async () => (await restricted.count()) > 0);
  }

  /** The text of the status-bar item whose text matches `pattern` (icons are not text), or undefined. */
  async statusBarItem(pattern: RegExp): Promise<string | undefined> {
    for (const raw of await this.page.locator('.statusbar-item').allInnerTexts()) {
      const text = raw.trim();
      if (pattern.test(text)) return text;
    }
    return undefined;
  }

  /** The text of every notification toast on screen. */
  async notifications(): Promise<string[]> {
    return this.page.locator('.notifications-toasts .notification-toast').allInnerTexts();
  }

  /** Opens a file of the workspace from the Explorer (a single click opens it in the editor). */
  async openFile(name: string): Promise<void> {
    await this.openFromExplorer(name);
    // Focus goes to the editor text, so the command palette acts on this file.
    await this.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
  }

  /** Clicks `name` in the Explorer and waits for its editor (a text editor or a custom one) to be active. */
  async openFromExplorer(name: string): Promise<void> {
    if (!(await this.page.locator('.explorer-viewlet').isVisible())) await this.runCommand('View: Show Explorer');
    const item = this.page.locator('.explorer-viewlet .monaco-list-row', { hasText: name }).first();
    await this.until(`${name} in the Explorer`, () => item.isVisible());
    await item.click();
    const tab = this.page.locator('.tabs-container .tab.active', { hasText: name });
    await this.until(`${name} to be the active editor`, () => tab.isVisible());
  }

  /** Runs a command from the command palette (F1), by its full title. */
  async runCommand(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const item = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    // Tries again from the start when the palette closes under it: a webview taking the focus
    // a moment after a click closes it, and F1 pressed inside a webview does not always reach the
    // workbench (the command center in the title bar opens the same palette by a click).
    await this.until(`"${title}" to run from the command palette`, async () => {
      if (!(await input.isVisible())) {
        await this.page.keyboard.press('F1');
        const opened = await input.waitFor({ state: 'visible', timeout: 2000 }).then(
          () => true,
          () => false,
        );
        if (!opened) await this.page.locator('.command-center .command-center-center').click({ timeout: 2000 });
      }
      await input.fill(`>${title}`, { timeout: 2000 });
      await item.click({ timeout: 5000 });
      return true;
    });
    await this.until('the command palette to close', async () => !(await input.isVisible()));
  }

  /** Runs `body`; if it throws, saves a screenshot and adds its path to the error. */
  async guard<T>(label: string, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } catch (error) {
      if (error instanceof Error && /Screenshot: /.test(error.message)) throw error;
      const shot = await this.screenshot(`failed-${slug(label)}`).catch((e) => `(no screenshot: ${e})`);
      const message = error instanceof Error ? error.message : String(error);
      throw Object.assign(new Error(`${message}\nScreenshot: ${shot}`), { cause: error });
    }
  }

  /** The cursor of the active editor, from the status bar's "Ln X, Col Y". */
  async cursor(): Promise<{ line: number; col: number } | undefined> {
    const text = await this.page.locator('[id="status.editor.selection"]').innerText({ timeout: 2000 });
    const m = /Ln (\d+), Col (\d+)/.exec(text);
    return m ? { line: Number(m[1]), col: Number(m[2]) } : undefined;
  }

  async activeEditorTab(): Promise<string> {
    return (await this.page.locator('.editor-group-container .tab.active').allInnerTexts()).join(' | ');
  }

  /**
   * The frame of the chart page of a recording of `file` (its title is the recording's name,
   * `poolscope-<stem>-<time>.ndjson`). Webview content sits two iframes deep
   * (the workbench's `iframe.webview`, then its `#active-frame`); a hidden chart has no frame at all.
   */
  async chartFrame(file: string, timeoutMs = 30_000): Promise<Frame> {
    const stem = file.replace(/\.[^.]+$/, '');
    return this.chartFrameTitled(`poolscope-${stem}-`, `the Poolscope chart of ${file}`, timeoutMs);
  }

  /** The frame of the chart page whose title (the recording's file name) contains `text`. */
  async chartFrameTitled(
    text: string,
    what = `the Poolscope chart titled ${text}`,
    timeoutMs = 30_000,
  ): Promise<Frame> {
    return this.until(
      what,
      async () => {
        for (const frame of this.page.frames()) {
          const body = frame.locator('[data-testid="poolscope-chart"]');
          if ((await body.count()) === 0) continue;
          const title = await frame.locator('h1.title').innerText({ timeout: 1000 });
          if (title.includes(text)) return frame;
        }
        return undefined;
      },
      timeoutMs,
    );
  }

  /** The rows of the quick input's list, as text, top first. */
  async pickerRows(): Promise<string[]> {
    return this.page.locator('.quick-input-list .monaco-list-row').allInnerTexts();
  }

  /** Picks a colour theme by name with "Preferences: Color Theme", as a user does. */
  async setColorTheme(name: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    await this.runCommandKeepingPicker('Preferences: Color Theme');
    const item = this.page.locator('.quick-input-list .monaco-list-row', { hasText: name });
    await this.until(`the theme ${name} in the picker`, async () => {
      await input.fill(name, { timeout: 2000 });
      return (await item.count()) > 0;
    });
    await input.press('Enter');
    await this.until('the theme picker to close', async () => !(await input.isVisible()));
  }

  /** Runs a palette command that opens a picker (or a simple file dialog) of its own: the quick input stays open. */
  async runCommandKeepingPicker(title: string): Promise<void> {
    const input = this.page.locator('.quick-input-widget .quick-input-box input');
    const item = this.page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
    await this.until(`"${title}" to run from the command palette`, async () => {
      if (!(await input.isVisible())) await this.page.keyboard.press('F1');
      await input.fill(`>${title}`, { timeout: 2000 });
      await item.click({ timeout: 5000 });
      return true;
    });
    await this.until(`the picker of "${title}"`, async () => {
      const value = await input.inputValue({ timeout: 1000 });
      return (await input.isVisible()) && !value.startsWith('>');
    });
  }

  /**
   * "Developer: Reload Window": the page loads anew (what a window reload is in the browser build);
   * answers the trust prompt again if it shows.
   */
  async reloadWindow(): Promise<void> {
    const main = this.page.mainFrame();
    const navigated = this.page.waitForEvent('framenavigated', { predicate: (f) => f === main, timeout: 30_000 });
    await this.runCommand('Developer: Reload Window');
    await navigated;
    await this.until('the workbench to load again', () => this.page.locator('.monaco-workbench').isVisible(), 60_000);
    const yes = this.page.getByRole('button', { name: 'Yes, I trust the authors' });
    await sleep(1500);
    if (await yes.isVisible()) await yes.click();
  }

  /** Opens the Explorer's context menu on `name` and clicks its entry `entry`. */
  async explorerContextMenu(name: string, entry: string): Promise<void> {
    if (!(await this.page.locator('.explorer-viewlet').isVisible())) await this.runCommand('View: Show Explorer');
    const row = this.page.locator('.explorer-viewlet .monaco-list-row', { hasText: name }).first();
    await this.until(`${name} in the Explorer`, () => row.isVisible());
    await row.click({ button: 'right' });
    const item = this.page.locator('.context-view .monaco-menu .action-item', { hasText: entry }).first();
    await this.until(`"${entry}" in the Explorer's context menu of ${name}`, () => item.isVisible(), 10_000);
    await this.screenshot(`context-menu-${slug(name)}`);
    await item.click();
  }
}

function slug(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 60);
}
