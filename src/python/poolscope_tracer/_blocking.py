"""Where a thread blocks on futures: the traced Condition and Event, and the lines they write.

Blocking happens in exactly two places, and those are where Poolscope looks:

- result() and exception() block in `self._condition.wait(timeout)`, and only when the future is
  not done yet. A registered future's condition is a TracedCondition, whose wait() writes
  block-begin / block-end, and `timeout` when it returns without the future being done (result()
  then raises TimeoutError). Called from map()'s iterator, the op is `map`.
- wait() and as_completed() block in `waiter.event.wait(timeout)` of the waiter that
  _create_and_install_waiters() made; _waits patches that function to give the waiter a
  TracedEvent.

Neither is wrapped where it would show in a traceback.
"""
import sys
import threading
import types

from . import _lanes, _sites, _state, _writer
from ._wrap import hide_own_frames, internal_failure, like, strip_own_frame

MAX_IDS = 1000
_clock_ns = _state._clock_ns
_getframe = sys._getframe
_base = None
VIEW_INSTALLED = False  # Future() makes a TracedCondition (see _ThreadingForFutures)


class _PerThread(threading.local):
    """Per-thread state with class defaults: reading an attribute a thread has not set does not
    raise (and catch) an AttributeError, which a thread-local costs on every submit otherwise."""

    map = None
    timed_out_bid = None


_tls = _PerThread()
_CODES = {}


def install(base_module):
    """Before _waits patches concurrent.futures._base: the codes of the callers that count, and
    Future()'s view of `threading`."""
    global _base, VIEW_INSTALLED
    _base = base_module
    _CODES["result"] = base_module.Future.result.__code__
    _CODES["exception"] = base_module.Future.exception.__code__
    map_code = base_module.Executor.map.__code__
    map_codes = [c for c in map_code.co_consts if getattr(c, "co_name", None) == "result_iterator"]
    result_or_cancel = getattr(base_module, "_result_or_cancel", None)
    if result_or_cancel is not None:
        map_codes.append(result_or_cancel.__code__)
    # By identity: hashing a code object hashes its constants, each time. _CODES keeps them alive.
    _CODES["map"] = map_codes
    _CODES["map_ids"] = frozenset(id(c) for c in map_codes)
    if isinstance(getattr(base_module, "threading", None), types.ModuleType):
        base_module.threading = _ThreadingForFutures(base_module.threading)
        VIEW_INSTALLED = True


def reset_after_fork():
    global _tls
    _tls = _PerThread()


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
    # A line of its own, like the hot path's: a program waiting on its futures one by one writes
    # one per future (op, lane and site are JSON-safe as they are: ours, or cached JSON text).
    bid = _state.proc.next_bid()
    try:
        state = _lanes._local.state
    except AttributeError:
        state = _lanes.this()
    fids = str(fids[0]) if len(fids) == 1 else ",".join([str(fid) for fid in fids[:MAX_IDS]])
    line = f'{{"e":"block-begin","ts":{_clock_ns() // 1000},"bid":{bid},"op":"{op}","fids":[{fids}]'
    ms = _timeout_ms(timeout) if timeout is not None else None
    if ms is not None:
        line = f"{line},\"timeoutMs\":{float.__repr__(ms)}"
    line = f'{line},"lane":{state.lane_json}'
    if site is not None:
        line = f'{line},"site":{_sites.site_json(site)}'
    _put(line + "}\n", state.lane)
    return bid, state.lane


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
    try:
        state = _lanes._local.state
    except AttributeError:
        state = _lanes.this()
    if state.lane != lane:  # not the thread that began (cannot happen): the general way
        _writer.emit({"e": "block-end", "ts": _state.now(), "bid": bid, "lane": lane, "timedOut": timed_out})
        return
    ts = _clock_ns() // 1000
    timed_out = "true" if timed_out else "false"
    _put(f'{{"e":"block-end","ts":{ts},"bid":{bid},"lane":{state.lane_json},"timedOut":{timed_out}}}\n', lane)


def _put(line, lane):
    writer = _writer.current
    if writer is not None and _state.proc.on:
        writer.put(line, lane)


# -- result() and exception() -------------------------------------------------------------------


def _traced_wait(wait, begins, ends):
    """A wait() that writes block-begin before it blocks (when `begins` returns a block) and
    block-end after (`ends`, with the block and what wait returned)."""

    def traced(self, timeout=None):
        block = None
        if _state.proc.on:
            try:
                block = begins(self, timeout)
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise
        try:
            answer = wait(self, timeout)
        except BaseException as error:
            if block is not None:
                try:
                    _end(block[0], block[1], False)
                except BaseException:  # a second KeyboardInterrupt: the first one goes on
                    pass
            strip_own_frame(error)
            raise
        if block is not None and _state.proc.on:
            try:
                ends(self, block, answer)
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise
        return answer

    return like(traced, wait)


