"""The floor under any pure-Python tracer of thread pools: `python3 python_floor.py MODE` runs the
thread-noop workload of python_workloads.py (20k no-op tasks on ThreadPoolExecutor(4)) with the
cheapest hooks a tracer could have, and prints {"seconds": WALL} of the pool work.

MODE:
  off      no hooks: the baseline;
  call     a Python wrapper around the work item's run() that only calls through (one frame a task);
  minimal  what a tracer must do at least: a clock reading at submit, start and end, kept as tuples
           in a deque (no lines formatted, nothing written, no call site, no argument preview).

Poolscope's tracer does all of `minimal` plus the rest of the issue (lines, sites, previews, waits,
callbacks); python-floor.bench.mjs runs the three modes side by side to show how much of its cost
no pure-Python design can avoid.
"""
import json
import sys
import time
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures import thread as pool_module


def install(mode):
    work_item = pool_module._WorkItem
    original_init, original_run = work_item.__init__, work_item.run
    if mode == "call":

        def run(self):
            original_run(self)

        work_item.run = run
    elif mode == "minimal":
        clock = time.perf_counter_ns
        append = deque().append

        def __init__(self, future, fn, args, kwargs):
            original_init(self, future, fn, args, kwargs)
            append(clock())

        def run(self):
            started = clock()
            original_run(self)
            append((started, clock()))

        work_item.__init__ = __init__
        work_item.run = run


def noop():
    return None


def main():
    mode = sys.argv[1] if len(sys.argv) == 2 else ""
    if mode not in ("off", "call", "minimal"):
        sys.stderr.write("usage: python_floor.py {off,call,minimal}\n")
        return 2
    if mode != "off":
        install(mode)
    start = time.perf_counter()
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(noop) for _ in range(20000)]
        for future in futures:
            future.result()
    print(json.dumps({"seconds": time.perf_counter() - start}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
