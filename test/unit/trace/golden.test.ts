import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { buildModel } from '../../../src/trace/model-builder.ts';
import { computeStats } from '../../../src/trace/stats.ts';
import { formatSummary } from '../../../src/trace/format-summary.ts';
import { chromeTraceToJson, toChromeTrace } from '../../../src/trace/export-chrome.ts';
import { validateRecording } from '../../../src/trace/validate.ts';
import { brokenGoldens, validGoldens } from './golden-files.ts';

// Outputs derived from the golden recordings, compared byte for byte. After an intended change,
// regenerate with UPDATE_GOLDEN=1 and review the diff like any other change.
const update = process.env.UPDATE_GOLDEN === '1';

function matchesGolden(path: string, actual: string): void {
  if (update) {
    writeFileSync(path, actual);
    return;
  }
  assert.ok(existsSync(path), `${path} is missing: run with UPDATE_GOLDEN=1 to create it`);
  assert.equal(actual, readFileSync(path, 'utf8'), `${basename(path)} differs (UPDATE_GOLDEN=1 regenerates it)`);
}

function outputs(file: string) {
  const bytes = readFileSync(file);
  const { model, issues } = buildModel(bytes);
  return { bytes, model, issues, stem: file.replace(/\.ndjson$/, '') };
}

for (const file of validGoldens()) {
  test(`summary and Chrome export of ${basename(file)}`, () => {
    const { model, issues, stem } = outputs(file);
    assert.deepEqual(issues, []);
    matchesGolden(`${stem}.summary.txt`, formatSummary(computeStats(model), issues));
    matchesGolden(`${stem}.chrome.json`, chromeTraceToJson(toChromeTrace(model)));
  });
}

for (const file of brokenGoldens()) {
  test(`summary and validation report of the damaged ${basename(file)}`, () => {
    const { bytes, model, issues, stem } = outputs(file);
    assert.ok(issues.length > 0, 'a damaged recording must raise an issue');
    matchesGolden(`${stem}.summary.txt`, formatSummary(computeStats(model), issues));
    const report = validateRecording(bytes).issues.map((i) => `${i.severity}: ${i.message}\n`);
    matchesGolden(`${stem}.validate.txt`, report.join(''));
  });
}
