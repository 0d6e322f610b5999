"""Bug: Python 3.12/3.13 sometimes warned "This process is multi-threaded, use of fork() may lead
to deadlocks" for a program that forks with no thread of its own. The flush thread was stopped
before the fork, but stop_thread() returned when the thread released its `done` lock, which it
does before the operating system has ended it; 3.12+ counts the OS threads (/proc/self/stat).

The test makes the thread slow to end after it said it was done, as a descheduled thread is, and
asks that the thread be gone from /proc/self/task when the before-fork stop returns."""
import os
import shutil
import tempfile
import threading
import time
import unittest

import _support  # noqa: F401
from poolscope_tracer import _writer

TASKS = "/proc/self/task"


class ForkWarningTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "trace.ndjson")
        open(self.path, "w").close()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_the_flush_thread_is_gone_when_the_before_fork_stop_returns(self):
        writer = _writer.Writer(self.path)
        writer.open()
        loop = writer._loop

        def slow_to_end(done):
            try:
                loop(done)  # releases `done` as its last action...
            finally:
                time.sleep(0.03)  # ...and the OS thread ends later

        writer._loop = slow_to_end
        before = set(os.listdir(TASKS))
        writer.emit({"e": "mark", "ts": 1, "name": "x", "lane": "1:1"})  # starts the flush thread
        self.assertTrue(writer.running)
        self.assertTrue(writer.stop_thread(0.5, gone=True))
        self.assertEqual(set(os.listdir(TASKS)) - before, set(), "the flush thread still exists")
        os.close(writer.fd)

    def test_the_wait_is_bounded_when_the_thread_never_ends(self):
        writer = _writer.Writer(self.path)
        writer.open()
        loop = writer._loop
        release = threading.Event()

        def never_ends(done):
            try:
                loop(done)
            finally:
                release.wait(5)

        writer._loop = never_ends
        writer.emit({"e": "mark", "ts": 1, "name": "x", "lane": "1:1"})
        began = time.monotonic()
        self.assertTrue(writer.stop_thread(0.5, gone=True))
        self.assertLess(time.monotonic() - began, 2.0)
        release.set()
        os.close(writer.fd)


if __name__ == "__main__":
    unittest.main()
