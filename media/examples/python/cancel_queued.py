"""cancel() only works on futures still waiting in the queue; shutdown(cancel_futures=True)
cancels every queued one at once.

A 1-worker pool runs one task at a time, so the later submissions sit in its queue. cancel()
on one of those succeeds and it never runs; cancel() on the running task fails (returns False)
and the task completes normally.

On the Gantt chart, look for:
  * part 1: one worker lane with a "wash" bar, then a "fold" bar right after it; "dry" and
    "iron" were cancelled in the queue, so they never get a bar, only a cancelled mark;
  * part 2: one "sweep" bar; the three tasks queued behind it end as cancelled the moment
    shutdown is called, without ever starting.

    python3 cancel_queued.py [SCALE]   # SCALE multiplies every sleep (default 1)
"""
import sys
import threading
import time
from concurrent.futures import CancelledError, ThreadPoolExecutor


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def chore(name, seconds, started=None):
    if started is not None:
        started.set()  # lets the caller know this task is now running, not queued
    time.sleep(seconds)
    return name + " done"


def state(future):
    if future.cancelled():
        return "cancelled"
    return future.result() if future.done() else "pending"


def main():
    scale = read_scale(sys.argv)

    print("1) cancel() on queued and running futures (max_workers=1):")
    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="chores") as pool:
        started = threading.Event()
        wash = pool.submit(chore, "wash", 0.4 * scale, started)
        chores = [("wash", wash)]
        chores += [(name, pool.submit(chore, name, 0.2 * scale)) for name in ("dry", "iron", "fold")]
        started.wait()  # "wash" is now running; the others are queued behind it
        for name, future in chores[:3]:
            print("  cancel(%s) -> %s" % (name, future.cancel()))
        try:
            chores[1][1].result()
        except CancelledError:
            print("  result() of a cancelled future raises CancelledError")
    for name, future in chores:
        print("  %s: %s" % (name, state(future)))

    print("2) shutdown(cancel_futures=True) cancels everything still queued:")
    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cleanup")
    started = threading.Event()
    tasks = [("sweep", pool.submit(chore, "sweep", 0.3 * scale, started))]
    tasks += [(name, pool.submit(chore, name, 0.2 * scale)) for name in ("mop", "dust", "polish")]
    started.wait()
    if sys.version_info >= (3, 9):
        pool.shutdown(wait=True, cancel_futures=True)
    else:
        # cancel_futures arrived in Python 3.9; cancelling the queued futures by hand is what it does.
        for _, future in tasks:
            future.cancel()
        pool.shutdown(wait=True)
    for name, future in tasks:
        print("  %s: %s" % (name, state(future)))


if __name__ == "__main__":
    main()
