"""Regression (python-bugs.md #2): the stop test of a hanging process pool
(test/unit/extension/session.test.ts) failed 2 runs of 3 with "timed out waiting for both workers to
start" although both workers ran: test/fixtures/workspace/hang.py printed `print("worker", pid)`,
which under PYTHONUNBUFFERED=1 (how the extension runs programs) is four writes, and the two
workers' lines came out mixed (`workerworker 13905\\n 13908\\n`). Each line of the fixture must
reach stdout in a single write."""
import importlib.util
import io
import os
import sys
import unittest

import _support

FIXTURE = os.path.join(_support.ROOT, "test", "fixtures", "workspace", "hang.py")


class _Writes(io.RawIOBase):
    """An unbuffered stdout that keeps each write the stream layer makes."""

    def __init__(self):
        self.writes = []

    def writable(self):
        return True

    def write(self, data):
        self.writes.append(bytes(data))
        return len(data)


class _Stop(Exception):
    pass


class _Time(object):
    @staticmethod
    def sleep(seconds):
        raise _Stop()


class HangFixtureLinesTest(unittest.TestCase):
    def test_a_worker_line_is_one_write_on_an_unbuffered_stdout(self):
        spec = importlib.util.spec_from_file_location("poolscope_hang_fixture", FIXTURE)
        hang = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(hang)  # not __main__: defines its functions only
        raw = _Writes()
        # What PYTHONUNBUFFERED=1 gives: no binary buffer, text written through at once.
        stream = io.TextIOWrapper(raw, encoding="utf-8", write_through=True)
        hang.time = _Time()  # the worker's endless sleep loop ends at its first sleep
        saved = sys.stdout
        sys.stdout = stream
        try:
            with self.assertRaises(_Stop):
                hang.spin(0)
        finally:
            sys.stdout = saved
        self.assertEqual(raw.writes, [("worker %d\n" % os.getpid()).encode("ascii")])


if __name__ == "__main__":
    unittest.main()
