"""Executors: their creation, submits and shutdown.

ProcessPoolExecutor creates a `_WorkItem(future, fn, args, kwargs)` in submit() before the work is
queued; that constructor is where its futures are registered (the executor is submit()'s `self`,
see _process). Thread pools register theirs as their work queue takes them (_thread_pool). Any
other subclass of concurrent.futures.Executor is instrumented when its class is created
(Executor.__init_subclass__): its own submit() claims the first Future created during the call,
its __init__ and shutdown() are recorded like the pools'.
"""
import operator
import sys
import types

from . import _blocking, _futures, _lanes, _preview, _sites, _state, _waits, _writer
from ._wrap import hide_own_frames, internal_failure, like, strip_own_frame

_getframe = sys._getframe
_FunctionType = types.FunctionType
_TUPLE = {tuple}
_ONE = {1}
_first = operator.itemgetter(0)

_base = None
_kinds = {}
_originals = {}


def install_base(base_module):
    global _base
    _base = base_module
    executor = base_module.Executor
    original = executor.__dict__.get("__init_subclass__")
    _originals["init_subclass"] = original

    def __init_subclass__(cls, **kwargs):
        if original is not None:
            original.__func__(cls, **kwargs)
        else:
            super(executor, cls).__init_subclass__(**kwargs)
        try:
            _instrument_subclass(cls)
        except Exception as error:
            internal_failure(error)
        except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
            hide_own_frames(error)
            raise

    executor.__init_subclass__ = classmethod(__init_subclass__)


# -- executor records --------------------------------------------------------------------------


def record_executor(executor, kind, name, max_workers, site):
    xid = _state.proc.next_xid()
    executor._poolscope_xid = xid
    if not isinstance(max_workers, int) or isinstance(max_workers, bool) or max_workers < 1:
        max_workers = 1
    lane = _lanes.lane()
    record = {
        "e": "executor",
        "ts": _state.now(),
        "xid": xid,
        "kind": kind,
        "maxWorkers": max_workers,
        "name": name if type(name) is str else "?",
        "lane": lane,
    }
    if site is not None:
        record["site"] = site
    _writer.emit(record)
    return xid


def xid_of(executor, site=None):
    """The executor's id, recording it now if it was created before recording began."""
    xid = getattr(executor, "_poolscope_xid", None)
    if xid is None:
        kind = _kind_of(executor)
        name = getattr(executor, "_thread_name_prefix", None) if kind == "python-thread" else None
        xid = record_executor(
            executor, kind, name or type(executor).__name__, getattr(executor, "_max_workers", None), site
        )
    return xid


def _kind_of(executor):
    for kind, cls in _kinds.items():
        if isinstance(executor, cls):
            return kind
    return "other"


