"""Exceptions inside tasks: nothing is raised until someone asks for the result.

A task that raises does not crash the pool or the caller. The exception is stored in its
future: result() raises it again in the caller, exception() returns it without raising, and
map() raises it when iteration reaches that task's position -- results after it are lost to
the loop even though those tasks ran (map cancels only the tasks that had not started yet).

On the Gantt chart, look for:
  * in each round, the failing task's bar ending like the others but marked as failed;
  * in the map round, the third bar completing normally although the caller never gets its
    result: the loop stopped at the second position.

    python3 exception_handling.py [SCALE]   # SCALE multiplies every sleep (default 1)
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor

INPUTS = ["10", "oops", "30"]


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def parse(text, seconds):
    time.sleep(seconds)
    return int(text)  # int("oops") raises ValueError inside the worker


def main():
    scale = read_scale(sys.argv)
    delays = [0.2 * scale] * len(INPUTS)
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="parser") as pool:
        print("1) result() re-raises the task's exception in the caller:")
        futures = [pool.submit(parse, text, delay) for text, delay in zip(INPUTS, delays)]
        for text, future in zip(INPUTS, futures):
            try:
                print("  %r -> %d" % (text, future.result()))
            except ValueError as error:
                print("  %r -> raised %s: %s" % (text, type(error).__name__, error))

        print("2) exception() returns it instead (None when the task succeeded):")
        for text, future in zip(INPUTS, futures):
            error = future.exception()  # waits for the task, like result(), but never raises
            print("  %r -> %s" % (text, "None" if error is None else "%s: %s" % (type(error).__name__, error)))

        print("3) map() raises at the failing position and the loop ends there:")
        received = []
        try:
            for value in pool.map(parse, INPUTS, delays):
                received.append(value)
                print("  got %d" % value)
        except ValueError as error:
            print("  raised at position %d: %s: %s" % (len(received), type(error).__name__, error))
        print("  results the loop received: %s (the task for '30' ran, but its result was never delivered)"
              % received)


if __name__ == "__main__":
    main()
