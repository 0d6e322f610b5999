"""Thread pools: the cheapest path of the tracer, since a no-op task costs the pool ~10 µs.

submit() puts its work item on the pool's work queue: the queue is ours (_WorkQueue, a
queue.SimpleQueue that knows its pool's id, given to the pool by its __init__), and its put()
registers the future and writes `submit` before the item can reach a worker. No frame's locals
are read, no executor is looked up, nothing is allocated per task but the line. The worker's
set_running_or_notify_cancel() writes `start` (only when it says True: a cancelled future never
starts), and its set_result() writes `end` and `done` at once, before the waiters wake
(_futures.task_returned); a task that raised gets its `done`, traceback and all, from
_invoke_callbacks like any other future.

Workers write `worker-spawn` themselves, first thing, and `worker-exit` last.
"""
import queue
import sys
import types

from . import _blocking, _executors, _futures, _lanes, _preview, _sites, _state, _writer
from ._wrap import hide_own_frames, internal_failure, like, strip_own_frame

_FunctionType = types.FunctionType
_SimpleQueue = queue.SimpleQueue
_getframe = sys._getframe
_clock_ns = _state._clock_ns
_escape = _writer.escaper()
_WorkItem = None  # concurrent.futures.thread._WorkItem
_names = _futures._names


def install(thread_module):
    pool = thread_module.ThreadPoolExecutor
    _executors._kinds["python-thread"] = pool
    global _WorkItem
    _WorkItem = thread_module._WorkItem

    def describe(self):
        return "python-thread", getattr(self, "_thread_name_prefix", None) or type(self).__name__, self._max_workers

    pool.__init__ = _executors._init_wrapper(pool.__init__, describe, after=_own_queue)
    pool.shutdown = _executors._shutdown_wrapper(pool.shutdown)
    worker = thread_module._worker
    thread_module._worker = like(_worker_wrapper(worker), worker)


def _own_queue(executor, xid):
    # Only the standard queue: a subclass of the user's keeps its own behaviour, untraced.
    if type(getattr(executor, "_work_queue", None)) is _SimpleQueue:
        own = _WorkQueue()
        own._poolscope_xid = xid
        executor._work_queue = own


class _WorkQueue(_SimpleQueue):
    """The work queue of a traced thread pool: put() registers each work item's future."""

    def put(self, item, block=True, timeout=None):
        if type(item) is _WorkItem and _state.proc.on:
            try:
                # submit()'s caller, without making a frame object for submit() itself (it
                # would be one more object per future for the garbage collector).
                try:
                    caller = _getframe(2)
                except ValueError:  # put() called from a shallower stack than submit()'s
                    caller = None
                _submitted(item, self._poolscope_xid, caller)
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise
        return _SimpleQueue.put(self, item, block, timeout)


def _submitted(item, xid, caller):
    future = item.future
    if future._poolscope_fid is not None:
        return
    fn = getattr(item, "fn", None)
    if fn is not None:
        args, kwargs = item.args, item.kwargs
    else:  # 3.14 keeps (fn, args, kwargs) as the work item's `task`
        task = getattr(item, "task", None)
        fn, args, kwargs = task if type(task) is tuple and len(task) == 3 else (None, (), {})
    if args or kwargs:
        text = _preview.preview_args(args, kwargs or {})
    else:
        text = ""
    if type(fn) is _FunctionType and type(fn.__qualname__) is str:
        name = fn.__qualname__
    else:
        name = _preview.callable_name(fn) if fn is not None else "?"
    fid = _state.proc.next_fid()
    try:
        state = _lanes._local.state
    except AttributeError:
        state = _lanes.this()
    # _futures.register, inline and for this case only: no executor id on the future (only a
    # process pool's breaking needs it), a Condition that is a TracedCondition already (made by
    # the `threading` that _base sees).
    future._poolscope_fid = fid
    future._poolscope_task = True  # its set_result writes end and done at once
    if not _blocking.VIEW_INSTALLED:
        _blocking.TracedCondition.adopt(future)
    name = _names.get(name) or _futures.name_json(name)
    args = _escape(text) if text else '""'
    site = _sites.user_site_json(caller)
    ts = _clock_ns() // 1000
    line = f'{{"e":"submit","ts":{ts},"fid":{fid},"xid":{xid},"fn":{name},"args":{args},"lane":{state.lane_json}'
    if site is not None:
        line = f'{line},"site":{site}'
    call = _blocking._tls.map
    if call is not None and call.xid == xid:
        line = f'{line},"map":{call.id},"idx":{call.next_idx}'
        call.next_idx += 1
    _futures.put(line + "}\n", state)


# -- workers ------------------------------------------------------------------------------------


def _xid_behind(reference):
    executor = reference() if callable(reference) else None
    return getattr(executor, "_poolscope_xid", None)


def _worker_wrapper(original):
    def _worker(*args, **kwargs):
        # Only the id: holding the executor here would keep it alive, and its workers with it.
        xid = _xid_behind(args[0]) if args else None
        if xid is not None and _state.proc.on:
            try:
                lane = _lanes.lane()  # described even if it never runs a task
                _writer.emit({"e": "worker-spawn", "ts": _state.now(), "xid": xid, "lane": lane})
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise
        try:
            return original(*args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise
        finally:
            if xid is not None and _state.proc.on:
                try:
                    lane = _lanes.lane()
                    _writer.emit({"e": "worker-exit", "ts": _state.now(), "xid": xid, "lane": lane, "code": 0})
                except Exception as error:
                    internal_failure(error)
                except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                    hide_own_frames(error)
                    raise

    return _worker
