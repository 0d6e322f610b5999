import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/** How long the witness's death by a group signal takes to be seen, with room to spare. */
const GRACE_MS = 200;

/**
 * A process in the runner's process group that one forwarded signal ends, with the others ignored:
 * that signal sent to the whole group (Ctrl+C, `kill -INT -<pgid>`, `timeout`) ends it, the same
 * signal sent to the runner alone does not, and no other signal does.
 */
export interface Witness {
  /** True once it has ended (by a group signal, usually). */
  readonly ended: boolean;
  /** The signal that ended it; null while it runs or when it ended some other way. */
  readonly endedBy: NodeJS.Signals | null;
  stop(): void;
}

export interface ForwardOptions {
  /** See GRACE_MS; tests change it. */
  graceMs?: number;
  /**
   * Whether the runner is its terminal's foreground process group, where Ctrl+C and a hang-up reach
   * the program too (default: read from /proc, see below). Decides only when no witness can tell.
   */
  inTerminalForeground?: () => boolean;
  /** Starts the witness of `signal`; undefined when none can run (default: `cat` under `sh`, not on Windows). */
  startWitness?: (signal: NodeJS.Signals) => Witness | undefined;
}

/**
 * Passes the signals that ask a program to stop on to the recorded program, and keeps the runner
 * alive until the program has ended so that its recorder flushes and the `exit` event is written.
 * Returns a function that removes the handlers.
 *
 * The program runs in the runner's process group, so that a terminal treats it as the foreground
 * job it is (it may read the terminal; Ctrl+Z stops it). But then a signal sent to the whole group
 * reaches the program by itself: Ctrl+C and a hang-up in a terminal, `kill -INT -<pgid>`,
 * `timeout` (which signals the runner, then its group). Forwarding it as well would hit the
 * program's handler twice, and a Python program would get a second KeyboardInterrupt in the middle
 * of its cleanup. A signal sent to the runner alone (`kill -INT <pid>`, a supervisor, an IDE) must
 * reach the program, and Node does not say who sent a signal. So for each forwarded signal a
 * witness process (`cat` reading nothing, started with the recording, ignoring the other two
 * signals) shares the group. A signal that went to the whole group ended its witness too: the
 * program got it already and it is not repeated. If the witness is still alive a moment later
 * (GRACE_MS), the signal was the runner's alone: it is forwarded then, so SIGINT, SIGTERM and
 * SIGHUP sent to the runner alone reach the program that much later. A new witness then replaces
 * one that ended. One witness per signal, because a witness that a group SIGINT ended cannot say
 * whether a SIGTERM that followed within the moment went to the group too (review s2 finding 7).
 * Without a witness (it could not start, Windows) or when it ended some other way, a SIGINT or
 * SIGHUP is taken to be the terminal's when the runner is the terminal's foreground group (Linux,
 * from /proc), and everything else is forwarded at once.
 * Known gap: a signal to the runner alone within that moment after the same signal went to the
 * group is taken to be part of it.
 */
export function forwardSignals(child: ChildProcess, options: ForwardOptions = {}): () => void {
  const forwarder = signalForwarder(child, options);
  const handlers = FORWARDED.map((signal) => {
    const handler = () => forwarder.handle(signal);
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => {
    handlers.forEach((off) => off());
    forwarder.stop();
  };
}

/** The decisions of `forwardSignals`, apart from process.on, for tests. */
export function signalForwarder(
  child: Pick<ChildProcess, 'kill' | 'exitCode' | 'signalCode'>,
  options: ForwardOptions = {},
): { handle(signal: NodeJS.Signals): void; stop(): void } {
  const graceMs = options.graceMs ?? GRACE_MS;
  const foreground = options.inTerminalForeground ?? inTerminalForeground;
  const startWitness = options.startWitness ?? startCatWitness;
  const timers = new Set<NodeJS.Timeout>();
  const running = () => child.exitCode === null && child.signalCode === null;
  /** The guess without a witness: only a terminal sends SIGINT and SIGHUP to the whole group. */
  const groupGotIt = (signal: NodeJS.Signals) => (signal === 'SIGINT' || signal === 'SIGHUP') && foreground();
  let stopped = false;
  const witnesses = new Map(FORWARDED.map((signal) => [signal, startWitness(signal)]));
  return {
    handle(signal) {
      const seen = witnesses.get(signal);
      if (!seen) {
        if (!groupGotIt(signal)) child.kill(signal);
        return;
      }
      const timer = setTimeout(() => {
        timers.delete(timer);
        const alone = !seen.ended || (seen.endedBy !== signal && !groupGotIt(signal));
        if (running() && alone) child.kill(signal);
        // A witness that ended is replaced only now, so every signal of the same burst (a group
        // signal seen before or after its witness died) is judged by the same witness.
        if (seen.ended && witnesses.get(signal) === seen && !stopped) witnesses.set(signal, startWitness(signal));
      }, graceMs);
      timers.add(timer);
    },
    stop() {
      stopped = true;
      timers.forEach((timer) => clearTimeout(timer));
      timers.clear();
      witnesses.forEach((witness) => witness?.stop());
    },
  };
}

function startCatWitness(signal: NodeJS.Signals): Witness | undefined {
  // Windows has no process groups to signal, nor a `cat`.
  if (process.platform === 'win32') return undefined;
  const others = FORWARDED.filter((other) => other !== signal).map((other) => other.slice(3));
  let proc: ChildProcess;
  try {
    // spawn resets signal actions to their defaults in the child: `signal` ends it. The others are
    // ignored, and an ignored signal stays ignored across exec.
    proc = spawn('/bin/sh', ['-c', `trap '' ${others.join(' ')}; exec cat`], { stdio: ['pipe', 'ignore', 'ignore'] });
  } catch {
    return undefined;
  }
  if (proc.pid === undefined) {
    proc.on('error', () => undefined);
    return undefined;
  }
  let ended = false;
  let endedBy: NodeJS.Signals | null = null;
  proc.on('error', () => undefined);
  proc.once('exit', (_code, signal) => {
    ended = true;
    endedBy = signal;
  });
  // It must never keep the runner alive; if the runner dies, its stdin closes and it ends.
  proc.unref();
  (proc.stdin as { unref?: () => void } | null)?.unref?.();
  return {
    get ended() {
      return ended;
    },
    get endedBy() {
      return endedBy;
    },
    stop() {
      if (!ended) proc.kill('SIGKILL');
    },
  };
}

/**
 * True when the runner is in its terminal's foreground process group, so a Ctrl+C there may have
 * reached the program as well. Only Linux says so cheaply (/proc); elsewhere false.
 */
function inTerminalForeground(): boolean {
  let stat: string;
  try {
    stat = readFileSync('/proc/self/stat', 'utf8');
  } catch {
    return false;
  }
  // The command name (2nd field) may hold spaces and parentheses: the fields that follow start after the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const [pgrp, tty, foreground] = [Number(fields[2]), Number(fields[4]), Number(fields[5])];
  return tty !== 0 && foreground > 0 && foreground === pgrp;
}

/** The exit status a shell gives a process: its code, or 128 + the signal number when a signal ended it. */
export function exitStatusOf(code: number | null, signal: NodeJS.Signals | null): number {
  if (signal) return 128 + (constants.signals[signal] ?? 0);
  return code ?? 1;
}
