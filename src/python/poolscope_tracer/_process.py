"""Process pools, the parent's side: submits, the id each task carries, workers spawned and exited.

submit() registers the future from its work item (see _executors). The future's id travels to the
worker as an attribute of the pickled _CallItem (plain objects pickle their __dict__); the user's
callable is pickled by reference as before, and a worker without Poolscope ignores the attribute.
(The work item's callable is marked with a partial until the manager thread builds the call item,
which takes the id and the original callable back.) Workers are seen being spawned
(`_spawn_process`, or `_adjust_process_count` on 3.8) and reaped (after shutdown and in the
manager thread).

The worker's side, `start` and `end` in the worker process, is _process_worker; a pool that
breaks, and the future a dead worker was running, _process_broken.
"""
import functools
import sys

from . import _executors, _futures, _process_broken, _process_worker, _state, _writer
from ._wrap import hide_own_frames, internal_failure, like, strip_own_frame, without_own_frames

_pools = {}
_originals = {}


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
    _process_worker._original["worker"] = worker
    process_module._process_worker = like(_process_worker._process_worker, worker)
    wrapped = getattr(process_module, "_ExceptionWithTraceback", None)
    if wrapped is not None and sys.version_info < (3, 11):
        init = wrapped.__init__
        wrapped.__init__ = like(_remote_exception_wrapper(init), init)
    manager = getattr(process_module, "_ExecutorManagerThread", None)
    if manager is not None:
        _install_manager(manager)
    _futures._hooks["broken"] = _process_broken.broken_future


# -- parent: submits and workers -----------------------------------------------------------------


def _work_item_wrapper(original):
    def __init__(self, *args, **kwargs):
        original(self, *args, **kwargs)
        if _state.proc.on:
            try:
                _register(self, sys._getframe(1))
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise

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
        # The pids new since the call, not a count: the manager thread may take an exited worker
        # out (and spawn its successor) meanwhile.
        if _state.proc.on and any(pid not in before for pid in list(self._processes)):
            try:
                xid = _executors.xid_of(self)
                pool = _pools.setdefault(xid, _Pool())
                for pid, process in list(self._processes.items()):
                    if pid not in before and pid not in pool.processes:
                        pool.processes[pid] = process
                        pool.spawned += 1
                        _writer.emit({"e": "worker-spawn", "ts": _state.now(), "xid": xid, "lane": worker_lane(pid)})
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise
        return result

    return spawn


def worker_lane(pid):
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
            {"e": "worker-exit", "ts": _state.now(), "xid": xid, "lane": worker_lane(pid), "code": code if code >= 0 else None}
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
        setattr(manager, broken_name, like(_process_broken.breaking(method), method))


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
                except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                    hide_own_frames(error)
                    raise

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
