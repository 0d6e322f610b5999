"""Puts src/python on sys.path for the unit tests of the tracer's internals, and the scaffolding
of the tests of the recording's writer."""
import os
import shutil
import sys
import tempfile
import unittest

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SRC = os.path.join(ROOT, "src", "python")
if SRC not in sys.path:
    sys.path.insert(0, SRC)


HEADER = b'{"e":"header","v":1}\n'


class RecordingTestCase(unittest.TestCase):
    """A recording file (`self.path`, header only) in a scratch folder, and the tracer's process-wide
    state (on/off, the current writer, root or not, POOLSCOPE_TRACE, "failure already told") put back
    after each test: the writer's failure paths change all of them."""

    recording_name = "trace.ndjson"

    def setUp(self):
        from poolscope_tracer import _state, _writer

        self.dir = tempfile.mkdtemp()
        self.addCleanup(shutil.rmtree, self.dir)
        self.path = os.path.join(self.dir, self.recording_name)
        with open(self.path, "wb") as f:
            f.write(HEADER)
        saved = (_writer.current, _state.proc.is_root, _state.proc.on, os.environ.get(_state.ENV_TRACE))
        _writer._reported = False

        def restore():
            _writer.current, _state.proc.is_root, _state.proc.on, trace = saved
            if trace is not None:
                os.environ[_state.ENV_TRACE] = trace
            _writer._reported = False

        self.addCleanup(restore)