def _init_wrapper(original, describe, after=None):
    """`after(executor, xid)` runs once the executor is recorded."""

    def __init__(self, *args, **kwargs):
        try:
            original(self, *args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise
        if _state.proc.on and getattr(self, "_poolscope_xid", None) is None:
            try:
                kind, name, max_workers = describe(self)
                xid = record_executor(self, kind, name, max_workers, _sites.caller_site(1))
                if after is not None:
                    after(self, xid)
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise

    return like(__init__, original)


def _shutdown_wrapper(original, after=None):
    def shutdown(self, *args, **kwargs):
        xid = getattr(self, "_poolscope_xid", None)
        if xid is None or not _state.proc.on:
            try:
                return original(self, *args, **kwargs)
            except BaseException as error:
                strip_own_frame(error)
                raise
        wait = args[0] if args else kwargs.get("wait", True)
        cancel = args[1] if len(args) > 1 else kwargs.get("cancel_futures", False)
        lane = _lanes.lane()
        _writer.emit(
            {"e": "shutdown-begin", "ts": _state.now(), "xid": xid, "wait": bool(wait), "cancelFutures": bool(cancel), "lane": lane}
        )
        try:
            return original(self, *args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise
        finally:
            if _state.proc.on:
                try:
                    if after is not None:
                        after(self, xid)
                    _writer.emit({"e": "shutdown-end", "ts": _state.now(), "xid": xid, "lane": lane})
                except Exception as error:
                    internal_failure(error)
                except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                    hide_own_frames(error)
                    raise

    return like(shutdown, original)


# -- submits ------------------------------------------------------------------------------------


def register_submit(submit_frame, future, fn, args, kwargs, remote=False, items=None, xid=None):
    """Registers a pool's future from its work item; `submit_frame` is the pool's submit(), whose
    `self` is the executor unless its id `xid` is given."""
    if getattr(future, "_poolscope_fid", None) is not None:
        return None
    site = _sites.user_site_json(submit_frame)
    if xid is None:
        executor = submit_frame.f_locals.get("self") if submit_frame is not None else None
        xid = getattr(executor, "_poolscope_xid", None)
        if xid is None:
            xid = xid_of(executor) if executor is not None else _futures._handmade_xid()
    map_id = idx = None
    call = _blocking._tls.map
    if call is not None and call.xid == xid:
        map_id, idx = call.id, call.next_idx
        call.next_idx += len(items) if items is not None else 1
    if items is None:
        text = _preview.preview_args(args, kwargs) if args or kwargs else ""
    elif len(items) == 1:
        text = _preview.preview_args(items[0], {})
    else:
        # Only as many items as a preview shows (and one more, for its "..."): a chunk can be long.
        shown = items[: _preview.MAX_ITEMS + 1]
        if set(map(type, shown)) == _TUPLE and set(map(len, shown)) == _ONE:  # map(fn, one iterable)
            shown = list(map(_first, shown))
        else:
            shown = [item[0] if type(item) is tuple and len(item) == 1 else item for item in shown]
        text = _preview.preview(shown)
    if type(fn) is _FunctionType and type(fn.__qualname__) is str:
        name = fn.__qualname__
    else:
        name = _preview.callable_name(fn)
    return _futures.register(future, xid, name, text, site, map_id, idx, remote)


# -- other executors ----------------------------------------------------------------------------


def _instrument_subclass(cls):
    if cls.__module__ in ("concurrent.futures.thread", "concurrent.futures.process"):
        return
    own = cls.__dict__
    if isinstance(own.get("submit"), types.FunctionType):
        cls.submit = like(_other_submit_wrapper(own["submit"]), own["submit"])
    if isinstance(own.get("__init__"), types.FunctionType):

        def describe(self):
            return _kind_of(self), type(self).__name__, getattr(self, "_max_workers", None)

        cls.__init__ = _init_wrapper(own["__init__"], describe)
    if isinstance(own.get("shutdown"), types.FunctionType):
        cls.shutdown = _shutdown_wrapper(own["shutdown"])


def _other_submit_wrapper(original):
    def submit(self, *args, **kwargs):
        if not _state.proc.on or _kind_of(self) != "other":
            try:
                return original(self, *args, **kwargs)
            except BaseException as error:
                strip_own_frame(error)
                raise
        claim = None
        try:
            if args:
                fn, call_args, call_kwargs = args[0], args[1:], kwargs
            else:
                fn, call_args = kwargs.get("fn"), ()
                call_kwargs = dict((k, v) for k, v in kwargs.items() if k != "fn")
            claim = _futures.Claim(_other_registration(self, fn, call_args, call_kwargs, sys._getframe(1)))
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
        finally:
            if claim is not None:
                claim.close()

    return submit


def _other_registration(executor, fn, args, kwargs, caller):
    def register(future):
        call = _waits.current_map(executor)
        map_id = idx = None
        if call is not None:
            map_id, idx = call.id, call.next_idx
            call.next_idx += 1
        text = _preview.preview_args(args, kwargs)
        _futures.register(
            future, xid_of(executor), _preview.callable_name(fn), text, _sites.user_site_json(caller), map_id, idx
        )

    return register
