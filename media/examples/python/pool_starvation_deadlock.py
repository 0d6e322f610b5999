"""Pool starvation: tasks that wait on other tasks of the same, full pool hang forever.

Two "parent" tasks fill a 2-worker pool. Each submits a "child" task to the same pool and
blocks on child.result(). A child can only start on a free worker, but both workers are busy
waiting for the children: nothing will ever move again. (Fixes: a separate pool for the
children, more workers than nested waits, or let the parents return and have the caller
submit the follow-up work.)

Without --timeout this program HANGS ON PURPOSE (that is the lesson). Stop it with Ctrl-C --
twice: the first interrupts the wait, the second the exit handler that waits for the stuck
workers. With --timeout SECONDS it gives up after that long, explains, and exits with code 3.

On the Gantt chart, look for:
  * two parent bars that start and never end;
  * two child futures that stay queued forever: submitted, never started, no bar;
  * the caller's result() wait never ending (or ending at the --timeout).

    python3 pool_starvation_deadlock.py [SCALE] [--timeout SECONDS]
"""
import argparse
import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError


def parse_args():
    parser = argparse.ArgumentParser(description="A deadlock: tasks waiting on tasks of the same full pool.")
    parser.add_argument("scale", nargs="?", type=float, default=1.0, help="multiplies every sleep (default 1)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="give up waiting after SECONDS and exit with code 3 (default: wait forever)")
    args = parser.parse_args()
    if args.scale <= 0 or (args.timeout is not None and args.timeout <= 0):
        parser.error("SCALE and --timeout must be positive numbers")
    return args


def child(name):
    return "child of %s done" % name


def parent(name, pool, children, seconds):
    time.sleep(seconds)  # some work of its own first
    future = pool.submit(child, name)  # queued: both workers are busy running parents
    children.append((name, future))
    return future.result()  # blocks this worker forever: the child needs a free worker


def main():
    args = parse_args()
    # No `with` block: leaving it would call shutdown(wait=True), which would hang as well.
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="worker")
    children = []  # (parent name, child future); list.append is thread-safe
    parents = [pool.submit(parent, name, pool, children, 0.1 * args.scale) for name in ("left", "right")]
    print("2 parents submitted to a 2-worker pool; each submits a child to the same pool and waits for it")
    sys.stdout.flush()  # so the line shows up even when the output is a pipe and we hang

    try:
        for future in parents:
            print(future.result(timeout=args.timeout))  # timeout=None: wait forever
    except TimeoutError:
        print("TimeoutError: no parent finished within %g s -- the pool is deadlocked" % args.timeout)
        print("parents still running: %s" % [future.running() for future in parents])
        for name, future in sorted(children, key=lambda pair: pair[0]):
            print("child of %s: running() = %s, done() = %s (queued, waiting for a free worker)"
                  % (name, future.running(), future.done()))
        # os._exit, not sys.exit: a normal exit runs concurrent.futures' exit handler, which joins
        # every worker thread -- and ours are stuck in child.result() forever, so the interpreter
        # would hang at exit. os._exit skips exit handlers and does not flush stdio, hence the flush.
        sys.stdout.flush()
        os._exit(3)


if __name__ == "__main__":
    main()
