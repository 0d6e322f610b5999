import type { ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { constants } from 'node:os';

const FORWARDED: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

/**
 * Passes the signals that ask a program to stop on to the recorded program, and keeps the runner
 * alive until the program has ended so that its recorder flushes and the `exit` event is written.
 * Returns a function that removes the handlers.
 */
export function forwardSignals(child: ChildProcess): () => void {
  const handlers = FORWARDED.map((signal) => {
    const handler = () => {
      if (signal === 'SIGINT' && keyboardReachedProgram()) return;
      child.kill(signal);
    };
    process.on(signal, handler);
    return () => process.off(signal, handler);
  });
  return () => handlers.forEach((off) => off());
}

/**
 * Ctrl+C in a terminal signals the whole foreground process group, the program included (it is
 * started in the runner's group). Sending it a second SIGINT would hit its handler twice — a
 * Python program would get a second KeyboardInterrupt in the middle of its cleanup. So when the
 * runner is in its terminal's foreground group, the SIGINT is taken to be the keyboard's and not
 * repeated. Only Linux says so cheaply (/proc); elsewhere the signal is always forwarded.
 */
function keyboardReachedProgram(): boolean {
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
