"""Bug: a write cut short by a full disk (or a file-size limit) left a torn line in the recording,
with the other processes' lines and the runner's `exit` appended after it (the file no longer
validated), and every process of the recording printed its own "recording stopped" line.

Now the process whose write was cut takes the torn part back, keeps the whole lines that fit with
a `dropped` event counting what it lost, and only the first process to fail tells the user."""
import json
import os
import unittest

import _support
from test_writer import Capture
from poolscope_tracer import _failure, _writer

HEADER = _support.HEADER


def line(fid, pad=40):
    return ('{"e":"start","ts":%d,"fid":%d,"lane":"7:8","pad":"%s"}\n' % (fid, fid, "x" * pad)).encode("ascii")


class TornLineTest(_support.RecordingTestCase):
    def writer_with_torn_write(self, chunk, written, queued=0):
        """A writer whose last write of `chunk` stopped after `written` bytes."""
        writer = _writer.Writer(self.path)
        writer.open()
        os.write(writer.fd, chunk[:written])
        writer.torn = (chunk, written, 0)
        for fid in range(queued):
            writer.queue.append(line(100 + fid).decode("ascii"))
        return writer

    def records(self):
        with open(self.path, "rb") as f:
            data = f.read()
        self.assertTrue(data.endswith(b"\n"), data[-80:])
        return [json.loads(text) for text in data.decode("ascii").splitlines()]

    def test_the_torn_line_is_taken_back_and_a_dropped_event_counts_the_loss(self):
        chunk = b"".join(line(fid) for fid in range(1, 11))  # 10 lines, ~70 bytes each
        writer = self.writer_with_torn_write(chunk, len(line(1)) * 6 + 20, queued=3)
        with Capture() as captured:
            writer.fail(OSError(27, "File too large"))
        records = self.records()
        self.assertEqual(records[0]["e"], "header")
        kept = [r["fid"] for r in records if r["e"] == "start"]
        self.assertEqual(kept, list(range(1, len(kept) + 1)))  # whole lines, in order, from the first
        self.assertGreaterEqual(len(kept), 4)
        dropped = records[-1]
        self.assertEqual((dropped["e"], dropped["lane"]), ("dropped", "7:8"))
        self.assertEqual(dropped["count"], 10 - len(kept) + 3)  # the rest of the chunk and the queue
        # It fits where the cut write stopped: the file is no longer than the limit was.
        self.assertLessEqual(os.path.getsize(self.path), len(HEADER) + len(line(1)) * 6 + 20)
        self.assertEqual(captured.text, "poolscope: recording stopped: File too large; the program runs on untraced\n")
        os.close(writer.fd)

    def test_a_write_that_failed_before_writing_anything_still_leaves_a_dropped_event(self):
        writer = self.writer_with_torn_write(line(1) + line(2), 0)
        with Capture():
            writer.fail(OSError(28, "No space left on device"))
        records = self.records()
        self.assertEqual([r["e"] for r in records], ["header", "dropped"])
        self.assertEqual(records[1]["count"], 2)
        os.close(writer.fd)

    def test_lines_of_another_process_after_the_torn_part_are_left_alone(self):
        chunk = line(1) + line(2)
        writer = self.writer_with_torn_write(chunk, len(line(1)) + 10)
        with open(self.path, "ab") as other:
            other.write(line(50))
        with open(self.path, "rb") as f:
            before = f.read()
        with Capture():
            writer.fail(OSError(28, "No space left on device"))
        with open(self.path, "rb") as f:
            self.assertEqual(f.read(), before)
        os.close(writer.fd)

    def test_only_the_first_process_to_fail_tells_the_user(self):
        first = self.writer_with_torn_write(line(1), 0)
        second = _writer.Writer(self.path)  # another process of the same recording
        second.open()
        with Capture() as captured:
            first.fail(OSError(28, "No space left on device"))
            _writer._reported = False  # a process of its own
            second.fail(OSError(28, "No space left on device"))
        self.assertEqual(captured.text.count("poolscope: recording stopped"), 1)
        self.assertTrue(os.path.exists(_failure.marker_path(self.path)))
        _failure.forget(self.path)
        self.assertFalse(os.path.exists(_failure.marker_path(self.path)))
        os.close(first.fd)
        os.close(second.fd)


if __name__ == "__main__":
    unittest.main()
