"""Stuck futures: the stack of the thread running a future that runs too long, or on request.

Every thread that runs a future is listed here while it runs (ident -> fid, start, lane). The
flush thread looks at the list every tick:

- a future running longer than POOLSCOPE_STUCK_MS (default 5000) gets one `stack` event with
  the stack of the thread running it (sys._current_frames(), outermost frame first);
- when the file `<recording>.stacks` is created or touched (its mtime changes), every running
  future of every traced process gets a `stack` event within a tick: that is how a viewer asks.

In a process-pool worker the future runs on the worker's main thread and that process's own flush
thread takes the sample, so the stack is the worker's.
"""
import os
import sys

from . import _sites, _state, _writer

_running = {}
# mtime 0: no request seen yet; a request file older than the process counts once.
_request = {"path": None, "mtime": 0}


def started(ident, fid, lane, ts):
    _running[ident] = [fid, ts, lane, False]


def ended(ident, fid):
    entry = _running.get(ident)
    if entry is not None and entry[0] == fid:
        del _running[ident]
        return entry
    return None


def running_on(ident):
    return _running.get(ident)


def reset_after_fork():
    _running.clear()


def request_path():
    trace = os.environ.get(_state.ENV_TRACE) or (_writer.current.path if _writer.current else None)
    return (trace + ".stacks") if trace else None


def _requested():
    path = _request["path"]
    if path is None:
        path = _request["path"] = request_path()
        if path is None:
            return False
    try:
        mtime = os.stat(path).st_mtime_ns
    except OSError:
        mtime = 0
    previous = _request["mtime"]
    _request["mtime"] = mtime
    return mtime != previous and mtime != 0


def tick(threshold_us):
    """Runs on the flush thread: samples the stacks that are due."""
    requested = _requested()
    if not _running:
        return
    now = _state.now()
    due = []
    for ident, entry in list(_running.items()):
        if requested or (not entry[3] and now - entry[1] >= threshold_us):
            entry[3] = True
            due.append((ident, entry[0], entry[2]))
    if not due:
        return
    frames = sys._current_frames()
    for ident, fid, lane in due:
        frame = frames.get(ident)
        if frame is None:
            continue
        _writer.emit({"e": "stack", "ts": _state.now(), "lane": lane, "fid": fid, "frames": _sites.stack_frames(frame)})
    del frames
