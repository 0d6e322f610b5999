import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { pathToFileURL } from 'node:url';
import { functionRefOf, refByScanning } from '../../../src/executor/function-ref.ts';
import { cjsFixture, esmFixture, fixturePath, type Fn } from './fixtures.ts';
import { hypot, label } from '../../fixtures/node/ts-tasks.ts';

describe('functionRefOf: CommonJS modules', () => {
  const cjs = cjsFixture('cjs-tasks.cjs');
  const file = fixturePath('cjs-tasks.cjs');

  test('a top-level export goes by file path and export name', () => {
    assert.deepEqual(functionRefOf(cjs.square!), { kind: 'cjs', module: file, path: ['square'], name: 'square' });
    assert.deepEqual(functionRefOf(cjs.add!), { kind: 'cjs', module: file, path: ['add'], name: 'add' });
  });

  test('module.exports itself, a member of an exported object and a static method', () => {
    const negate = cjsFixture('cjs-default.cjs') as unknown as Fn;
    assert.deepEqual(functionRefOf(negate).path, []);
    assert.deepEqual(functionRefOf(cjs.helpers.twice!).path, ['helpers', 'twice']);
    assert.deepEqual(functionRefOf(cjs.Tools.triple!).path, ['Tools', 'triple']);
  });

  test('a TypeScript module compiled by tsx (exports are getters) resolves too', () => {
    const ref = functionRefOf(hypot);
    assert.equal(ref.kind, 'cjs');
    assert.equal(ref.module, fixturePath('ts-tasks.ts'));
    assert.deepEqual(ref.path, ['hypot']);
    assert.deepEqual(functionRefOf(label).path, ['label']);
  });

  test('a closure is refused, naming the function it was made in', () => {
    assert.throws(
      () => functionRefOf(cjs.makeMultiplier!(2)),
      (err: Error) =>
        err instanceof TypeError &&
        err.message.startsWith(`multiply is a closure (defined inside exports.makeMultiplier() in ${file})`) &&
        err.message.includes('pickles a function by reference'),
    );
  });

  test('a top-level function that is not exported is refused', () => {
    assert.throws(
      () => functionRefOf(cjs.unexportedRef!()),
      new TypeError(
        `hidden is not a top-level export of ${file}: worker threads load a task by module path and export name, ` +
          'as Python pickles a function by reference. Export it at the top level of a module.',
      ),
    );
  });
});

describe('functionRefOf: ES modules', () => {
  test('an export goes by URL and a digest of its source (the worker picks the export)', async () => {
    const esm = await esmFixture('esm-tasks.mjs');
    const ref = functionRefOf(esm.square!);
    assert.equal(ref.kind, 'esm');
    assert.equal(ref.module, pathToFileURL(fixturePath('esm-tasks.mjs')).href);
    assert.equal(ref.name, 'square');
    assert.equal(ref.path, undefined);
    assert.match(ref.digest!, /^[A-Za-z0-9+/=]{20,}$/);
    assert.notEqual(functionRefOf(esm.add!).digest, ref.digest);
  });

  test('a closure is refused with the name of its maker', async () => {
    const esm = await esmFixture('esm-tasks.mjs');
    assert.throws(
      () => functionRefOf(esm.makeAdder!(1)),
      /^TypeError: adder is a closure \(defined inside makeAdder\(\) in .*esm-tasks\.mjs\)/,
    );
  });
});

describe('functionRefOf: functions that cannot go by reference', () => {
  test('a bound function', () => {
    const cjs = cjsFixture('cjs-tasks.cjs');
    assert.throws(
      () => functionRefOf(cjs.square!.bind(null, 2)),
      /^TypeError: bound square is a bound function: .* Submit the exported target function/,
    );
  });

  test('a built-in', () => {
    assert.throws(() => functionRefOf(Math.max), /^TypeError: max is a built-in function: /);
  });

  test('code with no module file', () => {
    const made = new Function('x', 'return x') as Fn;
    assert.throws(
      () => functionRefOf(made),
      /^TypeError: anonymous was defined in eval code, which is not a module file/,
    );
  });
});

describe('functionRefOf: cache', () => {
  test('a function is resolved once; each refusal is a fresh error', () => {
    const cjs = cjsFixture('cjs-tasks.cjs');
    assert.equal(functionRefOf(cjs.square!), functionRefOf(cjs.square!));
    const closure = cjs.makeMultiplier!(3);
    let first: unknown;
    let second: unknown;
    try {
      functionRefOf(closure);
    } catch (err) {
      first = err;
    }
    try {
      functionRefOf(closure);
    } catch (err) {
      second = err;
    }
    assert.ok(first instanceof TypeError && second instanceof TypeError);
    assert.notEqual(first, second);
    assert.equal(first.message, second.message);
  });
});

describe('refByScanning: without an inspector', () => {
  test('finds CommonJS exports by scanning require.cache', () => {
    const cjs = cjsFixture('cjs-tasks.cjs');
    assert.deepEqual(refByScanning(cjs.add!, 'no inspector'), {
      kind: 'cjs',
      module: fixturePath('cjs-tasks.cjs'),
      path: ['add'],
      name: 'add',
    });
  });

  test('guesses the main script for anything else; the worker checks the guess', async () => {
    const esm = await esmFixture('esm-tasks.mjs');
    const ref = refByScanning(esm.square!, 'no inspector');
    assert.ok(typeof ref !== 'function');
    assert.equal(ref.kind, 'esm');
    assert.equal(ref.module, pathToFileURL(process.argv[1]!).href);
    assert.equal(ref.name, 'square');
  });
});
