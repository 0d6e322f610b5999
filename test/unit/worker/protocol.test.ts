import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { cloneErrorOf, fromWireError, toWireError } from '../../../src/executor/worker-protocol.ts';

/** As an error crosses threads: to its parts, through structured clone, rebuilt. */
function roundTrip(err: unknown): unknown {
  return fromWireError(structuredClone(toWireError(err)));
}

describe('errors across threads', () => {
  test('a subclass keeps its name, message, stack and own data', () => {
    class TaskError extends Error {
      override name = 'TaskError';
      code = 'E_TASK';
      detail = { n: 1 };
      hidden = () => 0;
    }
    const original = new TaskError('boom');
    const copy = roundTrip(original) as Error & { code: string; detail: unknown; hidden?: unknown };
    assert.ok(copy instanceof Error);
    assert.equal(copy.name, 'TaskError');
    assert.equal(copy.message, 'boom');
    assert.equal(copy.stack, original.stack);
    assert.equal(copy.code, 'E_TASK');
    assert.deepEqual(copy.detail, { n: 1 });
    assert.equal(copy.hidden, undefined, 'a function property cannot cross and is left out');
    assert.match(String(copy), /^TaskError: boom$/);
  });

  test('built-in error classes are rebuilt as themselves, with their cause', () => {
    const copy = roundTrip(new RangeError('outer', { cause: new TypeError('inner') })) as RangeError;
    assert.ok(copy instanceof RangeError);
    assert.ok(copy.cause instanceof TypeError);
    assert.equal((copy.cause as Error).message, 'inner');
  });

  test('a thrown non-error value arrives as itself, or described when it cannot be cloned', () => {
    assert.equal(roundTrip('a string'), 'a string');
    assert.deepEqual(roundTrip({ code: 3 }), { code: 3 });
    const described = roundTrip(Symbol('s')) as Error;
    assert.ok(described instanceof Error);
    assert.equal(described.message, 'a non-cloneable value was thrown in the worker: Symbol(s)');
  });

  test('getters are not run', () => {
    const err = new Error('x');
    let reads = 0;
    Object.defineProperty(err, 'risky', { enumerable: true, get: () => ++reads });
    const copy = roundTrip(err) as Error & { risky?: unknown };
    assert.equal(reads, 0);
    assert.equal(copy.risky, undefined);
  });
});

describe('cloneErrorOf', () => {
  test('says why a value cannot be cloned, and nothing for values that can', () => {
    assert.equal(cloneErrorOf(1), undefined);
    assert.equal(cloneErrorOf('s'), undefined);
    assert.equal(cloneErrorOf(new Float64Array(4)), undefined);
    assert.equal(cloneErrorOf({ a: [1, new Map([[1, 2]])] }), undefined);
    assert.equal(
      cloneErrorOf(
        new (class WithPrivate {
          #x = 1;
          y = this.#x;
        })(),
      ),
      undefined,
      'private fields are dropped, not refused',
    );
    assert.match(cloneErrorOf(() => 1)!.message, /could not be cloned/);
    assert.match(cloneErrorOf({ nested: [Symbol('s')] })!.message, /could not be cloned/);
  });
});

test('an error that refuses inspection still crosses, described', () => {
  const hostile = new Proxy(new Error('x'), {
    ownKeys() {
      throw new Error('no keys');
    },
  });
  const copy = roundTrip(hostile) as Error;
  assert.ok(copy instanceof Error);
  assert.match(copy.message, /^a non-cloneable value was thrown in the worker: /);
});

describe('regression (D4): worker errors keep what can cross threads', () => {
  test('a user class arrives as an Error with its name, message, stack, cause and own data — not as its class', () => {
    class QuotaError extends Error {
      override name = 'QuotaError';
      code = 'E_QUOTA';
      limit = 3;
    }
    const original = new QuotaError('over quota', { cause: new TypeError('bad input') });
    const copy = roundTrip(original) as Error & { code?: string; limit?: number };
    assert.equal(copy instanceof QuotaError, false, 'the class itself cannot cross (documented)');
    assert.ok(copy instanceof Error);
    assert.deepEqual(
      [copy.name, copy.message, copy.stack, copy.code, copy.limit],
      ['QuotaError', 'over quota', original.stack, 'E_QUOTA', 3],
    );
    assert.ok(copy.cause instanceof TypeError);
    assert.equal((copy.cause as Error).message, 'bad input');
  });

  test('AggregateError is rebuilt with its errors, each rebuilt too', () => {
    class Inner extends Error {
      override name = 'Inner';
      code = 7;
    }
    const original = new AggregateError([new RangeError('r'), new Inner('i'), 'plain'], 'several failed', {
      cause: 'why',
    });
    const copy = roundTrip(original) as AggregateError;
    assert.ok(copy instanceof AggregateError);
    assert.equal(copy.message, 'several failed');
    assert.equal(copy.cause, 'why');
    assert.equal(copy.stack, original.stack);
    assert.equal(copy.errors.length, 3);
    assert.ok(copy.errors[0] instanceof RangeError);
    assert.deepEqual([copy.errors[1].name, copy.errors[1].code], ['Inner', 7]);
    assert.equal(copy.errors[2], 'plain');
    assert.equal(Object.keys(copy).includes('errors'), false, 'errors is not copied over as a plain property');
  });

  test('DOMException is rebuilt as itself, with its name and code', () => {
    const copy = roundTrip(new DOMException('stopped', 'AbortError')) as DOMException;
    assert.ok(copy instanceof DOMException);
    assert.deepEqual([copy.name, copy.message, copy.code], ['AbortError', 'stopped', 20]);
  });
});
