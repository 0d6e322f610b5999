"""Which future a killed process-pool worker was running, read back from the recording.

A worker writes `start` and `end` at once only when its last flush is 20 ms old (else its flush
thread does within 50 ms), so the file can lack the `end` of a task whose result came back: the
parent's `done` for it rules it out.
"""
import json
import os
import shutil
import tempfile
import unittest

import _support  # noqa: F401
from poolscope_tracer import _process_broken, _state

WORKER = 4242
PARENT = 4200


def line(record):
    return json.dumps(record, separators=(",", ":")) + "\n"


class RunningFidsTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "trace.ndjson")
        self.saved = _state.proc
        os.environ.pop(_state.ENV_ROOT_PID, None)
        _state.proc = _state._Process()  # the root: ids from 1

    def tearDown(self):
        _state.proc = self.saved
        shutil.rmtree(self.dir)

    def write(self, *records):
        with open(self.path, "w") as f:
            for record in records:
                f.write(line(record))

    def start(self, fid, ts):
        return {"e": "start", "ts": ts, "fid": fid, "lane": "%d:%d" % (WORKER, WORKER)}

    def end(self, fid, ts):
        return {"e": "end", "ts": ts, "fid": fid, "lane": "%d:%d" % (WORKER, WORKER), "ok": True}

    def done(self, fid, ts):
        return {"e": "done", "ts": ts, "fid": fid, "lane": "%d:1" % PARENT, "outcome": "result", "value": "1"}

    def test_the_last_start_without_end_is_the_running_future(self):
        self.write(self.start(1, 10), self.end(1, 11), self.done(1, 12), self.start(2, 13))
        self.assertEqual(_process_broken.running_fids(WORKER, self.path), [2])

    def test_a_last_start_followed_by_its_end_means_nothing_was_running(self):
        self.write(self.start(1, 10), self.end(1, 11))
        self.assertEqual(_process_broken.running_fids(WORKER, self.path), [])

    def test_a_start_whose_end_never_reached_the_file_but_whose_result_came_back_is_not_blamed(self):
        # The worker flushed `start 1`, then ran task 1 to its end and started task 2 within one
        # flush interval, and was killed: neither `end 1` nor `start 2` is in the file.
        self.write(self.start(1, 10), self.done(1, 12))
        self.assertEqual(_process_broken.running_fids(WORKER, self.path), [])

    def test_the_done_may_come_before_the_start_in_the_file(self):
        # The parent flushed the done before the worker's flush thread wrote the start.
        self.write(self.done(1, 12), self.start(1, 10))
        self.assertEqual(_process_broken.running_fids(WORKER, self.path), [])

    def test_another_futures_done_does_not_count(self):
        self.write(self.start(3, 10), self.done(31, 12), self.done(13, 13))
        self.assertEqual(_process_broken.running_fids(WORKER, self.path), [3])


if __name__ == "__main__":
    unittest.main()
