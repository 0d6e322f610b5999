import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, runWithHooks, tempDir } from './helpers.ts';

// Every program here lives in a temp folder with no package.json and no node_modules above it:
// `poolscope` and the TypeScript support must come from the hooks alone.
const { dir, remove } = tempDir();

function write(files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
}

function run(script: string) {
  const r = runWithHooks(join(dir, script), [], dir);
  return { ...r, stdout: r.stdout.trim() };
}

describe('loader hooks', () => {
  before(() => {
    ensureBuilt();
    write({
      'util.ts': 'export function twice(n: number): number { return 2 * n; }\n',
      'lib/index.ts': "export const where: string = 'lib/index.ts';\n",
      'esm-main.ts': [
        "import { twice } from './util.js';",
        "import { where } from './lib';",
        "import { AsyncPoolExecutor } from 'poolscope';",
        'const pool = new AsyncPoolExecutor({ maxWorkers: 2 });',
        'const value: number = await pool.submit(twice, 21);',
        'await pool.shutdown();',
        'console.log(value, where, import.meta.url.endsWith("esm-main.ts"));',
      ].join('\n'),
      'cjs-main.ts': [
        "const { twice } = require('./util.js');",
        "const { AsyncPoolExecutor } = require('poolscope');",
        'const n: number = twice(4);',
        'console.log(n, typeof AsyncPoolExecutor, __filename.endsWith("cjs-main.ts"));',
      ].join('\n'),
      'plain.mjs': "import { wait, FIRST_COMPLETED } from 'poolscope';\nconsole.log(typeof wait, FIRST_COMPLETED);\n",
      'plain.cjs': "const lib = require('poolscope');\nconsole.log(typeof lib.asCompleted);\n",
      'pkg/package.json': '{"type":"module","name":"pkg"}',
      'pkg/a.cts': 'const m: { x: number } = { x: 1 };\nmodule.exports = m;\n',
      'pkg/main.ts': "import a from './a.cjs';\nimport { y } from './b.mjs';\nconsole.log(a.x, y);\n",
      'pkg/b.mts': 'export const y: string = "b.mts";\n',
      'legacy/tsconfig.json':
        '{\n  // JSON with comments, as tsc allows\n  "compilerOptions": { "experimentalDecorators": true, },\n}\n',
      'legacy/decorated.ts': [
        'function logged(...args: unknown[]): void {',
        "  console.log(args.length === 3 && typeof args[1] === 'string' ? 'legacy decorator' : 'standard decorator');",
        '}',
        'class Job {',
        '  @logged',
        '  run(): void {}',
        '}',
        'new Job().run();',
      ].join('\n'),
      'standard/decorated.ts':
        'function logged(_value: unknown, context: { kind: string }) {\n  console.log(`standard ${context.kind} decorator`);\n}\nclass Job {\n  @logged\n  run(): void {}\n}\nnew Job().run();\n',
      'odd-config/tsconfig.json': '{ "extends": "@no/such-base", "compilerOptions": { "strict": 1 } } trailing junk',
      'odd-config/main.ts': "const ok: string = 'ran anyway';\nconsole.log(ok);\n",
      'broken.ts': "import './util';\nconst n: number = ;\n",
      'requires-broken.cjs': "require('./broken.ts');\n",
      'throws.ts':
        'interface Shape {\n  sides: number;\n}\nconst s: Shape = { sides: 3 };\nthrow new Error(`thrown with ${s.sides} sides`);\n',
      'threads.ts': [
        "import { Worker, isMainThread, parentPort } from 'node:worker_threads';",
        "import { twice } from './util';",
        'if (isMainThread) {',
        '  const worker = new Worker(new URL(import.meta.url));',
        "  worker.on('message', (n: number) => console.log('worker says', n));",
        '} else {',
        '  parentPort!.postMessage(twice(50));',
        '}',
      ].join('\n'),
    });
  });
  after(remove);

  test('an ES module .ts imports .ts files by ./x.js and ./dir, and poolscope without node_modules', () => {
    const r = run('esm-main.ts');
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '42 lib/index.ts true');
  });

  test('a CommonJS .ts requires ./x.js as x.ts, and poolscope', () => {
    const r = run('cjs-main.ts');
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '8 function true');
  });

  test('plain .mjs and .cjs programs import poolscope', () => {
    assert.equal(run('plain.mjs').stdout, 'function FIRST_COMPLETED');
    assert.equal(run('plain.cjs').stdout, 'function');
  });

  test('.mts, .cts and .ts in a "type": "module" package', () => {
    const r = run('pkg/main.ts');
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, '1 b.mts');
  });

  test('a stack trace points at the line of the .ts file', () => {
    const r = run('throws.ts');
    assert.equal(r.status, 1);
    assert.match(r.stderr, /Error: thrown with 3 sides\n\s+at .*throws\.ts:5:7/);
  });

  test('the nearest tsconfig.json decides decorator semantics, and one esbuild cannot read is ignored', () => {
    assert.equal(run('legacy/decorated.ts').stdout, 'legacy decorator');
    assert.equal(run('standard/decorated.ts').stdout, 'standard method decorator');
    const odd = run('odd-config/main.ts');
    assert.equal(odd.stderr, '');
    assert.equal(odd.stdout, 'ran anyway');
  });

  test('a TypeScript syntax error reads like Node’s own, through import and through require', () => {
    for (const script of ['broken.ts', 'requires-broken.cjs']) {
      const r = run(script);
      assert.equal(r.status, 1);
      assert.ok(
        r.stderr.includes(
          `${join(dir, 'broken.ts')}:2\nconst n: number = ;\n                  ^\n\nSyntaxError: Unexpected ";"\n`,
        ),
        r.stderr,
      );
      assert.doesNotMatch(r.stderr, /esbuild/);
    }
  });

  test('worker threads load TypeScript modules too', () => {
    const r = run('threads.ts');
    assert.equal(r.stderr, '');
    assert.equal(r.stdout, 'worker says 100');
  });
});
