"""The life of a concurrent.futures.Future: registration, start, end, done, callbacks, cancel.

Futures are registered when an executor creates them (see _executors and _process) or, for a
Future() made by hand, when user code creates one. A registered future carries its id in
`_poolscope_fid` and a Condition of ours (_waits.TracedCondition) that sees result()/exception()
block. The hooks below patch methods of concurrent.futures.Future and only act on registered
futures; they follow the protocol every executor uses:

- set_running_or_notify_cancel() returning True: the work starts, on the calling thread (a
  process pool's future starts in the worker process instead, see _process);
- set_result() / set_exception() on that same thread: the work ended;
- _invoke_callbacks(), which set_result, set_exception and cancel() call once the state is
  final: the future is done (written before any callback runs);
- add_done_callback(fn): fn is wrapped to write cb-begin / cb-end where it runs.
"""
import itertools
import sys
import threading

from . import _errors, _lanes, _preview, _sites, _state, _stuck, _waits, _writer
from ._wrap import internal_failure, like, strip_own_frame, without_own_frames

_base = None
_tls = threading.local()
_hooks = {"broken": None}
_HANDMADE = {}


def install(base_module):
    global _base
    _base = base_module
    future = base_module.Future
    _originals.update(
        init=future.__init__,
        set_running=future.set_running_or_notify_cancel,
        set_result=future.set_result,
        set_exception=future.set_exception,
        invoke=future._invoke_callbacks,
        cancel=future.cancel,
        add_done_callback=future.add_done_callback,
    )
    future.__init__ = like(_init, _originals["init"])
    future.set_running_or_notify_cancel = like(_set_running_or_notify_cancel, _originals["set_running"])
    future.set_result = like(_set_result, _originals["set_result"])
    future.set_exception = like(_set_exception, _originals["set_exception"])
    future._invoke_callbacks = like(_invoke_callbacks, _originals["invoke"])
    future.cancel = like(_cancel, _originals["cancel"])
    future.add_done_callback = like(_add_done_callback, _originals["add_done_callback"])
    _CODES["result_or_cancel"] = getattr(getattr(base_module, "_result_or_cancel", None), "__code__", None)
    if sys.version_info < (3, 11):
        base_module.LOGGER.addFilter(_HideOwnFrames())


_originals = {}
_CODES = {}


class _HideOwnFrames(object):
    """A filter on the concurrent.futures logger: a logged callback error shows no frame of ours.

    Only before 3.11, where re-raising keeps the wrapper's frame (see _wrap.strip_own_frame).
    """

    def filter(self, record):
        exc_info = getattr(record, "exc_info", None)
        if type(exc_info) is tuple and len(exc_info) == 3 and exc_info[2] is not None:
            record.exc_info = (exc_info[0], exc_info[1], without_own_frames(exc_info[2]))
        return True


def reset_after_fork():
    global _tls
    _tls = threading.local()
    _HANDMADE.clear()


def fid_of(future):
    return getattr(future, "_poolscope_fid", None)


def register(future, xid, fn_name, args_text, site, map_id=None, idx=None, remote=False):
    """Gives a fresh (not yet shared) future its id and writes its `submit`."""
    fid = _state.proc.next_fid()
    lane = _lanes.lane()
    future._poolscope_fid = fid
    future._poolscope_xid = xid
    if remote:
        future._poolscope_remote = True
    _waits.TracedCondition.adopt(future)
    record = {
        "e": "submit",
        "ts": _state.now(),
        "fid": fid,
        "xid": xid,
        "fn": fn_name,
        "args": args_text,
        "lane": lane,
    }
    if site is not None:
        record["site"] = site
    if map_id is not None:
        record["map"] = map_id
        record["idx"] = idx
    _writer.emit(record)
    return fid


# -- creation ---------------------------------------------------------------------------------


def _init(self, *args, **kwargs):
    try:
        _originals["init"](self, *args, **kwargs)
    except BaseException as error:
        strip_own_frame(error)
        raise
    if _state.proc.on:
        try:
            _on_new_future(self)
        except Exception as error:
            internal_failure(error)


