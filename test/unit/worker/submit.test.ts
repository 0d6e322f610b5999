import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { WorkerPoolExecutor } from '../../../src/executor/worker-pool.ts';
import { hypot, label } from '../../fixtures/node/ts-tasks.ts';
import { cjsFixture, esmFixture, fixturePath, type Fn, type Module } from './fixtures.ts';

describe('WorkerPoolExecutor.submit', { timeout: 20_000 }, () => {
  let pool: WorkerPoolExecutor;
  let esm: Module;
  const cjs = cjsFixture('cjs-tasks.cjs');

  before(async () => {
    pool = new WorkerPoolExecutor({ maxWorkers: 2, name: 'submit-tests' });
    esm = await esmFixture('esm-tasks.mjs');
  });
  after(() => pool.shutdown());

  test('runs top-level exports of CommonJS and ES modules in worker threads', async () => {
    assert.equal(await pool.submit(cjs.square!, 12), 144);
    assert.equal(await pool.submit(cjs.add!, 2, 3), 5);
    assert.equal(await pool.submit(esm.square!, 7), 49);
    assert.equal(await pool.submit(esm.slowSquare!, 3, 5), 9, 'an async function is awaited in the worker');
    const tid = await pool.submit(esm.whereAmI!);
    assert.ok(Number.isInteger(tid) && tid > 0, 'the work ran on a worker thread, not the main thread (0)');
  });

  test('finds default, renamed and nested exports and static methods', async () => {
    assert.equal(await pool.submit(esm.default!, 2), 8);
    assert.equal(await pool.submit(esm.renamed!, 2), 3);
    assert.equal(await pool.submit(esm.helpers.twice!, 4), 8);
    assert.equal(await pool.submit(esm.Tools.triple!, 4), 12);
    assert.equal(await pool.submit(cjs.helpers.twice!, 5), 10);
    assert.equal(await pool.submit(cjs.Tools.triple!, 5), 15);
    assert.equal(await pool.submit(cjsFixture('cjs-default.cjs') as unknown as Fn, 5), -5);
  });

  test('runs TypeScript modules through the same loader as the main thread', async () => {
    assert.equal(await pool.submit(hypot, 3, 4), 5);
    assert.equal(await pool.submit(label, 'x'), 'task:x');
  });

  test('runs tasks at the same time on distinct threads', async () => {
    // Each task waits for the other in shared memory: run one after the other, both would give up.
    const sab = new SharedArrayBuffer(4);
    const tids = await Promise.all([pool.submit(esm.rendezvous!, sab, 2), pool.submit(esm.rendezvous!, sab, 2)]);
    assert.ok(
      tids.every((tid) => tid > 0),
      `both met: ${tids}`,
    );
    assert.notEqual(tids[0], tids[1]);
  });

  test('a closure fails its future, not submit(), with a TypeError saying what to do', async () => {
    const future = pool.submit(esm.makeAdder!(1), 2);
    const err = (await future.exception()) as Error;
    assert.ok(err instanceof TypeError);
    assert.match(
      err.message,
      /^adder is a closure \(defined inside makeAdder\(\) in .*esm-tasks\.mjs\): worker threads load a task by module path and export name, as Python pickles a function by reference/,
    );
    assert.equal(future.getState(), 'FINISHED');
  });

  test('an unexported top-level function fails with the module path', async () => {
    const err = (await pool.submit(esm.unexportedRef!(), 1).exception()) as Error;
    assert.ok(err instanceof TypeError);
    assert.equal(
      err.message,
      `notExported is not a top-level export of ${fixturePath('esm-tasks.mjs')}: worker threads load a task by module path and export name, ` +
        'as Python pickles a function by reference. Export it at the top level of a module.',
    );
  });

  test('bound functions, built-ins and instance methods fail too', async () => {
    assert.match(
      String(await pool.submit(esm.square!.bind(null), 1).exception()),
      /^TypeError: bound square is a bound function/,
    );
    assert.match(String(await pool.submit(Math.abs, -1).exception()), /^TypeError: abs is a built-in function/);
    const method = new (esm.Tools as unknown as new () => { instanceMethod: Fn })().instanceMethod;
    assert.match(
      String(await pool.submit(method).exception()),
      /^TypeError: instanceMethod is not a top-level export of /,
    );
  });

  test('an argument that cannot be cloned fails its future, naming the argument', async () => {
    const err = (await pool.submit(esm.identity!, () => 1).exception()) as Error;
    assert.ok(err instanceof TypeError);
    assert.match(
      err.message,
      /^argument 0 of identity cannot be sent to a worker thread \(.*could not be cloned\.\)\. Arguments cross threads by structured clone/,
    );
    const second = (await pool.submit(cjs.add!, 1, Symbol('s')).exception()) as Error;
    assert.match(second.message, /^argument 1 of add cannot be sent/);
    assert.equal(await pool.submit(esm.identity!, 5), 5, 'the pool goes on');
  });

  test('a result that cannot be cloned fails its future, and the worker survives', async () => {
    const err = (await pool.submit(esm.returnsFunction!).exception()) as Error;
    assert.ok(err instanceof TypeError);
    assert.match(
      err.message,
      /^the result of returnsFunction cannot be sent back from the worker thread \(.*could not be cloned\.\)/,
    );
    assert.match(
      String(await pool.submit(esm.returnsSymbol!).exception()),
      /the result of returnsSymbol cannot be sent back/,
    );
    assert.equal(await pool.submit(esm.square!, 3), 9);
  });

  test('a module that creates an executor while a worker imports it is refused there', async () => {
    const mod = await esmFixture('pool-at-import.mjs');
    await (mod.sharedPool as unknown as { shutdown(): Promise<void> }).shutdown();
    const err = (await pool.submit(mod.double!, 2).exception()) as Error;
    assert.match(
      err.message,
      /^AsyncPoolExecutor was created while a pool worker thread was importing .*pool-at-import\.mjs to find a task's function\./,
    );
  });

  test('an exception keeps its name, message, stack and data', async () => {
    const err = (await pool.submit(cjs.fail!, 'boom').exception()) as Error & { code?: string };
    assert.equal(err.name, 'TaskError');
    assert.equal(err.message, 'boom');
    assert.equal(err.code, 'E_TASK');
    assert.match(err.stack!, /^TaskError: boom\n\s+at .*cjs-tasks\.cjs:\d+:\d+/);
    await assert.rejects(
      pool.submit(esm.throwTypeError!, 'bad').result(),
      (e: unknown) => e instanceof TypeError && e.message === 'bad',
    );
    const withCause = (await pool.submit(esm.throwWithCause!).exception()) as RangeError & { details?: unknown };
    assert.ok(withCause instanceof RangeError);
    assert.equal((withCause.cause as Error).message, 'inner');
    assert.deepEqual(withCause.details, { n: 1 });
    assert.equal(await pool.submit(esm.throwString!).exception(), 'a string');
  });
});