class TracedCondition(threading.Condition):
    """The Condition of a future: its wait() is where result()/exception() block.

    Future() makes one from the start (see _ThreadingForFutures): it costs nothing more than the
    Condition it replaces, where changing the class of a future's Condition afterwards would give
    every future an instance dict of its own (CPython 3.11+ keeps instance attributes inline until
    the class changes), and the garbage collector would walk one more object per future. It holds
    nothing of the future: wait() finds it in the frame of result()/exception(), the only callers
    that count, and does nothing more for a future that is not registered.
    """

    @staticmethod
    def adopt(future):
        """For a future made before Poolscope patched concurrent.futures, or with a Condition of
        its own class."""
        condition = future._condition
        if type(condition) is TracedCondition:
            return
        if type(condition) is threading.Condition:
            condition.__class__ = TracedCondition
        else:
            future._condition = TracedCondition()

    wait = None  # _traced_wait(threading.Condition.wait, ...), below


def _future_wait_begins(condition, timeout):
    waiter = _getframe(2)  # Future.result / Future.exception
    code = waiter.f_code
    if code is _CODES["result"]:
        op = "result"
    elif code is _CODES["exception"]:
        op = "exception"
    else:
        return None
    future = waiter.f_locals.get("self")
    if getattr(future, "_condition", None) is not condition:
        return None
    fid = getattr(future, "_poolscope_fid", None)
    if fid is None:
        return None
    caller = waiter.f_back
    map_frame = None
    if caller is not None and id(caller.f_code) in _CODES["map_ids"]:
        op = "map"
        map_frame = caller if caller.f_code.co_name == "result_iterator" else caller.f_back
        if timeout is not None and map_frame is not None:
            timeout = map_frame.f_locals.get("timeout", timeout)  # map()'s own, not what is left of it
    site = _sites.user_site(caller)
    bid, lane = _begin(op, (fid,), timeout, site)
    return bid, lane, op, site, map_frame, timeout, future


def _future_wait_ends(condition, block, notified):
    bid, lane, op, site, map_frame, timeout, future = block
    timed_out = not notified and future._state not in (
        _base.FINISHED,
        _base.CANCELLED,
        _base.CANCELLED_AND_NOTIFIED,
    )
    if timed_out:
        pending = [future._poolscope_fid]
        if map_frame is not None:
            rest = map_frame.f_locals.get("fs")
            if type(rest) is list:
                pending.extend(_not_done_fids(reversed(rest)))
        _end(bid, lane, timed_out)  # block-end first: "a `timeout` event follows" (schema.ts)
        _timed_out(op, timeout, pending, lane, bid, site)
    else:
        _end(bid, lane, timed_out)


TracedCondition.wait = _traced_wait(threading.Condition.wait, _future_wait_begins, _future_wait_ends)


class _ThreadingForFutures(types.ModuleType):
    """What concurrent.futures._base sees as `threading`: the module itself (every attribute is
    looked up there, at each use), except that Future() makes a TracedCondition."""

    def __init__(self, real):
        types.ModuleType.__init__(self, real.__name__, real.__doc__)
        self.__dict__["_poolscope_threading"] = real
        self.Condition = TracedCondition

    def __getattr__(self, name):
        return getattr(self.__dict__["_poolscope_threading"], name)


# -- wait() and as_completed(): their waiter's event --------------------------------------------


class TracedEvent(threading.Event):
    """The event of a wait()/as_completed() waiter that includes registered futures."""

    def __init__(self, op, futures):
        threading.Event.__init__(self)
        self._poolscope_op = op
        self._poolscope_refs = futures

    wait = None  # _traced_wait(threading.Event.wait, ...), below


def _alive(refs):
    return [f for f in (ref() for ref in refs) if f is not None]


def _event_wait_begins(event, timeout):
    if event.is_set():
        return None
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
    _end(bid, lane, not signalled)  # block-end first: "a `timeout` event follows" (schema.ts)
    if not signalled:
        if op == "wait":
            _timed_out(op, timeout, _not_done_fids(_alive(event._poolscope_refs)), lane, bid, site)
        else:
            _tls.timed_out_bid = bid  # as_completed raises next; its wrapper writes the timeout


TracedEvent.wait = _traced_wait(threading.Event.wait, _event_wait_begins, _event_wait_ends)
