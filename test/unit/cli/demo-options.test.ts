/** `npm run demo` options: whether the chart is opened, on which port, for which example (scripts/demo/options.mjs). */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DEFAULT_EXAMPLE, HELP, parseDemoArgs } from '../../../scripts/demo/options.mjs';

const tty = { env: {}, stdoutIsTTY: true };

describe('demo options', () => {
  test('in a terminal, the default records the default example and opens its chart on a free port', () => {
    assert.deepEqual(parseDemoArgs([], tty), {
      help: false,
      example: DEFAULT_EXAMPLE,
      open: true,
      notOpeningBecause: undefined,
      port: 0,
      forceCodeServer: false,
    });
  });

  test('--no-open records only', () => {
    const o = parseDemoArgs(['--no-open'], tty);
    assert.equal(o.open, false);
    assert.equal(o.notOpeningBecause, 'asked with --no-open');
  });

  test('when stdout is not a terminal the chart is not opened unless --open is given', () => {
    const piped = { env: {}, stdoutIsTTY: false };
    assert.equal(parseDemoArgs([], piped).open, false);
    assert.equal(parseDemoArgs([], piped).notOpeningBecause, 'stdout is not a terminal');
    assert.equal(parseDemoArgs(['--open'], piped).open, true);
  });

  test('CI=true does not open the chart unless --open is given; other CI values are not CI=true', () => {
    const ci = { env: { CI: 'true' }, stdoutIsTTY: true };
    assert.equal(parseDemoArgs([], ci).open, false);
    assert.equal(parseDemoArgs([], ci).notOpeningBecause, 'CI=true');
    assert.equal(parseDemoArgs(['--open'], ci).open, true);
    assert.equal(parseDemoArgs([], { env: { CI: 'false' }, stdoutIsTTY: true }).open, true);
  });

  test('--open and --no-open together are refused', () => {
    assert.throws(() => parseDemoArgs(['--open', '--no-open'], tty), /contradict/);
  });

  test('the example path is kept, before or after the flags', () => {
    assert.equal(parseDemoArgs(['media/examples/python/x.py'], tty).example, 'media/examples/python/x.py');
    assert.equal(parseDemoArgs(['--no-open', 'a.ts'], tty).example, 'a.ts');
    assert.throws(() => parseDemoArgs(['a.ts', 'b.ts'], tty), /one example.*a\.ts, b\.ts/);
  });

  test('--port N, --port=N and POOLSCOPE_DEMO_PORT set the port; the flag wins over the variable', () => {
    assert.equal(parseDemoArgs(['--port', '8080'], tty).port, 8080);
    assert.equal(parseDemoArgs(['--port=9000'], tty).port, 9000);
    assert.equal(parseDemoArgs([], { env: { POOLSCOPE_DEMO_PORT: '7000' }, stdoutIsTTY: true }).port, 7000);
    assert.equal(
      parseDemoArgs(['--port', '8080'], { env: { POOLSCOPE_DEMO_PORT: '7000' }, stdoutIsTTY: true }).port,
      8080,
    );
  });

  test('a bad port says which setting is wrong and what is allowed', () => {
    assert.throws(() => parseDemoArgs(['--port', '0'], tty), /--port must be a port number from 1 to 65535, not "0"/);
    assert.throws(() => parseDemoArgs(['--port=80a'], tty), /not "80a"/);
    assert.throws(() => parseDemoArgs(['--port'], tty), /--port needs a value/);
    assert.throws(
      () => parseDemoArgs([], { env: { POOLSCOPE_DEMO_PORT: '70000' }, stdoutIsTTY: true }),
      /POOLSCOPE_DEMO_PORT must be a port number/,
    );
  });

  test('an unknown option is refused with a pointer to --help; --help and --code-server are read', () => {
    assert.throws(
      () => parseDemoArgs(['--opne'], tty),
      (e: Error & { exitCode?: number }) => {
        assert.match(e.message, /Unknown option --opne\. Run `npm run demo -- --help`/);
        assert.equal(e.exitCode, 2);
        return true;
      },
    );
    assert.equal(parseDemoArgs(['-h'], tty).help, true);
    assert.equal(parseDemoArgs(['--code-server'], tty).forceCodeServer, true);
  });

  test('the help text explains every option and why unattended runs do not open the chart', () => {
    for (const flag of [
      '--no-open',
      '--open',
      '--code-server',
      '--port N',
      'POOLSCOPE_DEMO_PORT',
      'CI=true',
      'Ctrl-C',
    ]) {
      assert.ok(HELP.includes(flag), `help mentions ${flag}`);
    }
  });
});
