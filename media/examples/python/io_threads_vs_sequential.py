"""I/O-bound work: a plain loop versus a ThreadPoolExecutor.

Each "download" only waits (time.sleep stands in for the network), and a waiting thread
releases the GIL, so three threads wait at the same time and the pool finishes in about a
third of the loop's time.

On the Gantt chart, look for:
  * an empty stretch before the first bar: that is the plain loop. Plain calls are not
    futures, so they draw no bars -- only the time they took;
  * then six bars on three worker lanes, three at a time, side by side: two "waves" whose
    total width is about a third of the empty stretch.

    python3 io_threads_vs_sequential.py [SCALE]   # SCALE multiplies every sleep (default 1)
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor

PAGES = ["home", "about", "blog", "docs", "faq", "shop"]


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def download(page, seconds):
    time.sleep(seconds)  # waiting on "the network": the GIL is free meanwhile
    return "%s: %d bytes" % (page, 1000 + 111 * len(page))


def main():
    delay = 0.2 * read_scale(sys.argv)

    start = time.perf_counter()
    sequential = [download(page, delay) for page in PAGES]
    loop_seconds = time.perf_counter() - start

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="downloader") as pool:
        # map() keeps submission order, so both lists come out identical.
        threaded = list(pool.map(download, PAGES, [delay] * len(PAGES)))
    pool_seconds = time.perf_counter() - start

    print("sequential loop:")
    for line in sequential:
        print("  " + line)
    print("thread pool (3 workers):")
    for line in threaded:
        print("  " + line)
    print("same results: %s" % (sequential == threaded))
    print("time: sequential loop %.2f s, thread pool %.2f s (%.1fx faster)"
          % (loop_seconds, pool_seconds, loop_seconds / pool_seconds))


if __name__ == "__main__":
    main()
