"""Bug: after a short write the rest of the chunk was tried once and the result ignored, so a
second short write silently lost the end of the chunk (a torn line in the middle of the file,
no `dropped` event, the recording reported fine).

Now the writer loops until the whole chunk is written or a write fails; the part that went in
is then the torn part that the failure path takes back."""
import json
import os
import unittest
from unittest import mock

import _support
from test_writer import Capture
from poolscope_tracer import _failure, _writer

HEADER = _support.HEADER


def line(fid):
    return '{"e":"start","ts":%d,"fid":%d,"lane":"7:8","pad":"%s"}\n' % (fid, fid, "x" * 40)


class ShortWriteTest(_support.RecordingTestCase):
    def setUp(self):
        super().setUp()
        self.writer = _writer.Writer(self.path)
        self.writer.open()
        for fid in range(1, 11):
            self.writer.queue.append(line(fid))

    def tearDown(self):
        os.close(self.writer.fd)
        _failure.forget(self.path)

    def flush_with_writes(self, outcomes):
        """Flushes with os.write on the recording doing, in turn, each of `outcomes`: a byte
        count to write at most, or an exception to raise; then writing in full."""
        real_write = os.write
        fd = self.writer.fd

        def write(target, data):
            if target != fd or not outcomes:
                return real_write(target, data)
            outcome = outcomes.pop(0)
            if isinstance(outcome, BaseException):
                raise outcome
            return real_write(target, data[:outcome])

        with mock.patch.object(os, "write", write), Capture() as captured:
            self.writer.flush()
        return captured.text

    def records(self):
        with open(self.path, "rb") as f:
            data = f.read()
        self.assertTrue(data.endswith(b"\n"), data[-80:])
        return [json.loads(text) for text in data.decode("ascii").splitlines()]

    def test_short_writes_in_a_row_still_write_the_whole_chunk(self):
        text = self.flush_with_writes([30, 20, 7])
        self.assertEqual(text, "")
        self.assertFalse(self.writer.failed)
        self.assertEqual([r["fid"] for r in self.records()[1:]], list(range(1, 11)))

    def test_a_failure_after_two_short_writes_takes_back_all_that_went_in(self):
        text = self.flush_with_writes([30, 20, OSError(28, "No space left on device")])
        self.assertTrue(self.writer.failed)
        self.assertIn("No space left on device", text)
        records = self.records()
        self.assertEqual([r["e"] for r in records], ["header", "dropped"])
        self.assertEqual(records[1]["count"], 10)  # the 50 torn bytes were taken back

    def test_a_write_that_makes_no_progress_stops_the_recording(self):
        text = self.flush_with_writes([30, 0])
        self.assertTrue(self.writer.failed)
        self.assertIn("the recording accepts no more data", text)
        self.assertEqual(self.records()[-1]["count"], 10)


if __name__ == "__main__":
    unittest.main()
