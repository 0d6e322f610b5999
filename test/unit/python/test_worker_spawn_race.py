"""A process-pool worker spawned while the manager thread takes an exited one out of the pool's
list (max_tasks_per_child) is still written as spawned: new pids are compared, not counts."""
import json
import os
import shutil
import tempfile
import unittest

import _support  # noqa: F401
from poolscope_tracer import _process, _state, _writer


class _Process(object):
    def __init__(self, pid):
        self.pid = pid


class _Executor(object):
    _poolscope_xid = 77

    def __init__(self):
        self._processes = {101: _Process(101)}

    def _spawn_process(self):
        # What the manager thread does meanwhile: worker 101 exited and is dropped.
        self._processes.pop(101, None)
        self._processes.setdefault(202, _Process(202))


class SpawnRaceTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "trace.ndjson")
        open(self.path, "w").close()
        self.saved = (_writer.current, _state.proc.on)
        _writer.current = _writer.Writer(self.path)
        _writer.current.open()
        _writer.current.running = True  # no flush thread: flushed by hand
        _state.proc.on = True

    def tearDown(self):
        _writer.current, _state.proc.on = self.saved
        _process._pools.pop(77, None)
        shutil.rmtree(self.dir)

    def test_the_new_pid_is_written_although_the_count_did_not_change(self):
        executor = _Executor()
        spawn = _process._spawn_wrapper(_Executor._spawn_process)
        spawn(executor)
        _writer.current.flush()
        with open(self.path) as f:
            events = [json.loads(line) for line in f if line.strip()]
        self.assertEqual([(e["e"], e["lane"]) for e in events], [("worker-spawn", "202:202")])
        spawn(executor)  # nothing new: nothing written again
        _writer.current.flush()
        with open(self.path) as f:
            self.assertEqual(len([line for line in f if line.strip()]), 1)


if __name__ == "__main__":
    unittest.main()
