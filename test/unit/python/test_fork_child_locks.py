"""A process forked while its flush thread holds the writer's lock (a flush in progress, or a stop
that did not finish in time) must not inherit that lock held: the child re-creates every lock of
the writer (Writer.after_fork_child, run by os.register_at_fork) and flushes its own lines."""
import os
import shutil
import tempfile
import unittest

import _support  # noqa: F401
from poolscope_tracer import _writer


@unittest.skipUnless(hasattr(os, "fork"), "no fork on this platform")
class ForkChildLocksTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "trace.ndjson")
        open(self.path, "w").close()

    def tearDown(self):
        shutil.rmtree(self.dir)

    def test_a_child_forked_while_the_lock_is_held_flushes_its_own_lines(self):
        writer = _writer.Writer(self.path)
        writer.open()
        writer.running = True  # no flush thread: flushed by hand
        writer.put('{"e":"parent"}\n', "1:1")
        for lock in (writer.lock, writer.start_lock):
            lock.acquire()  # what a flush thread busy at fork time holds
        pid = os.fork()
        if pid == 0:  # the child: only os._exit leaves it
            code = 1
            try:
                writer.after_fork_child()
                writer.put('{"e":"child"}\n', "2:2")
                code = 0 if writer.flush(wait=2.0) and not writer.queue else 3
            finally:
                os._exit(code)
        for lock in (writer.lock, writer.start_lock):
            lock.release()
        _, status = os.waitpid(pid, 0)
        self.assertEqual(os.WEXITSTATUS(status), 0)
        writer.flush()
        with open(self.path) as f:
            lines = sorted(f.read().split())
        # The child wrote its own line only: what the parent had buffered is the parent's to write.
        self.assertEqual(lines, ['{"e":"child"}', '{"e":"parent"}'])


if __name__ == "__main__":
    unittest.main()
