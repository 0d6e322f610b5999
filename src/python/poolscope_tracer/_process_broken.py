"""Process pools that break: the `broken` event, and which worker died running which future.

The manager thread's terminate_broken (3.9+), or the first future failing with BrokenExecutor,
says the pool broke. Each worker that died (exit code not 0) gets `worker-crash` when the future
it was running can be found in the recording: its last `start` without `end`, and without `done`,
in the last 8 MiB of the file (the parent flushes its own lines first).
"""
import json
import os
import signal
import time

from . import _process, _state, _writer
from ._wrap import hide_own_frames, internal_failure, strip_own_frame

TAIL_BYTES = 8 << 20
_broken = set()


def breaking(original):
    def method(self, *args, **kwargs):
        xid = getattr(self, "_poolscope_xid", None)
        if xid is not None and _state.proc.on:
            try:
                executor = self.executor_reference()
                reason = getattr(executor, "_broken", None) if executor is not None else None
                del executor
                _pool_broken(xid, reason if type(reason) is str else None)
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise
        try:
            return original(self, *args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise

    return method


def broken_future(future, exc):
    """A future failed with BrokenExecutor: the first one of its pool tells the pool broke."""
    xid = getattr(future, "_poolscope_xid", None)
    if xid is not None:
        _pool_broken(xid, None, exc)


def _pool_broken(xid, reason, exc=None):
    if xid in _broken:
        return
    _broken.add(xid)
    pool = _process._pools.get(xid)
    if reason is None:
        reason = _exc_text(exc) if pool is None else None
        reason = reason or "A child process terminated abruptly, the process pool is not usable anymore"
    details = []
    dead = _dead_workers(pool)
    if dead and _writer.current is not None:
        _writer.current.flush()  # the `done` of every future whose result came back, for running_fids
    for pid, process, code in dead:
        pool.exited.add(pid)
        lane = _process.worker_lane(pid)
        death = _death(pid, code)
        fids = running_fids(pid)
        if fids:
            _writer.emit(
                {
                    "e": "worker-crash",
                    "ts": _state.now(),
                    "xid": xid,
                    "lane": lane,
                    "fids": fids,
                    "error": {"type": death[0], "message": death[1]},
                }
            )
            details.append("%s while running future %s" % (death[1], ", ".join(str(f) for f in fids)))
        else:
            details.append(death[1])
        _writer.emit({"e": "worker-exit", "ts": _state.now(), "xid": xid, "lane": lane, "code": code if code >= 0 else None})
    if details:
        reason = "%s (%s)" % (reason, "; ".join(details))
    _writer.emit({"e": "broken", "ts": _state.now(), "xid": xid, "reason": reason})


def _dead_workers(pool, patience_s=0.2):
    """Workers that died, with their exit codes.

    The manager thread sees a worker's death when its sentinel closes, which can be a moment
    before the kernel lets the parent reap it: look again for a little while. Polling here is safe,
    the manager thread is the one that reaps.
    """
    if pool is None:
        return []
    deadline = time.monotonic() + patience_s
    while True:
        dead = []
        for pid, process in list(pool.processes.items()):
            code = process.exitcode if pid not in pool.exited else None
            if code is not None and code != 0:
                dead.append((pid, process, code))
        if dead or time.monotonic() >= deadline:
            return dead
        time.sleep(0.005)


def _exc_text(exc):
    if exc is None:
        return None
    args = getattr(exc, "args", ())
    return args[0] if len(args) == 1 and type(args[0]) is str else None


def _death(pid, code):
    if code < 0:
        try:
            name = signal.Signals(-code).name
        except ValueError:
            name = "signal %d" % -code
        return "ProcessKilled", "process %d was killed by %s" % (pid, name)
    return "ProcessExited", "process %d exited with code %d" % (pid, code)


def running_fids(pid, path=None):
    """The future a dead worker was running: its last `start` with no `end` after it in the file,
    and no `done` anywhere (the parent flushes its own lines first).

    A worker's `start` reaches the file within 50 ms, so a task it was running for longer is
    found; a `start` whose `end` had not reached the file yet belongs to a task whose result came
    back, and the `done` written for it rules it out. Only the last 8 MiB are read, and only this
    process's futures count.
    """
    path = path or (_writer.current.path if _writer.current else None)
    if not path:
        return []
    try:
        fd = os.open(path, os.O_RDONLY)
        try:
            size = os.fstat(fd).st_size
            start = max(0, size - TAIL_BYTES)
            os.lseek(fd, start, os.SEEK_SET)
            data = b""
            while len(data) < size - start:
                chunk = os.read(fd, size - start - len(data))
                if not chunk:
                    break
                data += chunk
        finally:
            os.close(fd)
    except OSError:
        return []
    marker = ('"lane":"%d:' % pid).encode("ascii")
    lines = data.split(b"\n")
    for line in reversed(lines):
        if marker not in line or (b'"e":"start"' not in line and b'"e":"end"' not in line):
            continue
        try:
            record = json.loads(line.decode("ascii"))
        except ValueError:
            continue
        fid = record.get("fid")
        if not isinstance(fid, int) or not _state.proc.owns_id(fid):
            continue
        if record.get("e") != "start" or _has_done(lines, fid):
            return []
        return [fid]
    return []


def _has_done(lines, fid):
    key = b'"fid":%d,' % fid
    for line in lines:
        if key in line and b'"e":"done"' in line:
            try:
                if json.loads(line.decode("ascii")).get("fid") == fid:
                    return True
            except ValueError:
                continue
    return False