def _on_new_future(future):
    caller = sys._getframe(2)
    if _sites.is_concurrent_futures_file(caller.f_code.co_filename):
        # A pool's submit: registered with its work item, also when an executor of the user's
        # delegates to a pool (the future is the pool's).
        return
    claim = getattr(_tls, "claim", None)
    if claim is not None and claim.future is None:
        claim.future = future
        claim.register(future)
        return
    register(future, _handmade_xid(), "Future()", "", _sites.user_site(caller))


def _handmade_xid():
    """Futures made by hand belong to one pseudo-executor per process, created on first use."""
    xid = _HANDMADE.get("xid")
    if xid is None:
        fresh = _state.proc.next_xid()
        xid = _HANDMADE.setdefault("xid", fresh)  # atomic: one thread writes the executor
        if xid != fresh:
            return xid
        lane = _lanes.lane()
        _writer.emit(
            {
                "e": "executor",
                "ts": _state.now(),
                "xid": xid,
                "kind": "other",
                "maxWorkers": 1,
                "name": "Future() made by hand",
                "lane": lane,
            }
        )
    return xid


class Claim(object):
    """While an executor of another kind submits, the first Future created on this thread is its."""

    __slots__ = ("future", "register", "previous")

    def __init__(self, register_fn):
        self.future = None
        self.register = register_fn
        self.previous = getattr(_tls, "claim", None)
        _tls.claim = self

    def close(self):
        _tls.claim = self.previous


# -- running ----------------------------------------------------------------------------------


def _set_running_or_notify_cancel(self):
    try:
        running = _originals["set_running"](self)
    except BaseException as error:
        strip_own_frame(error)
        raise
    if running and _state.proc.on:
        fid = getattr(self, "_poolscope_fid", None)
        if fid is not None and not getattr(self, "_poolscope_remote", False):
            try:
                work_started(fid)
            except Exception as error:
                internal_failure(error)
    return running


def work_started(fid):
    lane = _lanes.lane()
    ts = _state.now()
    _stuck.started(threading.get_ident(), fid, lane, ts)
    _writer.emit({"e": "start", "ts": ts, "fid": fid, "lane": lane})


def work_ended(fid, ok):
    """Writes `end` when this thread is the one that started the future."""
    entry = _stuck.ended(threading.get_ident(), fid)
    if entry is not None:
        _writer.emit({"e": "end", "ts": _state.now(), "fid": fid, "lane": entry[2], "ok": ok})


def _set_result(self, result):
    if _state.proc.on:
        _before_outcome(self, True)
    try:
        return _originals["set_result"](self, result)
    except BaseException as error:
        strip_own_frame(error)
        raise


def _set_exception(self, exception):
    if _state.proc.on:
        _before_outcome(self, False)
    try:
        return _originals["set_exception"](self, exception)
    except BaseException as error:
        strip_own_frame(error)
        raise


def _before_outcome(future, ok):
    fid = getattr(future, "_poolscope_fid", None)
    if fid is None:
        return
    try:
        if future._state == _base.RUNNING and not getattr(future, "_poolscope_remote", False):
            work_ended(fid, ok)
        # `done` is written after the waiters are woken; its time is now, when the outcome is set.
        future._poolscope_final_ts = _state.now()
    except Exception as error:
        internal_failure(error)


# -- done -------------------------------------------------------------------------------------


def _invoke_callbacks(self):
    if _state.proc.on and getattr(self, "_poolscope_fid", None) is not None:
        try:
            _write_done(self)
        except Exception as error:
            internal_failure(error)
    try:
        return _originals["invoke"](self)
    except BaseException as error:
        strip_own_frame(error)
        raise


