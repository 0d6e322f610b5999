"""Timeouts give up waiting; they do not stop the task.

result(timeout=...) and as_completed(timeout=...) raise TimeoutError when the time is up, but
the task keeps running in its worker: a thread cannot be interrupted from outside. Later the
same future completes normally and its result is still there to collect.

On the Gantt chart, look for:
  * part 1: the caller's wait ending early (the timeout) while the "report" bar carries on to
    its normal end; a second wait then picks up the result where the bar ends;
  * part 2: as_completed yields "thumbnail" at the end of its short bar, gives up before the
    "video" bar ends, and that bar still runs to completion.

    python3 timeouts.py [SCALE]   # SCALE multiplies every sleep and timeout (default 1)
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor, TimeoutError, as_completed


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def render(name, seconds):
    time.sleep(seconds)
    return "%s rendered" % name


def main():
    scale = read_scale(sys.argv)
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="renderer") as pool:
        print("1) result(timeout=...) on a task that takes longer:")
        report = pool.submit(render, "report", 0.8 * scale)
        try:
            print("  " + report.result(timeout=0.3 * scale))
        except TimeoutError:
            # concurrent.futures.TimeoutError (the builtin TimeoutError since Python 3.11)
            print("  TimeoutError; the task is still running: running() = %s" % report.running())
        print("  waiting again without a timeout -> %s" % report.result())

        print("2) as_completed(timeout=...) over a quick and a slow task:")
        video = pool.submit(render, "video", 0.7 * scale)
        thumbnail = pool.submit(render, "thumbnail", 0.1 * scale)
        try:
            for future in as_completed([video, thumbnail], timeout=0.3 * scale):
                print("  " + future.result())
        except TimeoutError as error:
            print("  TimeoutError: %s" % error)
        print("  video done() right after the timeout: %s" % video.done())
        print("  video finishes anyway -> %s" % video.result())


if __name__ == "__main__":
    main()
