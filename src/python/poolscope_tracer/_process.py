"""Process pools: the parent's side and the worker's side.

Parent. submit() registers the future from its work item (see _executors). The future's id
travels to the worker as an attribute of the pickled _CallItem (plain objects pickle their
__dict__); the user's callable is pickled by reference as before, and a worker without Poolscope
ignores the attribute. (The work item's callable is marked with a partial until the manager
thread builds the call item, which takes the id and the original callable back.) Workers are
seen being spawned (`_spawn_process`, or `_adjust_process_count` on 3.8) and reaped (after
shutdown and in the manager thread), a broken pool is written with the worker that died and, when
it can be found, the future it was running.

Worker. `_process_worker`, the function every pool worker process runs, is replaced by a wrapper
that presents the same name and module, so the parent pickles it by reference as before and a
worker resolves it to whatever that process has: ours when traced (fork, spawn and forkserver
workers all import concurrent.futures.process, which Poolscope patches on import), the original
otherwise. The wrapper hands the original a call queue whose get() wraps each call item's
callable in a _RunTask that writes `start` and `end` on the worker's lane. They are flushed at
once when the last flush is more than 20 ms old, else by the flush thread within 50 ms: a worker
that is killed loses at most its last 50 ms (a write per task would cost more than small tasks).
"""
import functools
import json
import os
import signal
import sys
import time

from . import _executors, _futures, _lanes, _state, _writer
from ._wrap import internal_failure, like, strip_own_frame, without_own_frames

TAIL_BYTES = 8 << 20
TASK_FLUSH_GAP_NS = 20 * 1000 * 1000
_pools = {}
_originals = {}
_broken = set()


class _Pool(object):
    __slots__ = ("processes", "exited", "spawned")

    def __init__(self):
        self.processes = {}
        self.exited = set()
        self.spawned = 0  # ever, so that one exited and one spawned is a change (_workers_changed)


def install(process_module):
    pool = process_module.ProcessPoolExecutor
    _executors._kinds["python-process"] = pool
    _originals["chunk"] = getattr(process_module, "_process_chunk", None)

    def describe(self):
        return "python-process", type(self).__name__, self._max_workers

    pool.__init__ = _executors._init_wrapper(pool.__init__, describe)
    pool.shutdown = _executors._shutdown_wrapper(pool.shutdown, lambda executor, xid: reap(xid))
    spawn_name = "_spawn_process" if hasattr(pool, "_spawn_process") else "_adjust_process_count"
    spawn = getattr(pool, spawn_name)
    setattr(pool, spawn_name, like(_spawn_wrapper(spawn), spawn))
    item_init = process_module._WorkItem.__init__
    process_module._WorkItem.__init__ = like(_work_item_wrapper(item_init), item_init)
    call_init = process_module._CallItem.__init__
    process_module._CallItem.__init__ = like(_call_item_wrapper(call_init), call_init)
    worker = process_module._process_worker
    _originals["worker"] = worker
    process_module._process_worker = like(_process_worker, worker)
    wrapped = getattr(process_module, "_ExceptionWithTraceback", None)
    if wrapped is not None and sys.version_info < (3, 11):
        init = wrapped.__init__
        wrapped.__init__ = like(_remote_exception_wrapper(init), init)
    manager = getattr(process_module, "_ExecutorManagerThread", None)
    if manager is not None:
        _install_manager(manager)
    _futures._hooks["broken"] = _broken_future


# -- parent: submits and workers -----------------------------------------------------------------


