"""Waiting: result(), exception(), wait(), as_completed() and map()'s iterator.

None of these is wrapped where it would show in a traceback. Blocking happens in exactly two
places, and those are where Poolscope looks:

- result() and exception() block in `self._condition.wait(timeout)`, and only when the future is
  not done yet. A registered future's condition is a TracedCondition, whose wait() writes
  block-begin / block-end, and `timeout` when it returns without the future being done (result()
  then raises TimeoutError). Called from map()'s iterator, the op is `map`.
- wait() and as_completed() block in `waiter.event.wait(timeout)` of the waiter that
  _create_and_install_waiters() made; that function is patched to give the waiter a TracedEvent.

as_completed() raises its TimeoutError between waits, so it is wrapped by a generator that writes
the `timeout` (the exception passes through unchanged). Executor.map() is wrapped to give its
submits a map id and item indexes.
"""
import sys
import threading
import weakref

from . import _lanes, _sites, _state, _writer
from ._wrap import internal_failure, like, strip_own_frame

MAX_IDS = 1000
_base = None
_tls = threading.local()
_originals = {}
_CODES = {}


def install(base_module):
    global _base
    _base = base_module
    _CODES["result"] = base_module.Future.result.__code__
    _CODES["exception"] = base_module.Future.exception.__code__
    map_code = base_module.Executor.map.__code__
    map_codes = set(c for c in map_code.co_consts if getattr(c, "co_name", None) == "result_iterator")
    result_or_cancel = getattr(base_module, "_result_or_cancel", None)
    if result_or_cancel is not None:
        map_codes.add(result_or_cancel.__code__)
    _CODES["map"] = map_codes
    _originals["waiters"] = base_module._create_and_install_waiters
    _originals["as_completed"] = base_module.as_completed
    _originals["map"] = base_module.Executor.map
    base_module._create_and_install_waiters = like(_create_and_install_waiters, _originals["waiters"])
    base_module.as_completed = like(as_completed, _originals["as_completed"])
    base_module.Executor.map = like(_map, _originals["map"])
    package = sys.modules.get("concurrent.futures")
    if package is not None and getattr(package, "as_completed", None) is _originals["as_completed"]:
        package.as_completed = as_completed


def reset_after_fork():
    global _tls
    _tls = threading.local()


def _timeout_ms(timeout):
    try:
        value = float(timeout) * 1000.0
    except (TypeError, ValueError):
        return None
    if value != value or value in (float("inf"), float("-inf")):
        return None
    return max(0.0, value)


def _not_done_fids(futures):
    done = (_base.FINISHED, _base.CANCELLED_AND_NOTIFIED, _base.CANCELLED)
    fids = []
    for future in futures:
        fid = getattr(future, "_poolscope_fid", None)
        if fid is not None and future._state not in done:
            fids.append(fid)
            if len(fids) >= MAX_IDS:
                break
    return fids


def _begin(op, fids, timeout, site):
    bid = _state.proc.next_bid()
    lane = _lanes.lane()
    record = {"e": "block-begin", "ts": _state.now(), "bid": bid, "op": op, "fids": fids[:MAX_IDS]}
    ms = _timeout_ms(timeout) if timeout is not None else None
    if ms is not None:
        record["timeoutMs"] = ms
    record["lane"] = lane
    if site is not None:
        record["site"] = site
    _writer.emit(record)
    return bid, lane


def _timed_out(op, timeout, pending, lane, bid, site):
    record = {"e": "timeout", "ts": _state.now(), "op": op, "timeoutMs": _timeout_ms(timeout) or 0.0}
    record["pending"] = pending[:MAX_IDS]
    record["lane"] = lane
    if bid is not None:
        record["bid"] = bid
    if site is not None:
        record["site"] = site
    _writer.emit(record)


def _end(bid, lane, timed_out):
    _writer.emit({"e": "block-end", "ts": _state.now(), "bid": bid, "lane": lane, "timedOut": timed_out})


# -- result() and exception() -------------------------------------------------------------------


class TracedCondition(threading.Condition):
    """The Condition of a registered future: its wait() is where result()/exception() block.

    A future's own Condition becomes one by changing its class (same layout, nothing to copy),
    which is cheaper than making a second Condition for every future.
    """

    @staticmethod
    def adopt(future):
        condition = future._condition
        if type(condition) is threading.Condition:
            condition.__class__ = TracedCondition
        else:
            condition = future._condition = TracedCondition()
        condition._poolscope_future = weakref.ref(future)

    def wait(self, timeout=None):
        block = None
        if _state.proc.on:
            try:
                block = _future_wait_begins(self, timeout)
            except Exception as error:
                internal_failure(error)
        try:
            notified = threading.Condition.wait(self, timeout)
        except BaseException as error:
            if block is not None:
                _end(block[0], block[1], False)
            strip_own_frame(error)
            raise
        if block is not None and _state.proc.on:
            try:
                _future_wait_ends(self, block, notified)
            except Exception as error:
                internal_failure(error)
        return notified


