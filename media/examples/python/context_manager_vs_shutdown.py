"""`with` versus calling shutdown() yourself, with wait=True and wait=False.

Leaving a `with ThreadPoolExecutor(...)` block calls shutdown(wait=True): the caller blocks until
every submitted task, queued ones included, has finished. shutdown(wait=True) by hand does the
same. shutdown(wait=False) returns at once: already-submitted tasks still run (queued ones too,
unless cancel_futures=True), but the pool refuses new work.

On the Gantt chart, look for (each part runs three tasks on two workers, so the third task
starts when the first one ends):
  * parts 1 and 2: the caller's shutdown wait lasting until the last bar ends -- identical shapes;
  * part 3: no shutdown wait at all; the caller carries on while the bars, including the queued
    third one, run to their end.

    python3 context_manager_vs_shutdown.py [SCALE]   # SCALE multiplies every sleep (default 1)
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor, wait


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def step(n, seconds):
    time.sleep(seconds)
    return n * 10


def summary(futures):
    return "done = %s" % [future.done() for future in futures]


def main():
    seconds = 0.2 * read_scale(sys.argv)

    print("1) with-block:")
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="with") as pool:
        futures = [pool.submit(step, n, seconds) for n in range(3)]
    print("  after the with-block: %s" % summary(futures))

    print("2) shutdown(wait=True) by hand:")
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="manual")
    try:
        futures = [pool.submit(step, n, seconds) for n in range(3)]
    finally:
        pool.shutdown(wait=True)  # the `finally` makes sure it runs even if submitting fails
    print("  after shutdown(wait=True): %s" % summary(futures))

    print("3) shutdown(wait=False):")
    pool = ThreadPoolExecutor(max_workers=2, thread_name_prefix="nowait")
    futures = [pool.submit(step, n, seconds) for n in range(3)]
    pool.shutdown(wait=False)
    print("  right after shutdown(wait=False): %s" % summary(futures))
    try:
        pool.submit(step, 3, seconds)
    except RuntimeError as error:
        print("  submitting after shutdown raises RuntimeError: %s" % error)
    wait(futures)  # the tasks were not stopped; wait for them ourselves
    print("  after wait(): %s, results %s" % (summary(futures), [future.result() for future in futures]))


if __name__ == "__main__":
    main()
