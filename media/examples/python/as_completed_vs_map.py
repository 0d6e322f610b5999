"""as_completed() yields futures as they finish; map() yields results in submission order.

The same three orders (slow espresso, quick tea, medium latte) run twice on a 3-worker pool.
map() hands back espresso first, so the quick tea waits behind it; as_completed() hands each
one back the moment it is ready.

On the Gantt chart, look for:
  * two rounds with identical bars: the pool does the same work both times;
  * round 1 (map): the caller gets all three results at the end of the longest bar;
  * round 2 (as_completed): the caller gets each result at the end of its own bar.
The "time:" lines print when each result reached the caller.

    python3 as_completed_vs_map.py [SCALE]   # SCALE multiplies every sleep (default 1)
"""
import sys
import time
from concurrent.futures import ThreadPoolExecutor, as_completed

ORDERS = [("espresso", 0.5), ("tea", 0.1), ("latte", 0.3)]


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def brew(drink, seconds):
    time.sleep(seconds)
    return drink


def main():
    scale = read_scale(sys.argv)
    drinks = [drink for drink, _ in ORDERS]
    seconds = [base * scale for _, base in ORDERS]

    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="barista") as pool:
        print("map (submission order):")
        start = time.perf_counter()
        arrivals = []
        for drink in pool.map(brew, drinks, seconds):
            arrivals.append(time.perf_counter() - start)
            print("  " + drink)
        print("time: map results arrived at %s s" % " ".join("%.2f" % t for t in arrivals))

        print("as_completed (completion order):")
        start = time.perf_counter()
        arrivals = []
        futures = [pool.submit(brew, drink, s) for drink, s in zip(drinks, seconds)]
        for future in as_completed(futures):
            arrivals.append(time.perf_counter() - start)
            print("  " + future.result())
        print("time: as_completed results arrived at %s s" % " ".join("%.2f" % t for t in arrivals))


if __name__ == "__main__":
    main()
