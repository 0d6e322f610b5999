"""Bug: a record that could not be encoded was counted as `dropped` under its own "lane" key, not
the lane given to emit(record, lane=...); a record without a lane was counted under "" and the
count then discarded without a trace (so was a full queue's count for put(..., lane=None)).

Now the lane travels with the record, and what has no lane is counted on the process's main
lane."""
import json
import os
import unittest

import _support
from poolscope_tracer import _writer


class DroppedLaneTest(_support.RecordingTestCase):
    def setUp(self):
        super().setUp()
        self.writer = _writer.Writer(self.path)
        self.writer.open()
        self.writer.running = True  # no flush thread: flushed by hand

    def tearDown(self):
        os.close(self.writer.fd)

    def dropped(self):
        self.assertTrue(self.writer.flush())
        with open(self.path, "rb") as f:
            records = [json.loads(text) for text in f.read().decode("ascii").splitlines()]
        return {r["lane"]: r["count"] for r in records if r["e"] == "dropped"}

    def test_an_unencodable_record_is_counted_on_the_lane_it_was_emitted_on(self):
        self.writer.emit({"e": "worker-exit", "ts": 1, "lane": "1:2", "code": float("nan")}, lane="3:4")
        self.writer.emit({"e": "worker-exit", "ts": 2, "lane": "1:2", "code": float("nan")}, lane="3:4")
        self.writer.flush()  # the encoder counts them; the next flush writes the count
        self.assertEqual(self.dropped(), {"3:4": 2})

    def test_an_unencodable_record_without_lane_is_counted_on_the_main_lane(self):
        self.writer.emit({"e": "broken", "ts": 1, "xid": 5, "reason": float("nan")})
        self.writer.flush()
        pid = os.getpid()
        self.assertEqual(self.dropped(), {"%d:%d" % (pid, pid): 1})

    def test_a_full_queue_counts_what_it_refuses_without_lane_on_the_main_lane(self):
        saved = _writer.MAX_QUEUED
        _writer.MAX_QUEUED = 2
        try:
            for fid in range(4):
                self.writer.put('{"e":"start","ts":1,"fid":%d,"lane":"5:6"}\n' % fid, None)
        finally:
            _writer.MAX_QUEUED = saved
        pid = os.getpid()
        self.assertEqual(self.dropped(), {"%d:%d" % (pid, pid): 2})


if __name__ == "__main__":
    unittest.main()
