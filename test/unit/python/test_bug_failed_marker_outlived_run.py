"""Bug: `<recording>.failed` stayed in the user's folder for good when a process other than the
root failed (a worker with its own size limit, say): the root removed the marker at exit only
when it had failed itself.

Now the root removes it as it ends (normal exit, os._exit, SIGTERM/SIGHUP), whichever process
made it; while the run lasts, the user is still told only once."""
import os
import signal
import unittest
from unittest import mock

import _support
from test_writer import Capture
from poolscope_tracer import _boot, _failure, _state, _writer


class FailedMarkerTest(_support.RecordingTestCase):
    def setUp(self):
        super().setUp()
        self.root = _writer.Writer(self.path)
        self.root.open()
        _writer.current = self.root
        _state.proc.is_root = True
        # A worker of the recording failed alone: it made the marker and told the user.
        worker = _writer.Writer(self.path)
        worker.open()
        with Capture() as captured:
            worker.fail(OSError(27, "File too large"))
        os.close(worker.fd)
        self.told = captured.text

    def tearDown(self):
        os.close(self.root.fd)

    def test_the_root_removes_the_marker_of_a_failed_worker_when_it_exits(self):
        self.assertIn("File too large", self.told)
        self.assertTrue(os.path.exists(_failure.marker_path(self.path)))
        # Another process failing meanwhile says nothing: the user was told once.
        _writer._reported = False
        other = _writer.Writer(self.path)
        other.open()
        with Capture() as captured:
            other.fail(OSError(27, "File too large"))
        os.close(other.fd)
        self.assertEqual(captured.text, "")
        self.assertFalse(self.root.failed)
        _boot._last_words()
        self.assertFalse(os.path.exists(_failure.marker_path(self.path)))

    def test_the_root_removes_it_when_a_fatal_signal_ends_it(self):
        with mock.patch.object(signal, "signal") as set_handler, mock.patch.object(os, "kill") as kill:
            _boot._on_fatal_signal(signal.SIGTERM, None)
        set_handler.assert_called_once_with(signal.SIGTERM, signal.SIG_DFL)
        kill.assert_called_once_with(os.getpid(), signal.SIGTERM)
        self.assertFalse(os.path.exists(_failure.marker_path(self.path)))

    def test_a_process_that_is_not_the_root_leaves_it(self):
        _state.proc.is_root = False
        _boot._last_words()
        self.assertTrue(os.path.exists(_failure.marker_path(self.path)))


if __name__ == "__main__":
    unittest.main()
