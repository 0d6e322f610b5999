import { execFile } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/**
 * Ending a profiled program and everything it started (pool worker processes included). The
 * program runs in a process group of its own (spawned detached), so one signal to `-pgid` reaches
 * the whole tree, the way Ctrl+C in a terminal does. SIGINT comes first, so the program can run its
 * cleanup and flush its recording (Python raises KeyboardInterrupt, `with` blocks shut their pools
 * down); what is still alive then gets SIGTERM, and finally SIGKILL, all within STOP_BUDGET_MS.
 * Pure apart from the injected `kill`, so the plan is tested without processes.
 */

/** The promise: everything is gone this long after the stop. */
export const STOP_BUDGET_MS = 2000;

export interface StopStep {
  /** Milliseconds after the stop began. */
  atMs: number;
  signal: NodeJS.Signals;
}

export const POSIX_STOP_PLAN: readonly StopStep[] = [
  { atMs: 0, signal: 'SIGINT' },
  { atMs: 800, signal: 'SIGTERM' },
  { atMs: 1500, signal: 'SIGKILL' },
];

export interface StopDeps {
  /** process.kill: a negative pid names a process group; signal 0 only tests that it exists. */
  kill(pid: number, signal: NodeJS.Signals | 0): void;
  sleep(ms: number): Promise<void>;
  platform: NodeJS.Platform;
  /** Windows: ends a process and its children (taskkill /T /F). */
  killTree?(pid: number): Promise<void>;
  /** Whether anything of the group still runs; default groupAlive. */
  alive?(pgid: number): boolean;
}

export interface StopOutcome {
  /** The signals that were sent, in order (empty when the group was already gone). */
  sent: NodeJS.Signals[];
  /** True when something of the group was still there after the last step. */
  survived: boolean;
}

/** The states (R, S, Z…) of the processes in group `pgid`, from /proc; undefined without /proc. */
export function linuxGroupStates(pgid: number): string[] | undefined {
  let pids: string[];
  try {
    pids = readdirSync('/proc').filter((name) => /^\d+$/.test(name));
  } catch {
    return undefined;
  }
  const states: string[] = [];
  for (const pid of pids) {
    let stat: string;
    try {
      stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    } catch {
      continue; // It ended while we looked.
    }
    // The command name may hold spaces and parentheses: the fields after it start after the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(fields[2]) === pgid) states.push(fields[0]!);
  }
  return states;
}

const defaultDeps: StopDeps = {
  kill: (pid, signal) => process.kill(pid, signal),
  sleep: (ms) => new Promise((done) => setTimeout(done, ms)),
  platform: process.platform,
  killTree: (pid) =>
    new Promise((done) => {
      execFile('taskkill', ['/pid', String(pid), '/T', '/F'], { windowsHide: true }, () => done());
    }),
};

/**
 * Whether anything of process group `pgid` still runs. On Linux /proc tells, and dead processes
 * that nobody has reaped yet (zombies: an orphaned pool worker whose new parent is slow to wait for
 * it) do not count; elsewhere signal 0 answers, zombies included.
 */
export function groupAlive(pgid: number): boolean {
  const members = linuxGroupStates(pgid);
  if (members) return members.some((state) => state !== 'Z' && state !== 'X');
  return signalAlive(pgid, (pid, signal) => process.kill(pid, signal));
}

/** Whether signal 0 reaches group `pgid`. */
export function signalAlive(pgid: number, kill: StopDeps['kill']): boolean {
  try {
    kill(-pgid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else — still there as far as a stop is concerned.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Stops process group `pgid` (the pid of a detached child). Resolves when the group is gone or the
 * plan is spent. Each signal goes only to a group that is still there, so a program that exits on
 * SIGINT never sees a SIGTERM.
 */
export async function stopProcessTree(
  pgid: number,
  deps: Partial<StopDeps> = {},
  plan: readonly StopStep[] = POSIX_STOP_PLAN,
): Promise<StopOutcome> {
  const d = { ...defaultDeps, ...deps };
  // An injected `kill` (tests) decides liveness too, unless `alive` is given.
  const alive = d.alive ?? (deps.kill ? (id: number) => signalAlive(id, d.kill) : groupAlive);
  if (d.platform === 'win32') {
    // No process groups or SIGINT for a console-less child: end the tree at once.
    await d.killTree?.(pgid);
    return { sent: ['SIGKILL'], survived: false };
  }
  const sent: NodeJS.Signals[] = [];
  let elapsed = 0;
  for (const step of plan) {
    // Wait for the step in small slices, to return as soon as the group is gone.
    while (elapsed < step.atMs) {
      if (!alive(pgid)) return { sent, survived: false };
      const slice = Math.min(50, step.atMs - elapsed);
      await d.sleep(slice);
      elapsed += slice;
    }
    if (!alive(pgid)) return { sent, survived: false };
    try {
      d.kill(-pgid, step.signal);
      sent.push(step.signal);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ESRCH') return { sent, survived: false };
      throw error;
    }
  }
  // SIGKILL cannot be refused; give the kernel a moment to take the processes down.
  for (let waited = 0; waited < STOP_BUDGET_MS - elapsed; waited += 50) {
    if (!alive(pgid)) return { sent, survived: false };
    await d.sleep(50);
  }
  return { sent, survived: alive(pgid) };
}
