"""add_done_callback(): who runs the callback, and when.

A callback added while the task is pending runs in the worker thread that finished the task,
right after it sets the result. A callback added to a future that is already done runs at once,
in the thread that adds it -- here the main thread. A failed task calls its callbacks too:
check future.exception() in the callback rather than letting result() raise there (an exception
escaping a callback is only logged, never raised to anyone).

On the Gantt chart, look for:
  * three bars ending at 1/3, 2/3 and 3/3 of the first part; each callback fires at the end of
    its bar, on that bar's worker lane, in completion order;
  * the late callback, well after every bar has ended, on the main thread.

    python3 done_callbacks.py [SCALE]   # SCALE multiplies every sleep (default 1)
"""
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def resize(image, seconds, gate):
    gate.wait()
    time.sleep(seconds)
    if image == "corrupt.png":
        raise ValueError("cannot decode %s" % image)
    return "%s resized" % image


def which_thread():
    return "main thread" if threading.current_thread() is threading.main_thread() else "a worker thread"


def report(future):
    # Called with the finished future as its only argument.
    error = future.exception()
    outcome = "failed: %s" % error if error else future.result()
    print("callback (in %s): %s" % (which_thread(), outcome))


def main():
    scale = read_scale(sys.argv)
    jobs = [("cat.png", 0.6), ("corrupt.png", 0.2), ("dog.png", 0.4)]
    # The gate holds the tasks until every callback is attached. Without it, on a very slow
    # machine a task could finish first, and its callback would then run in the main thread --
    # exactly what the second part shows on purpose.
    gate = threading.Event()
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="resizer") as pool:
        futures = [pool.submit(resize, image, seconds * scale, gate) for image, seconds in jobs]
        for future in futures:
            future.add_done_callback(report)
        print("main: callbacks added to %d pending futures; not waiting on them" % len(futures))
        gate.set()
    # Leaving the `with` block joined the workers, and a worker runs a future's callbacks before
    # it takes its next task: every callback above has run by now.
    print("main: pool shut down")

    print("main: adding a callback to a future that is already done")
    futures[0].add_done_callback(report)  # runs right here, before the next line
    print("main: add_done_callback returned")


if __name__ == "__main__":
    main()
