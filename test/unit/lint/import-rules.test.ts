import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ESLint } from 'eslint';

// The architecture is enforced by eslint.config.mjs; these cases prove each rule fires, so a
// config edit that silently disables one fails here instead of letting the layers tangle.
const eslint = new ESLint({ cwd: process.cwd() });

async function importErrors(file: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source + '\nexport {};\n', { filePath: file });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

const forbidden: [string, string][] = [
  ['src/trace/x.ts', "import * as vscode from 'vscode';"],
  ['src/trace/x.ts', "import { Future } from '../executor/future.ts';"],
  ['src/trace/x.ts', "import { readFileSync } from 'node:fs';"],
  ['src/executor/x.ts', "import * as vscode from 'vscode';"],
  ['src/executor/x.ts', "import { run } from '../runner/run.ts';"],
  ['src/runner/x.ts', "import * as vscode from 'vscode';"],
  ['src/runner/x.ts', "import { x } from '../extension/extension.ts';"],
  ['src/cli/x.ts', "import { Future } from '../executor/future.ts';"],
  ['src/protocol/x.ts', "import { run } from '../runner/run.ts';"],
  ['src/webview/x.ts', "import { readFileSync } from 'node:fs';"],
  ['src/webview/x.ts', "import { run } from '../runner/run.ts';"],
  ['src/webview/x.ts', "import * as vscode from 'vscode';"],
  ['src/extension/x.ts', "import { draw } from '../webview/gantt.ts';"],
];

const allowed: [string, string][] = [
  ['src/executor/x.ts', "import type { TraceEvent } from '../trace/schema.ts';"],
  ['src/trace/node/x.ts', "import { readFileSync } from 'node:fs';"],
  ['src/runner/x.ts', "import { readRecording } from '../trace/reader.ts';"],
  ['src/cli/x.ts', "import { run } from '../runner/run.ts';"],
  ['src/webview/x.ts', "import type { HostMessage } from '../protocol/messages.ts';"],
  ['src/extension/x.ts', "import * as vscode from 'vscode';"],
];

describe('import rules', () => {
  for (const [file, source] of forbidden) {
    test(`${file} may not: ${source}`, async () => {
      assert.notDeepEqual(await importErrors(file, source), [], 'expected a no-restricted-imports error');
    });
  }
  for (const [file, source] of allowed) {
    test(`${file} may: ${source}`, async () => {
      assert.deepEqual(await importErrors(file, source), []);
    });
  }
});
