/**
 * package.json `contributes` against the contract (command ids and titles, where Profile is
 * offered, the custom editor, settings with descriptions, Workspace Trust) and against the code that
 * implements it (every contributed command registered, the same file patterns).
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isProfilable } from '../../../src/extension/launch-options.ts';
import {
  ANY_NDJSON_VIEW_TYPE,
  RECORDING_EDITOR_VIEW_TYPE,
  recordingViewTypeFor,
} from '../../../src/extension/recording-names.ts';

interface Command {
  command: string;
  title: string;
  category?: string;
}
interface MenuItem {
  command: string;
  when?: string;
  group?: string;
}
interface Setting {
  type: string;
  default: unknown;
  description?: string;
  markdownDescription?: string;
}
interface Manifest {
  main: string;
  dependencies: Record<string, string>;
  capabilities: { untrustedWorkspaces: { supported: string | boolean; restrictedConfigurations?: string[] } };
  contributes: {
    commands: Command[];
    menus: Record<string, MenuItem[]>;
    customEditors: { viewType: string; selector: { filenamePattern: string }[]; priority: string }[];
    configuration: { properties: Record<string, Setting> };
  };
}

const root = new URL('../../../', import.meta.url);
const manifest = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Manifest;
const source = (file: string) => readFileSync(new URL(`src/extension/${file}`, root), 'utf8');
const fullTitle = (c: Command) => (c.category ? `${c.category}: ${c.title}` : c.title);

/** The regular expression of a `resourceExtname =~ /…/` when clause. */
function extnameRegex(when: string | undefined): RegExp {
  const m = /resourceExtname =~ \/(.+?)\/(\s|$)/.exec(when ?? '');
  assert.ok(m, `a resourceExtname test in: ${when}`);
  return new RegExp(m[1]!);
}