def _future_wait_begins(condition, timeout):
    future = condition._poolscope_future()
    waiter = sys._getframe(2)  # Future.result / Future.exception
    code = waiter.f_code
    if future is None or (code is not _CODES["result"] and code is not _CODES["exception"]):
        return None
    op = "result" if code is _CODES["result"] else "exception"
    caller = waiter.f_back
    map_frame = None
    if caller is not None and caller.f_code in _CODES["map"]:
        op = "map"
        map_frame = caller if caller.f_code.co_name == "result_iterator" else caller.f_back
        if timeout is not None and map_frame is not None:
            timeout = map_frame.f_locals.get("timeout", timeout)  # map()'s own, not what is left of it
    site = _sites.user_site(caller)
    bid, lane = _begin(op, [future._poolscope_fid], timeout, site)
    return bid, lane, op, site, map_frame, timeout


def _future_wait_ends(condition, block, notified):
    bid, lane, op, site, map_frame, timeout = block
    future = condition._poolscope_future()
    timed_out = future is not None and future._state not in (
        _base.FINISHED,
        _base.CANCELLED,
        _base.CANCELLED_AND_NOTIFIED,
    )
    if timed_out and not notified:
        pending = [future._poolscope_fid]
        if map_frame is not None:
            rest = map_frame.f_locals.get("fs")
            if type(rest) is list:
                pending.extend(_not_done_fids(reversed(rest)))
        _timed_out(op, timeout, pending, lane, bid, site)
    _end(bid, lane, bool(timed_out and not notified))


# -- wait() and as_completed() ------------------------------------------------------------------


class TracedEvent(threading.Event):
    """The event of a wait()/as_completed() waiter that includes registered futures."""

    def __init__(self, op, futures):
        threading.Event.__init__(self)
        self._poolscope_op = op
        self._poolscope_refs = futures

    def wait(self, timeout=None):
        block = None
        if _state.proc.on and not self.is_set():
            try:
                block = _event_wait_begins(self, timeout)
            except Exception as error:
                internal_failure(error)
        try:
            signalled = threading.Event.wait(self, timeout)
        except BaseException as error:
            if block is not None:
                _end(block[0], block[1], False)
            strip_own_frame(error)
            raise
        if block is not None and _state.proc.on:
            try:
                _event_wait_ends(self, block, signalled)
            except Exception as error:
                internal_failure(error)
        return signalled


def _alive(refs):
    return [f for f in (ref() for ref in refs) if f is not None]


def _event_wait_begins(event, timeout):
    fids = _not_done_fids(_alive(event._poolscope_refs))
    if not fids:
        return None
    op = event._poolscope_op
    caller = sys._getframe(2)
    if op == "as_completed":
        timeout = caller.f_locals.get("timeout")  # the caller's own timeout, not what is left of it
    site = _sites.user_site(caller)
    bid, lane = _begin(op, fids, timeout, site)
    return bid, lane, op, site, timeout


def _event_wait_ends(event, block, signalled):
    bid, lane, op, site, timeout = block
    if not signalled:
        if op == "wait":
            _timed_out(op, timeout, _not_done_fids(_alive(event._poolscope_refs)), lane, bid, site)
        else:
            _tls.timed_out_bid = bid  # as_completed raises next; its wrapper writes the timeout
    _end(bid, lane, not signalled)


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
    return waiter


def as_completed(fs, timeout=None):
    futures = list(fs)
    refs = [weakref.ref(f) for f in futures if _base.Future in type(f).__mro__ and _fid(f) is not None]
    inner = _originals["as_completed"](futures, timeout)
    del futures
    _tls.timed_out_bid = None
    try:
        yield from inner
    except _base.TimeoutError as error:
        if _state.proc.on and refs:
            try:
                bid = getattr(_tls, "timed_out_bid", None)
                _tls.timed_out_bid = None
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
    __slots__ = ("executor", "id", "next_idx")

    def __init__(self, executor):
        self.executor = executor
        self.id = _state.proc.next_map()
        self.next_idx = 0


def current_map(executor):
    """The map() call now submitting to `executor` on this thread, if any."""
    call = getattr(_tls, "map", None)
    if call is not None and call.executor is executor:
        return call
    return None


def _map(self, fn, *iterables, **kwargs):
    previous = getattr(_tls, "map", None)
    if _state.proc.on:
        _tls.map = MapCall(self)
    try:
        return _originals["map"](self, fn, *iterables, **kwargs)
    except BaseException as error:
        strip_own_frame(error)
        raise
    finally:
        _tls.map = previous
