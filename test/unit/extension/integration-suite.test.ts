// The @vscode/test-electron suite (test/integration) cannot run here: it needs a desktop VS Code,
// which this machine cannot download. So that it cannot rot unseen, every `npm test` bundles it the
// way `npm run test:integration` does (test/integration/bundle.mjs), and `npm run typecheck` covers
// its sources through tsconfig.json.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { bundleSuite, integrationDir, suiteEntries } from '../../integration/bundle.mjs';

describe('the integration suite (test/integration)', () => {
  test('bundles for the extension host: the mocha entry and every test file, vscode left to the host', async () => {
    const result = await bundleSuite({ outdir: join(integrationDir, 'out-check'), write: false });
    assert.deepEqual(result.errors, []);
    const outputs = new Map((result.outputFiles ?? []).map((f) => [basename(f.path), f.text]));
    const expected = suiteEntries().map((entry) => basename(entry).replace(/\.ts$/, '.cjs'));
    assert.ok(expected.includes('index.cjs') && expected.includes('extension.test.cjs'), expected.join(', '));
    assert.deepEqual([...outputs.keys()].sort(), expected.sort());
    const tests = outputs.get('extension.test.cjs')!;
    assert.match(tests, /require\("vscode"\)/, 'vscode comes from the extension host');
    assert.match(tests, /poolscope\.profileFile/);
    assert.match(outputs.get('index.cjs')!, /require\("mocha"\)/);
  });

  test("is type-checked by `npm run typecheck` (tsconfig.json's include covers it)", () => {
    const config = JSON.parse(readFileSync(join(integrationDir, '../../tsconfig.json'), 'utf8')) as {
      include: string[];
      exclude?: string[];
    };
    assert.ok(config.include.includes('test/**/*.ts'), config.include.join(', '));
    assert.ok(!(config.exclude ?? []).some((e) => e.startsWith('test')), (config.exclude ?? []).join(', '));
    assert.match(
      readFileSync(join(integrationDir, '../../package.json'), 'utf8'),
      /"typecheck": "tsc --noEmit -p tsconfig.json/,
    );
  });
});
