/** The recording `npm run demo` writes opens in the Poolscope chart editor by default (scripts/demo/recording-path.mjs). */
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { test } from 'node:test';
import { recordingPathFor } from '../../../scripts/demo/recording-path.mjs';

interface CustomEditor {
  viewType: string;
  priority: string;
  selector: { filenamePattern: string }[];
}

const manifest = JSON.parse(readFileSync(join(import.meta.dirname, '../../../package.json'), 'utf8'));
const editors: CustomEditor[] = manifest.contributes.customEditors;

/** VS Code's filenamePattern on a base name: `*` is any run of characters. */
function matches(pattern: string, name: string): boolean {
  const source = pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*');
  return new RegExp(`^${source}$`, 'i').test(name);
}

test('the demo recording of each kind of example matches a selector of the default-priority chart editor', () => {
  const chart = editors.find((e) => e.priority === 'default');
  assert.ok(chart, 'package.json has a default-priority custom editor');
  for (const example of ['media/examples/node/cpu-bound.ts', 'media/examples/python/thread pool.py', 'a.b.mjs']) {
    const path = recordingPathFor('/r', example);
    const name = basename(path);
    assert.equal(path, join('/r', name), 'the recording is in the recordings folder');
    assert.ok(
      chart.selector.some((s) => matches(s.filenamePattern, name)),
      `${name} matches one of ${chart.selector.map((s) => s.filenamePattern).join(', ')}`,
    );
  }
  assert.equal(basename(recordingPathFor('/r', 'media/examples/node/cpu-bound.ts')), 'poolscope-cpu-bound.ndjson');
});
