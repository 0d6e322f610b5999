"""submit() returns a Future at once; result() blocks until that one task is done.

Three tasks of different lengths go to a 3-worker pool. submit() does not wait: right after
submitting, no future is done yet. Then the caller asks for the results in submission order,
so it first blocks on the longest task -- and by the time that one is done, the two shorter
ones are already finished and their result() calls return immediately.

On the Gantt chart, look for:
  * three bars starting together, ending at 1/3, 2/3 and 3/3 of the run;
  * the caller's first result() wait stretching to the end of the longest bar ("brew
    espresso"), and the next two waits being instant, because those bars ended earlier.

    python3 submit_and_result.py [SCALE]   # SCALE multiplies every sleep (default 1)
"""
import sys
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


def prepare(item, seconds, size="regular"):
    time.sleep(seconds)
    return "%s %s ready" % (size, item)


def main():
    scale = read_scale(sys.argv)
    with ThreadPoolExecutor(max_workers=3, thread_name_prefix="barista") as pool:
        # submit(fn, *args, **kwargs): keyword arguments are passed through to the task.
        espresso = pool.submit(prepare, "espresso", 0.6 * scale)
        tea = pool.submit(prepare, "tea", 0.2 * scale, size="large")
        latte = pool.submit(prepare, "latte", 0.4 * scale, size="small")
        futures = [("espresso", espresso), ("tea", tea), ("latte", latte)]

        # Checked right after submitting: every task is still sleeping.
        for name, future in futures:
            print("just submitted %s: done() = %s" % (name, future.done()))

        # result() in submission order: the first call waits for the longest task.
        for name, future in futures:
            print("result() of %s -> %s" % (name, future.result()))

        # A done future keeps its result: asking again returns it at once.
        print("done() after result(): %s" % [future.done() for _, future in futures])
        print("asking again -> %s" % tea.result())


if __name__ == "__main__":
    main()
