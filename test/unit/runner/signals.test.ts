// The forwarding rule of forwardSignals (weakness 10 of the robustness review, audit B5), with a fake program and witness.
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

interface FakeWitness extends Witness {
  ended: boolean;
  endedBy: NodeJS.Signals | null;
  stopped: boolean;
  /** The signal it witnesses: the only one that ends it. */
  of: NodeJS.Signals;
}

function fakeWitnesses() {
  const all: FakeWitness[] = [];
  const start = (of: NodeJS.Signals): Witness => {
    const w: FakeWitness = { ended: false, endedBy: null, stopped: false, of, stop: () => (w.stopped = true) };
    all.push(w);
    return w;
  };
  /** What a signal sent to the whole process group does to the witnesses: it ends its own. */
  const group = (signal: NodeJS.Signals) => {
    for (const w of all.filter((w) => w.of === signal && !w.ended)) {
      w.ended = true;
      w.endedBy = signal;
    }
  };
  return { all, start, group };
}

test('without a witness and outside a terminal foreground every signal is forwarded at once', () => {
  const { child, sent } = fakeChild();
  const f = signalForwarder(child, { inTerminalForeground: () => false, startWitness: () => undefined });
  f.handle('SIGINT');
  f.handle('SIGTERM');
  f.handle('SIGHUP');
  assert.deepEqual(sent, ['SIGINT', 'SIGTERM', 'SIGHUP']);
  f.stop();
});

test("without a witness in a terminal foreground, SIGINT and SIGHUP are taken to be the terminal's", () => {
  const { child, sent } = fakeChild();
  const f = signalForwarder(child, { inTerminalForeground: () => true, startWitness: () => undefined, graceMs: 10 });
  f.handle('SIGINT');
  f.handle('SIGHUP');
  assert.deepEqual(sent, [], 'the safer guess: the terminal signalled the program too');
  f.handle('SIGTERM');
  assert.deepEqual(sent, ['SIGTERM']);
  f.stop();
});

test('a signal sent only to the runner reaches the program, in a terminal or not', async () => {
  for (const foreground of [true, false]) {
    const { child, sent } = fakeChild();
    const witnesses = fakeWitnesses();
    const f = signalForwarder(child, {
      inTerminalForeground: () => foreground,
      startWitness: witnesses.start,
      graceMs: 20,
    });
    f.handle('SIGINT'); // The witnesses live on: the signal was the runner's alone.
    f.handle('SIGTERM');
    f.handle('SIGHUP');
    assert.deepEqual(sent, []);
    await sleep(60);
    assert.deepEqual(sent, ['SIGINT', 'SIGTERM', 'SIGHUP']);
    assert.deepEqual(
      witnesses.all.map((w) => w.of),
      ['SIGINT', 'SIGTERM', 'SIGHUP'],
      'one witness per signal, and the same ones go on',
    );
    f.stop();
    assert.ok(witnesses.all.every((w) => w.stopped));
  }
});

test('Ctrl+C (a SIGINT to the whole group) is not repeated to the program, and a new witness takes over', async () => {
  const { child, sent } = fakeChild();
  const witnesses = fakeWitnesses();
  const f = signalForwarder(child, { inTerminalForeground: () => true, startWitness: witnesses.start, graceMs: 20 });
  witnesses.group('SIGINT'); // The group signal ended the witness, before or after the runner saw it.
  f.handle('SIGINT');
  f.handle('SIGINT'); // A second Ctrl+C of the same burst.
  await sleep(60);
  assert.deepEqual(sent, []);
  assert.equal(witnesses.all.length, 4, 'replaced');
  assert.equal(witnesses.all[3]!.of, 'SIGINT');
  f.handle('SIGINT'); // Later, a SIGINT to the runner alone.
  await sleep(60);
  assert.deepEqual(sent, ['SIGINT']);
  f.stop();
});

test('B5: a group signal outside a terminal (timeout -s INT: the runner, then its group) reaches the program once', async () => {
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    const { child, sent } = fakeChild();
    const witnesses = fakeWitnesses();
    const f = signalForwarder(child, { inTerminalForeground: () => false, startWitness: witnesses.start, graceMs: 20 });
    f.handle(signal); // timeout's kill(runner)…
    witnesses.group(signal); // …then kill(0): the group, the program included…
    f.handle(signal); // …and the runner once more.
    await sleep(60);
    assert.deepEqual(sent, [], `${signal} is not repeated`);
    assert.equal(witnesses.all.length, 4, 'replaced');
    f.stop();
  }
});

test('a witness ended by another signal does not hide a signal sent to the runner alone', async () => {
  const { child, sent } = fakeChild();
  const witnesses = fakeWitnesses();
  const f = signalForwarder(child, { inTerminalForeground: () => false, startWitness: witnesses.start, graceMs: 20 });
  witnesses.group('SIGTERM'); // Someone sent SIGTERM to the group meanwhile…
  f.handle('SIGINT'); // …and SIGINT to the runner alone.
  f.handle('SIGTERM');
  await sleep(60);
  assert.deepEqual(sent, ['SIGINT']);
  f.stop();
});

test('no signal is forwarded to a program that already ended', async () => {
  const ended = fakeChild();
  const f = signalForwarder(ended.child, {
    inTerminalForeground: () => false,
    startWitness: fakeWitnesses().start,
    graceMs: 10,
  });
  f.handle('SIGINT');
  ended.child.exitCode = 0;
  await sleep(40);
  assert.deepEqual(ended.sent, []);
  f.stop();
});

test('review s2 finding 7: two different signals sent to the group within the moment each reach the program once', async () => {
  const { child, sent } = fakeChild();
  const witnesses = fakeWitnesses();
  const f = signalForwarder(child, { inTerminalForeground: () => false, startWitness: witnesses.start, graceMs: 20 });
  witnesses.group('SIGINT'); // kill -INT -<pgid>…
  f.handle('SIGINT');
  witnesses.group('SIGTERM'); // …and kill -TERM -<pgid> right after.
  f.handle('SIGTERM');
  await sleep(60);
  assert.deepEqual(sent, [], 'the program got both from the group already');
  f.handle('SIGHUP'); // A SIGHUP to the runner alone is still forwarded.
  await sleep(60);
  assert.deepEqual(sent, ['SIGHUP']);
  f.stop();
});
