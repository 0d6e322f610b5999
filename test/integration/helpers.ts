import * as vscode from 'vscode';
import { join, resolve } from 'node:path';
import type { PoolscopeTestApi } from '../../src/extension/extension.ts';
import type { HostMessage } from '../../src/protocol/messages.ts';

/** The fixture workspace the test VS Code opens (run.mjs). */
export const WORKSPACE = resolve(__dirname, '../../test/fixtures/workspace');

export function fixture(name: string): vscode.Uri {
  return vscode.Uri.file(join(WORKSPACE, name));
}

/** The extension, activated, with its test API (POOLSCOPE_TEST=1). */
export async function poolscope(): Promise<PoolscopeTestApi> {
  const extension = vscode.extensions.getExtension<PoolscopeTestApi | undefined>('poolscope.poolscope');
  if (!extension) throw new Error('the Poolscope extension is not loaded');
  const api = await extension.activate();
  if (!api) throw new Error('activate() returned no test API: is POOLSCOPE_TEST=1 set?');
  return api;
}

export async function waitFor<T>(what: string, probe: () => T | undefined | false, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((done) => setTimeout(done, 50));
  }
}

/** The fids the chart of `file` was sent, over all `append`s. */
export function sentFids(messages: HostMessage[]): Set<number> {
  const fids = new Set<number>();
  for (const m of messages) if (m.type === 'append') for (const fid of m.futures?.fid ?? []) fids.add(fid);
  return fids;
}

/** The last `status` the chart of `file` was sent. */
export function lastStatus(messages: HostMessage[]): Extract<HostMessage, { type: 'status' }> | undefined {
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i]!;
    if (m.type === 'status') return m;
  }
  return undefined;
}
