"""ProcessPoolExecutor.map(chunksize=...): many tiny tasks versus a few batches.

Every item sent to a process pool travels to a worker process and back (pickled, through a
pipe). When each item is tiny, that trip costs more than the work. chunksize=10 sends the items
in batches of ten -- one trip per batch -- so the same work finishes sooner. (ThreadPoolExecutor
ignores chunksize: threads share memory, there is no trip to save.)

On the Gantt chart, look for:
  * chunksize=1: a dense comb of very thin bars, one per item, with gaps between them
    (the round trips), on two worker lanes;
  * chunksize=10: a tenth as many bars, each a batch of ten items, packed with fewer gaps;
    the whole block is narrower.
The results are identical; only the "time:" lines differ.

    python3 map_chunksize.py [SCALE]   # SCALE multiplies the number of items (default 1)
"""
import sys
import time
from concurrent.futures import ProcessPoolExecutor


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def checksum(n):
    # A little work per item: much less than the cost of sending it to a process and back.
    return sum(i * n for i in range(200)) % 9973


def run(items, chunksize):
    start = time.perf_counter()
    with ProcessPoolExecutor(max_workers=2) as pool:
        results = list(pool.map(checksum, items, chunksize=chunksize))
    return results, time.perf_counter() - start


def main():
    items = range(max(20, int(1000 * read_scale(sys.argv))))
    one_by_one, one_seconds = run(items, chunksize=1)
    batched, batch_seconds = run(items, chunksize=10)

    print("items: %d" % len(items))
    print("chunksize=1:  %d results, total %d" % (len(one_by_one), sum(one_by_one)))
    print("chunksize=10: %d results, total %d" % (len(batched), sum(batched)))
    print("same results in the same order: %s" % (one_by_one == batched))
    print("time: chunksize=1 %.2f s, chunksize=10 %.2f s" % (one_seconds, batch_seconds))


if __name__ == "__main__":
    main()
