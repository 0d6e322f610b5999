"""Per-process state of the tracer: the clock, the id ranges and the on/off switch.

Everything here is reset in a forked child (see reset_after_fork), because a child is a new
process of the recording: its own pid, its own id range, nothing of its parent's still to write.
"""
import itertools
import os
import sys
import time

ENV_TRACE = "POOLSCOPE_TRACE"
ENV_ROOT_PID = "POOLSCOPE_TRACE_ROOT_PID"
ENV_STUCK_MS = "POOLSCOPE_STUCK_MS"
ID_PID_STRIDE = 1 << 24
WRITER = "poolscope-python/0.1.0"

if sys.platform == "win32":
    _clock_ns = time.perf_counter_ns
else:
    _clock_ns = time.monotonic_ns


def now():
    """Integer microseconds of CLOCK_MONOTONIC: the clock of every `ts`, shared by all processes."""
    return _clock_ns() // 1000


def first_id(pid, root_pid):
    """1 in the root process (or when the root is unknown), `pid * 2**24 + 1` in any other."""
    if root_pid is None or pid == root_pid:
        return 1
    return pid * ID_PID_STRIDE + 1


def _root_pid():
    value = os.environ.get(ENV_ROOT_PID)
    try:
        return int(value) if value else None
    except ValueError:
        return None


class _Process(object):
    """The tracer's view of this process; one instance, rebuilt after fork."""

    def __init__(self):
        self.on = False
        self.pid = os.getpid()
        self.root_pid = _root_pid()
        self.is_root = self.root_pid is None or self.root_pid == self.pid
        base = first_id(self.pid, self.root_pid)
        self.id_base = base
        # itertools.count.__next__ is atomic under the GIL: no lock for id allocation.
        self.next_fid = itertools.count(base).__next__
        self.next_xid = itertools.count(base).__next__
        self.next_bid = itertools.count(base).__next__
        self.next_map = itertools.count(base).__next__

    def owns_id(self, value):
        """True for ids allocated by this process (its own range)."""
        return self.id_base <= value < self.id_base + ID_PID_STRIDE


proc = _Process()


def reset_after_fork():
    global proc
    on = proc.on
    proc = _Process()
    proc.on = on
    return proc


def stuck_threshold_us():
    try:
        ms = float(os.environ.get(ENV_STUCK_MS) or 5000)
    except ValueError:
        ms = 5000.0
    return max(0, int(ms * 1000))
