/** The profiled program's processes, seen from outside, to check that Stop really ends them all. */
import { spawnSync } from 'node:child_process';
import { readFileSync, readlinkSync, realpathSync } from 'node:fs';

function pgrep(args: string[]): number[] {
  const out = spawnSync('pgrep', args, { encoding: 'utf8' });
  return out.stdout
    .split('\n')
    .map(Number)
    .filter((pid) => pid > 0 && pid !== process.pid);
}

/**
 * The processes whose command line contains `needle` and that run in `cwd` (the command line may
 * name the script relatively, and other test suites on this machine run the same fixtures), and
 * all their descendants.
 */
export function processTree(needle: string, cwd: string): number[] {
  const found = new Set(pgrep(['-f', needle]).filter((pid) => cwdOf(pid) === realpathSync(cwd)));
  const queue = [...found];
  while (queue.length) {
    for (const child of pgrep(['-P', String(queue.pop())])) {
      if (!found.has(child)) {
        found.add(child);
        queue.push(child);
      }
    }
  }
  return [...found].filter(isAlive).sort((a, b) => a - b);
}

function cwdOf(pid: number): string | undefined {
  try {
    return readlinkSync(`/proc/${pid}/cwd`);
  } catch {
    return undefined;
  }
}

/** Alive and not a zombie: a zombie has ended and only waits for its parent to read its status. */
export function isAlive(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may itself hold spaces.
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
  } catch {
    return false;
  }
}

export function describeProcesses(pids: number[]): string {
  if (pids.length === 0) return '(none)';
  const ps = spawnSync('ps', ['-o', 'pid=,ppid=,stat=,args=', '-p', pids.join(',')], { encoding: 'utf8' });
  return ps.stdout.trim();
}
