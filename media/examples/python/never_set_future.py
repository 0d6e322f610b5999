"""A hand-made Future that nobody ever sets: whoever waits for it waits forever.

concurrent.futures.Future() can be created by hand, to hand a result over from elsewhere. Here
start_fetch() wraps a pool task in such a Future and relays the task's outcome to it from a
done-callback -- with a bug: on failure it forgets set_exception(). The pool task for
"broken.example" fails and ends normally, but its hand-made Future stays pending forever,
and wait() on it never returns.

Without --timeout this program HANGS ON PURPOSE (that is the lesson; stop it with Ctrl-C).
With --timeout SECONDS, wait() gives up after that long (wait() does not raise: it returns the
futures still pending in `not_done`), the program explains, and exits with code 3.

On the Gantt chart, look for:
  * two short pool-task bars, both ending (one failed);
  * two hand-made futures with no worker lane: "ok.example" resolves when its task ends,
    "broken.example" never does;
  * the caller's wait() never ending (or ending at the --timeout).

    python3 never_set_future.py [SCALE] [--timeout SECONDS]
"""
import argparse
import sys
import time
from concurrent.futures import Future, ThreadPoolExecutor, wait


def parse_args():
    parser = argparse.ArgumentParser(description="A hand-made Future that is never set.")
    parser.add_argument("scale", nargs="?", type=float, default=1.0, help="multiplies every sleep (default 1)")
    parser.add_argument("--timeout", type=float, default=None,
                        help="give up waiting after SECONDS and exit with code 3 (default: wait forever)")
    args = parser.parse_args()
    if args.scale <= 0 or (args.timeout is not None and args.timeout <= 0):
        parser.error("SCALE and --timeout must be positive numbers")
    return args


def fetch(url, seconds):
    time.sleep(seconds)
    if url.startswith("broken"):
        raise ConnectionError("%s refused the connection" % url)
    return "200 OK from %s" % url


def start_fetch(pool, url, seconds):
    outer = Future()  # made by hand: only our code can ever complete it

    def relay(task):
        if task.exception() is None:
            outer.set_result(task.result())
        # BUG (on purpose): no `else: outer.set_exception(task.exception())`, so when the task
        # fails, `outer` stays pending forever and nothing says so.

    pool.submit(fetch, url, seconds).add_done_callback(relay)
    return outer


def main():
    args = parse_args()
    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="fetcher") as pool:
        requests = {start_fetch(pool, url, 0.2 * args.scale): url for url in ("ok.example", "broken.example")}
    print("both pool tasks have finished (the pool is shut down)")
    sys.stdout.flush()  # so the line shows up even when the output is a pipe and we hang

    done, not_done = wait(requests, timeout=args.timeout)  # timeout=None: wait forever
    for future in sorted(done, key=requests.get):
        print("%s: %s" % (requests[future], future.result()))
    if not_done:
        print("wait() timed out after %g s; never set: %s"
              % (args.timeout, ", ".join(sorted(requests[future] for future in not_done))))
        # A normal exit is fine here: no thread is stuck, only a Future that nobody will set.
        sys.exit(3)


if __name__ == "__main__":
    main()
