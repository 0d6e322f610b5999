"""Bug: a KeyboardInterrupt (a second Ctrl+C while the program exits) landing inside a flush
lost the lines the flush had taken from the queue: they lived only in a local, nothing counted
them, and the final flush's retry found an empty queue; `torn` also stayed set, stale.

Now the unwritten lines go back to the head of the queue (the unwritten rest of a chunk cut
part way as text ahead of them), `torn` is cleared and the interrupt goes on; the retry writes
them, so the recording is complete."""
import json
import os
import unittest
from unittest import mock

import _support
from poolscope_tracer import _writer

HEADER = _support.HEADER


def line(fid):
    return '{"e":"start","ts":%d,"fid":%d,"lane":"7:8"}\n' % (fid, fid)


class CtrlCInDrainTest(_support.RecordingTestCase):
    def setUp(self):
        super().setUp()
        self.writer = _writer.Writer(self.path)
        self.writer.open()

    def tearDown(self):
        os.close(self.writer.fd)

    def fids(self):
        with open(self.path, "rb") as f:
            data = f.read()
        self.assertTrue(data.endswith(b"\n"))
        return [json.loads(text)["fid"] for text in data.decode("ascii").splitlines()[1:]]

    def interrupt_write(self, calls):
        """os.write on the recording: in turn each of `calls` (a byte count to write at most, or
        None: a KeyboardInterrupt before anything is written), then in full."""
        real_write = os.write
        fd = self.writer.fd

        def write(target, data):
            if target != fd or not calls:
                return real_write(target, data)
            count = calls.pop(0)
            if count is None:
                raise KeyboardInterrupt
            return real_write(target, data[:count])

        return mock.patch.object(os, "write", write)

    def test_an_interrupt_before_the_write_puts_every_line_back(self):
        for fid in range(1, 6):
            self.writer.queue.append(line(fid))

        def interrupted():
            raise KeyboardInterrupt

        self.writer._check_fd = interrupted
        with self.assertRaises(KeyboardInterrupt):
            self.writer.flush()
        self.assertIsNone(self.writer.torn)
        self.assertEqual(list(self.writer.queue), [line(fid) for fid in range(1, 6)])
        del self.writer._check_fd
        self.writer.queue.append(line(6))
        self.assertTrue(self.writer.flush())
        self.assertFalse(self.writer.failed)
        self.assertEqual(self.fids(), [1, 2, 3, 4, 5, 6])

    def test_an_interrupt_in_a_later_chunk_puts_back_only_what_was_not_written(self):
        per_chunk = _writer.CHUNK_BYTES >> 7
        count = per_chunk * 2 + 10
        for fid in range(1, count + 1):
            self.writer.queue.append(line(fid))
        # The first chunk goes in whole; the second is cut after 25 bytes by the interrupt.
        with self.interrupt_write([len("".join(line(f) for f in range(1, per_chunk + 1))), 25, None]):
            with self.assertRaises(KeyboardInterrupt):
                self.writer.flush()
        self.assertIsNone(self.writer.torn)
        self.assertFalse(self.writer.failed)
        self.assertTrue(self.writer.queue[0].startswith(line(per_chunk + 1)[25:]))
        self.assertTrue(self.writer.flush())
        self.assertEqual(self.fids(), list(range(1, count + 1)))

    def test_the_final_flush_retried_after_an_interrupt_writes_everything(self):
        from poolscope_tracer import _boot

        for fid in range(1, 4):
            self.writer.queue.append(line(fid))
        saved = _writer.current
        _writer.current = self.writer
        try:
            with self.interrupt_write([10, None]):
                _boot._last_words()
        finally:
            _writer.current = saved
        self.assertEqual(self.fids(), [1, 2, 3])


if __name__ == "__main__":
    unittest.main()
