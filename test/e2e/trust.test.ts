/**
 * Workspace Trust: a folder opened in Restricted Mode (the trust prompt answered "No, I don't trust
 * the authors") runs nothing. Profile Current File starts no process, opens no chart, and tells the
 * user why and how to trust the folder; its "Manage Workspace Trust" button opens the trust editor.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { e2eEnv } from './support/env.ts';
import { processTree } from './support/processes.ts';
import { Workbench } from './support/workbench.ts';

describe('Poolscope in an untrusted workspace', () => {
  let wb: Workbench;

  before(async () => {
    wb = await Workbench.open('trust', e2eEnv().untrusted);
    await wb.guard('distrust', () => wb.distrustWorkspace());
  });
  after(async () => {
    await wb?.close();
  });

  test('Profile Current File runs nothing and says why, and how to trust the folder', () =>
    wb.guard('untrusted', async () => {
      const folder = wb.env.untrusted;
      await wb.openFile('pool_demo.py');
      await wb.runCommand('Poolscope: Profile Current File');

      const message = await wb.until('the message that says why nothing ran', async () =>
        (await wb.notifications()).find((text) => /Poolscope did not run pool_demo\.py/.test(text)),
      );
      assert.match(message, /not trusted \(Restricted Mode\)/);
      assert.match(message, /To profile, trust the workspace/);
      assert.match(message, /Manage Workspace Trust/);
      await wb.screenshot('untrusted-message');

      // Long enough for a program to have started and written its first lines, had one been started.
      for (let k = 0; k < 10; k++) {
        assert.deepEqual(processTree('pool_demo.py', folder), [], 'no process of pool_demo.py runs');
        await sleep(300);
      }
      assert.equal(await wb.statusBarItem(/Poolscope:/), undefined, 'no Poolscope status-bar item');
      const charts = wb.page.locator('.tabs-container .tab', { hasText: 'poolscope-pool_demo-' });
      assert.equal(await charts.count(), 0, 'no chart opened');

      // The button does what it says: the Workspace Trust editor opens, where the folder can be trusted.
      await wb.page
        .locator('.notifications-toasts .notification-toast', { hasText: 'Poolscope did not run' })
        .getByRole('button', { name: 'Manage Workspace Trust' })
        .click();
      await wb.until('the Workspace Trust editor', async () => /Workspace Trust/.test(await wb.activeEditorTab()));
      await wb.screenshot('untrusted-manage-trust');
    }));
});