def _work_item_wrapper(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if _state.proc.on:
            try:
                _register(self, sys._getframe(1))
            except Exception as error:
                internal_failure(error)

    return __init__


def _register(item, submit_frame):
    fn, call_args = item.fn, item.args
    items = None
    named = fn
    if (
        isinstance(fn, functools.partial)
        and fn.func is _originals["chunk"]
        and fn.args
        and call_args
        and type(call_args[0]) is tuple
    ):
        named, items = fn.args[0], call_args[0]
    fid = _executors.register_submit(
        submit_frame, item.future, named, call_args, item.kwargs or {}, remote=True, items=items
    )
    if fid is None:
        return
    if items is not None:
        item.future._poolscope_chunk = len(items)
    # Marks the callable until the manager thread makes the call item (see _call_item_wrapper).
    carrier = functools.partial(fn)
    carrier._poolscope_fid = fid
    carrier._poolscope_fn = fn
    item.fn = carrier


def _call_item_wrapper(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        fn = getattr(self, "fn", None)
        if type(fn) is functools.partial and "_poolscope_fid" in fn.__dict__:
            # The call item carries the id to the worker (pickled with its __dict__); the user's
            # callable goes as it would without Poolscope.
            self.fn = fn.__dict__["_poolscope_fn"]
            self._poolscope_fid = fn.__dict__["_poolscope_fid"]

    return __init__


def _remote_exception_wrapper(original):
    """Before 3.11 a task's traceback, formatted in the worker, would show _RunTask's frame."""

    def __init__(self, exc, tb, *args, **kwargs):
        return original(self, exc, without_own_frames(tb), *args, **kwargs)

    return __init__


def _spawn_wrapper(original):
    def spawn(self, *args, **kwargs):
        before = set(self._processes)
        try:
            result = original(self, *args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise
        if _state.proc.on and len(self._processes) > len(before):
            try:
                xid = _executors.xid_of(self)
                pool = _pools.setdefault(xid, _Pool())
                for pid, process in list(self._processes.items()):
                    if pid not in before:
                        pool.processes[pid] = process
                        pool.spawned += 1
                        _writer.emit({"e": "worker-spawn", "ts": _state.now(), "xid": xid, "lane": _worker_lane(pid)})
            except Exception as error:
                internal_failure(error)
        return result

    return spawn


def _worker_lane(pid):
    # A worker's tasks run on its main thread, whose native id is its pid on Linux.
    return "%d:%d" % (pid, pid)


def reap(xid):
    """worker-exit for every worker of the pool that has been joined since the last look."""
    pool = _pools.get(xid)
    if pool is None:
        return
    for pid, process in list(pool.processes.items()):
        if pid in pool.exited:
            continue
        popen = getattr(process, "_popen", None)
        code = getattr(popen, "returncode", None)
        if code is None:
            continue
        pool.exited.add(pid)
        _writer.emit(
            {"e": "worker-exit", "ts": _state.now(), "xid": xid, "lane": _worker_lane(pid), "code": code if code >= 0 else None}
        )
    if len(pool.exited) == len(pool.processes):
        pool.processes.clear()
        pool.exited.clear()


def _install_manager(manager):
    init = manager.__init__

    def __init__(self, executor, *args, **kwargs):
        init(self, executor, *args, **kwargs)
        self._poolscope_xid = getattr(executor, "_poolscope_xid", None)

    manager.__init__ = like(__init__, init)
    for name in ("process_result_item", "join_executor_internals", "_join_executor_internals"):
        method = manager.__dict__.get(name)
        if method is not None:
            setattr(manager, name, like(_reaping(method, name == "process_result_item"), method))
    broken_name = "_terminate_broken" if "_terminate_broken" in manager.__dict__ else "terminate_broken"
    method = manager.__dict__.get(broken_name)
    if method is not None:
        setattr(manager, broken_name, like(_breaking(method), method))


def _reaping(original, per_result=False):
    def method(self, *args, **kwargs):
        try:
            return original(self, *args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise
        finally:
            xid = getattr(self, "_poolscope_xid", None)
            if xid is not None and _state.proc.on:
                try:
                    if not per_result or _workers_changed(self, xid):
                        reap(xid)
                except Exception as error:
                    internal_failure(error)

    return method


def _workers_changed(manager, xid):
    """After each result: have workers left the manager's list (or joined it) since the last look?

    The manager joins a worker that exited and drops it from `processes` (the pool's own dict);
    only then is its exit code known. Looking at every worker after every result would cost more
    than small tasks do.
    """
    processes = getattr(manager, "processes", None)
    pool = _pools.get(xid)
    if type(processes) is not dict or pool is None:
        return True
    seen = (len(processes), pool.spawned)
    if seen == manager.__dict__.get("_poolscope_workers"):
        return False
    manager._poolscope_workers = seen
    return True


def _breaking(original):
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
        try:
            return original(self, *args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise

    return method


def _broken_future(future, exc):
    """A future failed with BrokenExecutor: the first one of its pool tells the pool broke."""
    xid = getattr(future, "_poolscope_xid", None)
    if xid is not None:
        _pool_broken(xid, None, exc)


def _pool_broken(xid, reason, exc=None):
    if xid in _broken:
        return
    _broken.add(xid)
    pool = _pools.get(xid)
    if reason is None:
        reason = _exc_text(exc) if pool is None else None
        reason = reason or "A child process terminated abruptly, the process pool is not usable anymore"
    details = []
    dead = _dead_workers(pool)
    if dead and _writer.current is not None:
        _writer.current.flush()  # the `done` of every future whose result came back, for running_fids
    for pid, process, code in dead:
        pool.exited.add(pid)
        lane = _worker_lane(pid)
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


# -- worker -------------------------------------------------------------------------------------


def _process_worker(call_queue, *args, **kwargs):
    traced = _state.proc.on
    if traced:
        call_queue = _CallQueue(call_queue)
        try:
            _lanes.lane()  # the worker's lane is described even if it never runs a task
        except Exception as error:
            internal_failure(error)
    try:
        return _originals["worker"](call_queue, *args, **kwargs)
    except BaseException as error:
        strip_own_frame(error)
        raise
    finally:
        if traced and _writer.current is not None:
            _writer.current.flush()


class _CallQueue(object):
    """The worker's call queue, wrapping each call item's callable in a _RunTask."""

    __slots__ = ("_queue",)

    def __init__(self, queue):
        self._queue = queue

    def get(self, *args, **kwargs):
        try:
            item = self._queue.get(*args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise
        fid = getattr(item, "_poolscope_fid", None)
        if fid is not None and _state.proc.on:
            item.fn = _RunTask(item.fn, fid)
        return item

    def __getattr__(self, name):
        return getattr(self._queue, name)


class _RunTask(object):
    __slots__ = ("fn", "fid")

    def __init__(self, fn, fid):
        self.fn = fn
        self.fid = fid

    def __call__(self, *args, **kwargs):
        traced = _state.proc.on
        if traced:
            _task_event(self.fid, None)
        try:
            result = self.fn(*args, **kwargs)
        except BaseException as error:
            if traced:
                _task_event(self.fid, False)
            strip_own_frame(error)
            raise
        if traced:
            _task_event(self.fid, True)
        return result


def _task_event(fid, ok):
    """`start` (ok None) or `end` of a task in this worker, flushed at once when the last flush
    is more than TASK_FLUSH_GAP_NS old (else the flush thread writes it within 50 ms)."""
    try:
        if ok is None:
            _futures.work_started(fid)
        else:
            _futures.work_ended(fid, ok)
        writer = _writer.current
        if writer is not None and _state._clock_ns() - writer.flushed_ns >= TASK_FLUSH_GAP_NS:
            writer.flush()
    except Exception as error:
        internal_failure(error)
