"""Bug: after a failure the tracer wrote its `dropped` line into one of the program's own files.

The program closed the recording's descriptor and reused its number for a file of its own, and
the recording had been deleted: the reopen failed, and the failure path wrote
`{"e":"dropped",...}` into the descriptor it still held (the program's file), and created
`<recording>.failed` next to a recording that no longer existed. Also, the lines the flush had
already taken from the queue were not counted as lost.

Now nothing is written unless the descriptor is still the recording's, the marker is made only
next to the recording, and the taken lines are counted."""
import json
import os
import unittest

import _support
from test_writer import Capture
from poolscope_tracer import _failure, _writer

HEADER = _support.HEADER


class FailureWroteIntoProgramFileTest(_support.RecordingTestCase):
    recording_name = "rec.ndjson"

    def setUp(self):
        super().setUp()
        self.to_close = []

    def tearDown(self):
        for fd in self.to_close:
            os.close(fd)

    def test_a_reused_descriptor_of_a_deleted_recording_is_never_written_to(self):
        writer = _writer.Writer(self.path)
        writer.open()
        fd = writer.fd
        for fid in range(3):
            writer.queue.append('{"e":"start","ts":1,"fid":%d,"lane":"1:1"}\n' % fid)
        # The program closes every descriptor it does not know (an inode kept alive elsewhere)
        # and reuses the number for its own file; the recording was deleted.
        keep = os.dup2(fd, fd + 100)
        self.to_close.append(keep)
        os.close(fd)
        os.unlink(self.path)
        program_path = os.path.join(self.dir, "user.txt")
        user = os.open(program_path, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
        if user != fd:
            os.dup2(user, fd)
            os.close(user)
        self.to_close.append(fd)
        os.write(fd, b"USER DATA\n")
        with Capture() as captured:
            writer.flush()
        self.assertTrue(writer.failed)
        with open(program_path, "rb") as f:
            self.assertEqual(f.read(), b"USER DATA\n")
        self.assertEqual(sorted(os.listdir(self.dir)), ["user.txt"])  # no .failed marker
        self.assertIn("poolscope: recording stopped:", captured.text)

    def test_a_deleted_recording_gets_no_marker_even_when_the_descriptor_is_ours(self):
        writer = _writer.Writer(self.path)
        writer.open()
        self.to_close.append(writer.fd)
        os.unlink(self.path)
        with Capture() as captured:
            writer.fail(OSError(28, "No space left on device"))
        self.assertEqual(os.listdir(self.dir), [])
        self.assertIn("No space left on device", captured.text)

    def test_the_lines_the_flush_had_taken_are_counted_as_lost(self):
        writer = _writer.Writer(self.path)
        writer.open()
        self.to_close.append(writer.fd)
        for fid in range(5):
            writer.queue.append('{"e":"start","ts":1,"fid":%d,"lane":"7:8"}\n' % fid)

        def fails_after_the_lines_were_taken():
            raise OSError(5, "Input/output error")

        writer._check_fd = fails_after_the_lines_were_taken
        with Capture():
            writer.flush()
        self.assertTrue(writer.failed)
        with open(self.path, "rb") as f:
            records = [json.loads(text) for text in f.read().decode("ascii").splitlines()]
        self.assertEqual(records[-1], {"e": "dropped", "ts": records[-1]["ts"], "count": 5, "lane": "7:8"})
        _failure.forget(self.path)


if __name__ == "__main__":
    unittest.main()
