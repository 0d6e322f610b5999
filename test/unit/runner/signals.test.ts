// The SIGINT rule of forwardSignals (weakness 10 of the robustness review), with a fake program and witness.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { signalForwarder, type Witness } from '../../../src/runner/signals.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function fakeChild() {
  const sent: string[] = [];
  const child = {
    exitCode: null as number | null,
    signalCode: null as NodeJS.Signals | null,
    kill: (signal?: NodeJS.Signals | number) => {
      sent.push(String(signal));
      return true;
    },
  };
  return { child, sent };
}

function fakeWitnesses() {
  const all: { ended: boolean; stopped: boolean }[] = [];
  const start = (): Witness => {
    const w = { ended: false, stopped: false, stop: () => (w.stopped = true) };
    all.push(w);
    return w;
  };
  return { all, start };
}

test("outside a terminal's foreground group every signal is forwarded at once", () => {
  const { child, sent } = fakeChild();
  const witnesses = fakeWitnesses();
  const f = signalForwarder(child, { keyboardMayHaveSent: () => false, startWitness: witnesses.start });
  f.handle('SIGINT');
  f.handle('SIGTERM');
  f.handle('SIGHUP');
  assert.deepEqual(sent, ['SIGINT', 'SIGTERM', 'SIGHUP']);
  assert.equal(witnesses.all.length, 0, 'no witness needed');
  f.stop();
});

test('SIGINT sent only to the runner in a terminal foreground still reaches the program', async () => {
  const { child, sent } = fakeChild();
  const witnesses = fakeWitnesses();
  const f = signalForwarder(child, { keyboardMayHaveSent: () => true, startWitness: witnesses.start, graceMs: 20 });
  f.handle('SIGINT'); // The witness lives on: the signal was the runner's alone.
  assert.deepEqual(sent, []);
  await sleep(60);
  assert.deepEqual(sent, ['SIGINT']);
  f.stop();
  assert.ok(witnesses.all[0]!.stopped);
});

test('Ctrl+C (a SIGINT to the whole group) is not repeated to the program, and a new witness takes over', async () => {
  const { child, sent } = fakeChild();
  const witnesses = fakeWitnesses();
  const f = signalForwarder(child, { keyboardMayHaveSent: () => true, startWitness: witnesses.start, graceMs: 20 });
  witnesses.all[0]!.ended = true; // The group signal ended the witness, before or after the runner saw it.
  f.handle('SIGINT');
  f.handle('SIGINT'); // A second Ctrl+C of the same burst.
  await sleep(60);
  assert.deepEqual(sent, []);
  assert.equal(witnesses.all.length, 2, 'replaced');
  f.handle('SIGINT'); // Later, a SIGINT to the runner alone.
  await sleep(60);
  assert.deepEqual(sent, ['SIGINT']);
  f.stop();
});

test('no SIGINT is forwarded to a program that already ended, or when no witness could start', async () => {
  const ended = fakeChild();
  const f = signalForwarder(ended.child, {
    keyboardMayHaveSent: () => true,
    startWitness: fakeWitnesses().start,
    graceMs: 10,
  });
  f.handle('SIGINT');
  ended.child.exitCode = 0;
  await sleep(40);
  assert.deepEqual(ended.sent, []);
  f.stop();

  const blind = fakeChild();
  const g = signalForwarder(blind.child, {
    keyboardMayHaveSent: () => true,
    startWitness: () => undefined,
    graceMs: 10,
  });
  g.handle('SIGINT');
  await sleep(40);
  assert.deepEqual(blind.sent, [], "taken to be the keyboard's, the safer guess");
  g.handle('SIGTERM');
  assert.deepEqual(blind.sent, ['SIGTERM']);
  g.stop();
});