def _write_done(future):
    if getattr(future, "_poolscope_done", False):
        return
    future._poolscope_done = True
    fid = future._poolscope_fid
    lane = _lanes.lane()
    state = future._state
    record = {"e": "done", "ts": 0, "fid": fid, "lane": lane}
    if state in (_base.CANCELLED, _base.CANCELLED_AND_NOTIFIED):
        if getattr(_tls, "cancelling", None) == fid:
            _tls.cancel_written = True
            _writer.emit({"e": "cancel", "ts": _state.now(), "fid": fid, "ok": True, "lane": lane})
        record["outcome"] = "cancelled"
    elif future._exception is not None:
        exc = future._exception
        record["outcome"] = "exception"
        record["error"] = _errors.error_info(exc)
        if isinstance(exc, _base.BrokenExecutor) and _hooks["broken"] is not None:
            _hooks["broken"](future, exc)
    else:
        record["outcome"] = "result"
        result = future._result
        if getattr(future, "_poolscope_chunk", 0) == 1 and type(result) is list and len(result) == 1:
            result = result[0]  # a process-pool map item sent alone: show the item's result
        record["value"] = _preview.preview(result)
    record["ts"] = future.__dict__.pop("_poolscope_final_ts", None) or _state.now()
    _writer.emit(record)


# -- cancel -----------------------------------------------------------------------------------


def _cancel(self):
    fid = getattr(self, "_poolscope_fid", None)
    if fid is None or not _state.proc.on:
        try:
            return _originals["cancel"](self)
        except BaseException as error:
            strip_own_frame(error)
            raise
    previous = getattr(_tls, "cancelling", None)
    _tls.cancelling = fid
    _tls.cancel_written = False
    try:
        answer = _originals["cancel"](self)
    except BaseException as error:
        strip_own_frame(error)
        raise
    finally:
        _tls.cancelling = previous
    try:
        if not _tls.cancel_written and not _is_result_or_cancel_cleanup(self, answer):
            lane = _lanes.lane()
            _writer.emit({"e": "cancel", "ts": _state.now(), "fid": fid, "ok": answer, "lane": lane})
    except Exception as error:
        internal_failure(error)
    return answer


def _is_result_or_cancel_cleanup(future, answer):
    """map()'s iterator (3.11+) calls cancel() on every future it has read: not a user's attempt."""
    code = _CODES.get("result_or_cancel")
    return (
        code is not None
        and not answer
        and future._state == _base.FINISHED
        and sys._getframe(2).f_code is code
    )


# -- callbacks --------------------------------------------------------------------------------


def _add_done_callback(self, fn):
    fid = getattr(self, "_poolscope_fid", None)
    if fid is not None and _state.proc.on:
        try:
            counter = self.__dict__.get("_poolscope_cb")
            if counter is None:
                counter = self.__dict__.setdefault("_poolscope_cb", itertools.count().__next__)
            fn = _Callback(fn, fid, counter())
        except Exception as error:
            internal_failure(error)
    try:
        return _originals["add_done_callback"](self, fn)
    except BaseException as error:
        strip_own_frame(error)
        raise


class _Callback(object):
    """A done-callback that writes cb-begin / cb-end around the user's function."""

    __slots__ = ("fn", "fid", "index", "name")

    def __init__(self, fn, fid, index):
        self.fn = fn
        self.fid = fid
        self.index = index
        self.name = _preview.callable_name(fn)

    def __call__(self, future):
        traced = _state.proc.on
        if traced:
            lane = _callback_begin(self)
        try:
            result = self.fn(future)
        except BaseException as error:
            if traced and _state.proc.on:
                _callback_end(self, lane, error)
            strip_own_frame(error)
            raise
        if traced and _state.proc.on:
            _callback_end(self, lane, None)
        return result


def _callback_begin(callback):
    try:
        lane = _lanes.lane()
        _writer.emit(
            {"e": "cb-begin", "ts": _state.now(), "fid": callback.fid, "cb": callback.index, "fn": callback.name, "lane": lane}
        )
        return lane
    except Exception as error:
        internal_failure(error)
        return None


def _callback_end(callback, lane, error):
    try:
        record = {"e": "cb-end", "ts": _state.now(), "fid": callback.fid, "cb": callback.index, "lane": lane}
        record["raised"] = error is not None
        if error is not None:
            record["error"] = _errors.error_info(error)
        _writer.emit(record)
    except Exception as failure:
        internal_failure(failure)
