"""wait(FIRST_COMPLETED) returns as soon as one future is done; ALL_COMPLETED waits for the rest.

wait() returns two sets, (done, not_done). Sets have no order, so this program sorts the
names before printing them.

On the Gantt chart, look for:
  * three bars starting together on three worker lanes;
  * the caller's first wait ending exactly where the shortest bar ("ping") ends;
  * the second wait, over the two futures still pending, ending with the longest bar ("backup").

    python3 wait_first_completed.py [SCALE]   # SCALE multiplies every sleep (default 1)
"""
import sys
import time
from concurrent.futures import ALL_COMPLETED, FIRST_COMPLETED, ThreadPoolExecutor, wait


def read_scale(argv):
    try:
        scale = float(argv[1]) if len(argv) > 1 else 1.0
    except ValueError:
        scale = 0.0
    if scale <= 0:
        sys.exit("usage: python3 %s [SCALE]  (SCALE > 0 multiplies every duration)" % argv[0])
    return scale


def job(name, seconds):
    time.sleep(seconds)
    return name


def main():
    scale = read_scale(sys.argv)
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="job") as pool:
        name_of = {}  # future -> job name, to name the futures that are not done yet
        for name, seconds in [("backup", 0.6), ("ping", 0.2), ("report", 0.4)]:
            name_of[pool.submit(job, name, seconds * scale)] = name

        def names(futures):
            return ", ".join(sorted(name_of[future] for future in futures))

        done, not_done = wait(name_of, return_when=FIRST_COMPLETED)
        print("FIRST_COMPLETED: done = [%s], not done = [%s]" % (names(done), names(not_done)))

        done, not_done = wait(not_done, return_when=ALL_COMPLETED)
        print("ALL_COMPLETED over the rest: done = [%s], not done = [%s]" % (names(done), names(not_done)))


if __name__ == "__main__":
    main()
