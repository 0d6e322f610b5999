"""CPU-bound work on threads versus processes: the GIL made visible.

The same four pure-Python loops run on a 2-thread pool, then on a 2-process pool. Only one
thread can hold the GIL at a time, so the two threads take turns: their bars overlap, but each
is about twice as long as the work needs. Processes each have their own interpreter (and GIL),
so with two free cores their bars are short and truly side by side.

On the Gantt chart, look for:
  * thread pool: two lanes busy together, yet every bar is ~2x the length of a process bar;
    the whole block is as wide as running the four tasks one after another;
  * process pool: the same four tasks, bars about half as long, the block about half as wide
    (if the machine has two idle cores -- on a busy machine the gap shrinks).

    python3 cpu_threads_vs_processes.py [SCALE]   # SCALE multiplies the loop sizes (default 1)
"""
import sys
import time
from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def sum_of_squares(n):
    # A pure-Python loop holds the GIL for its whole run (no I/O, no C code releasing it).
    total = 0
    for i in range(n):
        total += i * i
    return total


def run(pool_class, sizes):
    start = time.perf_counter()
    with pool_class(max_workers=2) as pool:
        results = list(pool.map(sum_of_squares, sizes))
    return results, time.perf_counter() - start


def main():
    scale = read_scale(sys.argv)
    sizes = [int(n * scale) for n in (2_000_000, 2_200_000, 2_400_000, 2_600_000)]

    thread_results, thread_seconds = run(ThreadPoolExecutor, sizes)
    process_results, process_seconds = run(ProcessPoolExecutor, sizes)

    for size, value in zip(sizes, thread_results):
        print("sum of squares below %d = %d" % (size, value))
    print("threads and processes agree: %s" % (thread_results == process_results))
    print("time: 2 threads %.2f s, 2 processes %.2f s" % (thread_seconds, process_seconds))


if __name__ == "__main__":
    main()
