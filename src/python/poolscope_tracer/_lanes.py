"""Lanes: one per thread of each process, `"<pid>:<native thread id>"`, described on first use."""
import sys
import threading

from . import _state, _writer

_local = threading.local()


def lane():
    """The calling thread's lane, writing its `lane` event the first time."""
    try:
        return _local.lane
    except AttributeError:
        return _new_lane()


def _new_lane():
    pid = _state.proc.pid
    tid = threading.get_native_id()
    value = "%d:%d" % (pid, tid)
    _local.lane = value
    name, kind = describe_current_thread(tid)
    _writer.emit({"e": "lane", "ts": _state.now(), "lane": value, "pid": pid, "tid": tid, "name": name, "kind": kind})
    return value


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
