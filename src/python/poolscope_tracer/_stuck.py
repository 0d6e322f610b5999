"""Stuck futures: the stack of the thread running a future that runs too long, or on request.

Every thread that runs a future says so in its _lanes.ThreadState while it runs (`running`:
fid and start). The flush thread looks at them every tick:

- a future running longer than POOLSCOPE_STUCK_MS (default 5000) gets one `stack` event with
  the stack of the thread running it (sys._current_frames(), outermost frame first);
- when the file `<recording>.stacks` is created or touched (its mtime changes), every running
  future of every traced process gets a `stack` event within a tick: that is how a viewer asks.

In a process-pool worker the future runs on the worker's main thread and that process's own flush
thread takes the sample, so the stack is the worker's.
"""
import os
import sys

from . import _lanes, _sites, _state, _writer

# mtime 0: no request seen yet; a request file older than the process counts once.
_request = {"path": None, "mtime": 0}


def started(state, fid, ts):
    state.running = (fid, ts)


def ended(state, fid):
    """True when `state`'s thread was running `fid` (and is not any more)."""
    running = state.running
    if running is not None and running[0] == fid:
        state.running = None
        return True
    return False


def running_threads():
    """(thread state, fid, start ts) of every thread running a future now."""
    found = []
    for state in list(_lanes.threads.values()):
        running = state.running
        if running is not None:
            found.append((state, running[0], running[1]))
    return found


def reset_after_fork():
    pass  # the thread states go with _lanes'


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
    running = running_threads()
    if not running:
        return
    now = _state.now()
    due = []
    for state, fid, ts in running:
        if requested or (state.reported != fid and now - ts >= threshold_us):
            state.reported = fid
            due.append((state.ident, fid, state.lane))
    if not due:
        return
    frames = sys._current_frames()
    for ident, fid, lane in due:
        frame = frames.get(ident)
        if frame is None:
            continue
        _writer.emit({"e": "stack", "ts": _state.now(), "lane": lane, "fid": fid, "frames": _sites.stack_frames(frame)})
    del frames
