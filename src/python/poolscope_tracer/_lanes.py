"""Lanes: one per thread of each process, `"<pid>:<native thread id>"`, described on first use.

Each thread that records something gets a `ThreadState` (in a thread-local): its lane, the lane's
JSON text for the lines of the hot path, and the future it is running now, which the flush thread
reads to sample stuck futures (see _stuck). `threads` lists them by thread ident.
"""
import sys
import threading

from . import _state, _writer

_local = threading.local()
threads = {}
MAX_THREADS = 256
_escape = _writer.escaper()


class ThreadState(object):
    """What the tracer keeps per thread.

    `running` is `(fid, start ts)` while the thread runs a future, else None: one tuple, so the
    flush thread never reads a fid with another future's start time. `reported` is the fid whose
    stuck stack was written (set by the flush thread only). `outcome` is `(fid, ts)` of the
    set_result/set_exception running on this thread, for the `done` it writes next (_futures).
    """

    __slots__ = ("lane", "lane_json", "ident", "running", "reported", "outcome")

    def __init__(self, lane, ident):
        self.lane = lane
        self.lane_json = _escape(lane)
        self.ident = ident
        self.running = None
        self.reported = None
        self.outcome = None


def this():
    """The calling thread's state, writing its `lane` event the first time."""
    try:
        return _local.state
    except AttributeError:
        return _new_lane()


def lane():
    """The calling thread's lane, writing its `lane` event the first time."""
    try:
        return _local.state.lane
    except AttributeError:
        return _new_lane().lane


def _new_lane():
    pid = _state.proc.pid
    tid = threading.get_native_id()
    value = "%d:%d" % (pid, tid)
    ident = threading.get_ident()
    state = ThreadState(value, ident)
    _local.state = state
    if len(threads) >= MAX_THREADS:
        _forget_ended_threads()
    threads[ident] = state
    name, kind = describe_current_thread(tid)
    _writer.emit({"e": "lane", "ts": _state.now(), "lane": value, "pid": pid, "tid": tid, "name": name, "kind": kind})
    return state


def _forget_ended_threads():
    """A program that keeps starting threads would otherwise grow `threads` for ever."""
    alive = sys._current_frames()
    for ident in list(threads):
        if ident not in alive:
            threads.pop(ident, None)


def describe_current_thread(tid):
    """Name and kind of the calling thread, without creating a threading.Thread for foreign threads."""
    ident = threading.get_ident()
    active = getattr(threading, "_active", {})
    thread = active.get(ident)
    name = getattr(thread, "_name", None) if thread is not None else None
    if not isinstance(name, str):
        name = "thread %d" % tid
    if ident == threading.main_thread().ident:
        worker = _multiprocessing_child_name()
        if worker is not None:
            return worker, "process"
        return name, "main"
    return name, "thread"


def _multiprocessing_child_name():
    mp = sys.modules.get("multiprocessing.process")
    if mp is None:
        return None
    try:
        if mp.parent_process() is None:
            return None
        name = mp.current_process().name
        return name if isinstance(name, str) else None
    except Exception:
        return None


def reset_after_fork():
    global _local
    _local = threading.local()
    threads.clear()
