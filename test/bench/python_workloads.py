"""One Python benchmark workload: `python3 python_workloads.py CASE` prints
{"seconds": WALL, "cpuSeconds": CPU}.

WALL is the wall time of the pool work alone (time.perf_counter from before the executor is made
to after its `with` block has shut it down): interpreter start-up, imports and, when recorded,
the tracer's activation are outside it. CPU is the CPU time (user + system) the pool work took in
this process and in the worker processes it ended (they are reaped when the `with` block ends):
on a busy machine it moves less than the wall time. test/bench/python.bench.mjs runs every case
untraced and under `poolscope record`, interleaved, and compares the two.
"""
import json
import resource
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor

PROCESS_WORKERS = 2


def noop():
    return None


def small(x):
    # A few microseconds of real work: the pool's own cost dominates, as in most small-task code.
    return sum(range(x % 50))


def nap():
    time.sleep(0.001)


def thread_noop():
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(noop) for _ in range(20000)]
        for future in futures:
            future.result()


def thread_sleep():
    with ThreadPoolExecutor(8) as pool:
        futures = [pool.submit(nap) for _ in range(2000)]
        for future in futures:
            future.result()


def process_small():
    with ProcessPoolExecutor(PROCESS_WORKERS) as pool:
        futures = [pool.submit(small, i) for i in range(2000)]
        for future in futures:
            future.result()


def process_map_chunk1():
    with ProcessPoolExecutor(PROCESS_WORKERS) as pool:
        for _ in pool.map(small, range(2000), chunksize=1):
            pass


def process_map_chunk100():
    with ProcessPoolExecutor(PROCESS_WORKERS) as pool:
        for _ in pool.map(small, range(100000), chunksize=100):
            pass


CASES = {
    "thread-noop": thread_noop,
    "thread-sleep": thread_sleep,
    "process-small": process_small,
    "process-map-chunk1": process_map_chunk1,
    "process-map-chunk100": process_map_chunk100,
}


def main():
    if len(sys.argv) != 2 or sys.argv[1] not in CASES:
        sys.stderr.write("usage: python_workloads.py {%s}\n" % ",".join(sorted(CASES)))
        return 2
    work = CASES[sys.argv[1]]
    cpu_start = _cpu_seconds()
    start = time.perf_counter()
    work()
    seconds = time.perf_counter() - start
    cpu = _cpu_seconds() - cpu_start
    sys.stdout.write(json.dumps({"seconds": seconds, "cpuSeconds": cpu}) + "\n")
    return 0


def _cpu_seconds():
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


if __name__ == "__main__":
    sys.exit(main())