describe('package.json contributes', () => {
  test('the four commands of the issue, with their exact ids and titles', () => {
    const titles = new Map(manifest.contributes.commands.map((c) => [c.command, fullTitle(c)]));
    assert.equal(titles.get('poolscope.profileFile'), 'Poolscope: Profile Current File');
    assert.equal(titles.get('poolscope.stop'), 'Poolscope: Stop Profiling');
    assert.equal(titles.get('poolscope.openRecording'), 'Poolscope: Open Recording…');
    assert.equal(titles.get('poolscope.exportChrome'), 'Poolscope: Export for Perfetto…');
  });

  test('every contributed command is registered by commands.ts, and nothing else is', () => {
    const registered = [...source('commands.ts').matchAll(/register\('(poolscope\.[A-Za-z]+)'/g)].map((m) => m[1]);
    const contributed = manifest.contributes.commands.map((c) => c.command);
    assert.deepEqual([...registered].sort(), [...contributed].sort());
  });

  test('Profile is an editor-title button and an Explorer entry for .py .js .mjs .cjs .ts, in trusted workspaces only', () => {
    for (const menu of ['editor/title', 'explorer/context']) {
      const item = manifest.contributes.menus[menu]?.find((i) => i.command === 'poolscope.profileFile');
      assert.ok(item, `${menu} offers Profile Current File`);
      const ext = extnameRegex(item.when);
      for (const e of ['.py', '.js', '.mjs', '.cjs', '.ts']) {
        assert.ok(ext.test(e), `${menu} offers it for ${e}`);
        assert.ok(isProfilable(`/ws/job${e}`), `and Profile accepts ${e}`);
      }
      for (const e of ['.txt', '.ndjson', '.json', '.pyc', '.tsx', '.d']) assert.ok(!ext.test(e), `${menu}: not ${e}`);
      assert.match(item.when!, /isWorkspaceTrusted/, `${menu}: hidden in Restricted Mode`);
      assert.match(item.when!, /resourceScheme == file/, `${menu}: files on disk only`);
    }
    const title = manifest.contributes.menus['editor/title']!.find((i) => i.command === 'poolscope.profileFile')!;
    assert.match(title.group ?? '', /^navigation/, 'a button in the editor title, not a menu entry');
  });

  test('the menus accept exactly the files Profile accepts', () => {
    const item = manifest.contributes.menus['explorer/context']!.find((i) => i.command === 'poolscope.profileFile')!;
    const ext = extnameRegex(item.when);
    for (const e of ['py', 'js', 'mjs', 'cjs', 'ts', 'mts', 'cts', 'pyw', 'jsx', 'tsx', 'md', 'sh']) {
      assert.equal(ext.test(`.${e}`), isProfilable(`/ws/job.${e}`), `.${e}`);
    }
  });

  test('Stop is a button while a program runs; the custom editor opens recordings read-only from the Explorer', () => {
    const stop = manifest.contributes.menus['editor/title']!.find((i) => i.command === 'poolscope.stop');
    assert.equal(stop?.when, 'poolscope.running');
    const editors = new Map(manifest.contributes.customEditors.map((e) => [e.viewType, e]));
    assert.equal(editors.get(RECORDING_EDITOR_VIEW_TYPE)?.priority, 'default');
    assert.equal(editors.get(ANY_NDJSON_VIEW_TYPE)?.priority, 'option');
    assert.match(source('recording-editor.ts'), /implements vscode\.CustomReadonlyEditorProvider/);
  });

  test('the custom editor selectors and recordingViewTypeFor agree', () => {
    const byPattern = (name: string) =>
      manifest.contributes.customEditors.find((e) => e.selector.some((s) => globToRegex(s.filenamePattern).test(name)))
        ?.viewType;
    for (const name of [
      'poolscope-pool_demo-20261122-024823.ndjson',
      'run.poolscope.ndjson',
      'someone-elses.ndjson',
      'log.jsonl',
      'notes.json',
    ]) {
      assert.equal(byPattern(name), recordingViewTypeFor(`/recordings/${name}`), name);
    }
  });

  test('every setting of the issue, each with a description', () => {
    const props = manifest.contributes.configuration.properties;
    assert.deepEqual(Object.keys(props).sort(), [
      'poolscope.env',
      'poolscope.extraArgs',
      'poolscope.nodePath',
      'poolscope.pythonPath',
      'poolscope.recordingsFolder',
      'poolscope.stuckThresholdMs',
    ]);
    for (const [key, setting] of Object.entries(props)) {
      const text = setting.markdownDescription ?? setting.description ?? '';
      assert.ok(text.length > 30, `${key} has a description a user can act on`);
    }
    assert.equal(props['poolscope.pythonPath']!.default, '');
    assert.match(props['poolscope.pythonPath']!.markdownDescription!, /Python extension.*python3.*python/s);
    assert.equal(props['poolscope.nodePath']!.default, 'node');
    assert.equal(props['poolscope.recordingsFolder']!.default, '');
    assert.match(props['poolscope.recordingsFolder']!.markdownDescription!, /storage/);
    assert.equal(props['poolscope.stuckThresholdMs']!.default, 5000);
    const settingKeys = [...source('settings.ts').matchAll(/^\s+(\w+): '(\w+)',$/gm)].map((m) => `poolscope.${m[2]}`);
    assert.deepEqual(settingKeys.sort(), Object.keys(props).sort(), 'settings.ts reads every setting');
  });

  test('Workspace Trust: limited support, and the settings that choose what runs are restricted', () => {
    const trust = manifest.capabilities.untrustedWorkspaces;
    assert.equal(trust.supported, 'limited');
    for (const key of ['pythonPath', 'nodePath', 'recordingsFolder', 'extraArgs', 'env']) {
      assert.ok(trust.restrictedConfigurations?.includes(`poolscope.${key}`), key);
    }
  });

  test('the Python extension’s API comes from @vscode/python-extension, bundled', () => {
    assert.ok(manifest.dependencies['@vscode/python-extension'], 'a dependency');
    assert.match(source('python-interpreter.ts'), /from '@vscode\/python-extension'/);
    const build = readFileSync(new URL('scripts/build.mjs', root), 'utf8');
    const external = /external: \[([^\]]*)\]/.exec(build)?.[1] ?? '';
    assert.doesNotMatch(external, /python-extension/, 'bundled into dist/extension, not loaded from node_modules');
  });
});

/** The `*` globs of filenamePattern, as a regular expression over a base name. */
function globToRegex(glob: string): RegExp {
  const body = glob
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${body}$`, 'i');
}
