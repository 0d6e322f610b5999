import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, before, afterEach } from 'mocha';
import * as vscode from 'vscode';
import type { PoolscopeTestApi } from '../../src/extension/extension.ts';
import type { HostMessage } from '../../src/protocol/messages.ts';
import { parseTrace } from '../../src/trace/reader.ts';
import { fixture, lastStatus, poolscope, sentFids, waitFor } from './helpers.ts';

const COMMANDS = [
  'poolscope.profileFile',
  'poolscope.stop',
  'poolscope.openRecording',
  'poolscope.exportChrome',
  'poolscope.showSummary',
];

describe('Poolscope in VS Code', () => {
  let api: PoolscopeTestApi;
  const recordings: Record<string, string> = {};

  before(async () => {
    api = await poolscope();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('activates and registers its commands', async () => {
    const all = await vscode.commands.getCommands(true);
    for (const id of COMMANDS) assert.ok(all.includes(id), `${id} is registered`);
  });

  /** Profiles a fixture and checks the recording and what its chart was sent. */
  async function profileFixture(name: string, futures: number, failed: number): Promise<string> {
    await vscode.window.showTextDocument(fixture(name));
    const file = await vscode.commands.executeCommand<string | undefined>('poolscope.profileFile');
    assert.ok(file, 'profiling started');
    assert.ok(file.startsWith(api.recordingsFolder()), `${file} is in the recordings folder`);
    const result = await api.sessionResult(file)!;
    assert.equal(result.code, 0, `${name} exited with 0`);
    const trace = parseTrace(readFileSync(file, 'utf8'));
    assert.equal(trace.events.filter((e) => e.e === 'submit').length, futures);
    assert.equal(trace.events.at(-1)?.e, 'exit');

    // The chart opened beside the editor: it said `ready`, got `init`, the futures, and the end.
    await waitFor('the chart to say ready', () =>
      api.receivedMessages(file).some((m) => (m as { type: string }).type === 'ready'),
    );
    const sent = await waitFor('the final status', () => {
      const messages = api.lastMessages(file) as HostMessage[];
      const status = lastStatus(messages);
      return status?.program.state === 'exited' && status.futures === futures ? messages : undefined;
    });
    assert.equal(sent.find((m) => m.type !== 'status')?.type, 'init', 'init comes first');
    assert.equal(sentFids(sent).size, futures);
    const status = lastStatus(sent)!;
    assert.equal(status.failed, failed);
    assert.equal(status.done, futures - failed);
    assert.deepEqual(status.program, { state: 'exited', code: 0, signal: null, stopped: false });
    return file;
  }

  it('profiles a Python program and draws it live', async () => {
    recordings.python = await profileFixture('pool_demo.py', 6, 1);
  });

  it('profiles a TypeScript program', async () => {
    recordings.typescript = await profileFixture('ts_demo.ts', 5, 0);
  });

  it('stops a hanging program and its worker processes within 2 s, keeping the recording', async () => {
    const file = await vscode.commands.executeCommand<string | undefined>('poolscope.profileFile', fixture('hang.py'));
    assert.ok(file);
    await waitFor('both futures to start', () => {
      const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
      return (text.match(/"e":"start"/g) ?? []).length >= 2;
    });
    const started = Date.now();
    await vscode.commands.executeCommand('poolscope.stop');
    const result = await api.sessionResult(file)!;
    const took = Date.now() - started;
    assert.ok(took < 2500, `stopped in ${took} ms`);
    assert.notEqual(result.code, 0);
    const trace = parseTrace(readFileSync(file, 'utf8'));
    assert.equal(trace.events.filter((e) => e.e === 'start').length, 2, 'what was recorded before the stop is kept');
    assert.equal(trace.events.at(-1)?.e, 'exit');
    // The chart's last status says it was stopped, and nothing is running any more.
    const status = await waitFor('the status after Stop', () => {
      const last = lastStatus(api.lastMessages(file) as HostMessage[]);
      return last?.program.state === 'exited' ? last : undefined;
    });
    assert.equal(status.program.state === 'exited' && status.program.stopped, true);
    assert.equal(status.running + status.queued, 0);
    assert.equal(status.unfinished + status.failed, 2);
  });

  it('opens a recording in its editor, which sends the whole chart', async () => {
    const file = recordings.python;
    assert.ok(file, 'the Python test ran first');
    const before = api.lastMessages(file).length;
    await vscode.commands.executeCommand('poolscope.openRecording', vscode.Uri.file(file));
    const tab = vscode.window.tabGroups.activeTabGroup.activeTab;
    assert.ok(tab?.input instanceof vscode.TabInputCustom);
    assert.equal(tab.input.viewType, 'poolscope.recording');
    const sent = await waitFor('the chart data', () => {
      const fresh = (api.lastMessages(file) as HostMessage[]).slice(before);
      return lastStatus(fresh) ? fresh : undefined;
    });
    assert.equal(sent[0]!.type, 'init');
    assert.equal(sentFids(sent).size, 6);
    assert.equal(lastStatus(sent)!.program.state, 'exited');
  });

  it('exports a recording for Perfetto', async () => {
    const file = recordings.typescript;
    assert.ok(file, 'the TypeScript test ran first');
    const target = vscode.Uri.file(join(mkdtempSync(join(tmpdir(), 'poolscope-export-')), 'out.chrome.json'));
    const written = await vscode.commands.executeCommand<vscode.Uri | undefined>(
      'poolscope.exportChrome',
      vscode.Uri.file(file),
      target,
    );
    assert.equal(written?.fsPath, target.fsPath);
    const chrome = JSON.parse(readFileSync(target.fsPath, 'utf8')) as { traceEvents: { cat?: string }[] };
    assert.equal(chrome.traceEvents.filter((e) => e.cat === 'run').length, 5 * 2, 'a begin and an end per future');
  });
});
