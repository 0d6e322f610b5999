"""Waiting: the wrappers of wait(), as_completed() and map().

None of these is wrapped where it would show in a traceback; the blocking itself is seen by the
traced Condition and Event of _blocking. _create_and_install_waiters() is patched to give the
waiter of wait()/as_completed() a TracedEvent. as_completed() raises its TimeoutError between
waits, so it is wrapped by a generator that writes the `timeout` (the exception passes through
unchanged). Executor.map() is wrapped to give its submits a map id and item indexes.
"""
import sys
import weakref

from . import _blocking, _lanes, _sites, _state
from ._blocking import TracedEvent, _alive, _not_done_fids, _timed_out
from ._wrap import hide_own_frames, internal_failure, like, strip_own_frame

_base = None
_originals = {}


def install(base_module):
    global _base
    _base = base_module
    _blocking.install(base_module)
    _originals["waiters"] = base_module._create_and_install_waiters
    _originals["as_completed"] = base_module.as_completed
    _originals["map"] = base_module.Executor.map
    base_module._create_and_install_waiters = like(_create_and_install_waiters, _originals["waiters"])
    base_module.as_completed = like(as_completed, _originals["as_completed"])
    base_module.Executor.map = like(_map, _originals["map"])
    package = sys.modules.get("concurrent.futures")
    if package is not None and getattr(package, "as_completed", None) is _originals["as_completed"]:
        package.as_completed = as_completed


def _create_and_install_waiters(fs, return_when):
    try:
        waiter = _originals["waiters"](fs, return_when)
    except BaseException as error:
        strip_own_frame(error)
        raise
    if _state.proc.on:
        try:
            refs = [weakref.ref(f) for f in fs if getattr(f, "_poolscope_fid", None) is not None]
            if refs:
                op = "as_completed" if return_when == getattr(_base, "_AS_COMPLETED", None) else "wait"
                event = TracedEvent(op, refs)
                if waiter.event.is_set():
                    event.set()
                waiter.event = event  # under _AcquireFutures: no future can set the old one meanwhile
        except Exception as error:
            internal_failure(error)
        except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
            hide_own_frames(error)
            raise
    return waiter


def as_completed(fs, timeout=None):
    futures = list(fs)
    refs = [weakref.ref(f) for f in futures if _base.Future in type(f).__mro__ and _fid(f) is not None]
    inner = _originals["as_completed"](futures, timeout)
    del futures
    _blocking._tls.timed_out_bid = None
    try:
        yield from inner
    except _base.TimeoutError as error:
        if _state.proc.on and refs:
            try:
                bid = _blocking._tls.timed_out_bid
                _blocking._tls.timed_out_bid = None
                site = _sites.user_site(sys._getframe(1))
                lane = _lanes.lane()
                _timed_out("as_completed", timeout, _not_done_fids(_alive(refs)), lane, bid, site)
            except Exception as failure:
                internal_failure(failure)
        strip_own_frame(error)
        raise


def _fid(future):
    return getattr(future, "_poolscope_fid", None)


# -- map() --------------------------------------------------------------------------------------


class MapCall(object):
    """A map() call submitting on this thread: its id, the next index, and its executor's id
    (a pool's submit belongs to the map when it is made on the same executor, which the pool
    knows by its id)."""

    __slots__ = ("executor", "xid", "id", "next_idx")

    def __init__(self, executor):
        self.executor = executor
        self.xid = getattr(executor, "_poolscope_xid", None) or -1
        self.id = _state.proc.next_map()
        self.next_idx = 0


def current_map(executor):
    """The map() call now submitting to `executor` on this thread, if any."""
    call = _blocking._tls.map
    if call is not None and call.executor is executor:
        return call
    return None


def _map(self, fn, *iterables, **kwargs):
    previous = _blocking._tls.map
    if _state.proc.on:
        _blocking._tls.map = MapCall(self)
    try:
        return _originals["map"](self, fn, *iterables, **kwargs)
    except BaseException as error:
        strip_own_frame(error)
        raise
    finally:
        _blocking._tls.map = previous
