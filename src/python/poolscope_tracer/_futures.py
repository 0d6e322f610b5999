"""The life of a concurrent.futures.Future: registration, start, end and done.

Futures are registered when an executor creates them (see _executors and _process) or, for a
Future() made by hand, when user code creates one. A registered future carries its id in
`_poolscope_fid`; its Condition is a TracedCondition (_blocking) that sees result()/exception()
block. The patches of Future's methods (_future_hooks) call in here, following the protocol
every executor uses:

- set_running_or_notify_cancel() returning True: the work starts, on the calling thread (a
  process pool's future starts in the worker process instead, see _process);
- set_result() / set_exception() on that same thread: the work ended;
- _invoke_callbacks(), which set_result, set_exception and cancel() call once the state is
  final: the future is done (written before any callback runs).

cancel() and add_done_callback() are in _callbacks.

This is the hot path, and a no-op task costs the pool itself only ~10-20 µs: the lines of
submit, start, end and a `done` with a result are f-strings of ints and cached JSON text (lanes,
sites, names) queued as finished lines, and the per-thread state holds what one hook leaves for
the next.
"""
import threading

from . import _blocking, _errors, _future_hooks, _lanes, _preview, _sites, _state, _wrap, _writer

_base = None


class _PerThread(threading.local):
    """Per-thread state with class defaults (see _blocking._PerThread)."""

    claim = None
    cancelling = None
    cancel_written = False


_tls = _PerThread()
_hooks = {"broken": None}
_HANDMADE = {}
_escape = _writer.escaper()
_clock_ns = _state._clock_ns
_names = {}
MAX_NAMES = 4096
_MAX_QUEUED = _writer.MAX_QUEUED


def install(base_module):
    global _base
    _base = base_module
    _future_hooks.install(base_module)


def reset_after_fork():
    global _tls
    _tls = _PerThread()
    _HANDMADE.clear()


def name_json(fn_name):
    """The JSON text of a function name, cached."""
    if len(_names) >= MAX_NAMES:
        _names.clear()
    name = _names[fn_name] = _escape(fn_name)
    return name


def fid_of(future):
    return getattr(future, "_poolscope_fid", None)


def register(future, xid, fn_name, args_text, site_json, map_id=None, idx=None, remote=False):
    """Gives a fresh (not yet shared) future its id and writes its `submit`.

    `site_json` is the call site as JSON text (_sites.user_site_json), or None.
    """
    fid = _state.proc.next_fid()
    try:
        state = _lanes._local.state
    except AttributeError:
        state = _lanes.this()
    future._poolscope_fid = fid
    future._poolscope_xid = xid
    if remote:
        future._poolscope_remote = True
    if type(future._condition) is not _blocking.TracedCondition:
        _blocking.TracedCondition.adopt(future)
    name = _names.get(fn_name) or name_json(fn_name)
    args = _escape(args_text) if args_text else '""'
    ts = _clock_ns() // 1000
    line = f'{{"e":"submit","ts":{ts},"fid":{fid},"xid":{xid},"fn":{name},"args":{args},"lane":{state.lane_json}'
    if site_json is not None:
        line = f'{line},"site":{site_json}'
    if map_id is not None:
        line = f'{line},"map":{map_id},"idx":{idx}'
    put(line + "}\n", state)
    return fid


# -- creation ---------------------------------------------------------------------------------


def on_new_future(future, caller):
    claim = _tls.claim
    if claim is not None and claim.future is None:
        claim.future = future
        claim.register(future)
        return
    register(future, _handmade_xid(), "Future()", "", _sites.user_site_json(caller))


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
        self.previous = _tls.claim
        _tls.claim = self

    def close(self):
        _tls.claim = self.previous


# -- running ----------------------------------------------------------------------------------


def work_started(fid):
    """Writes `start` on this thread, which runs the future now (see _stuck)."""
    try:
        state = _lanes._local.state
    except AttributeError:
        state = _lanes.this()
    ts = _clock_ns() // 1000
    state.running = (fid, ts)
    writer = _writer.current
    if writer is not None:
        writer.put(f'{{"e":"start","ts":{ts},"fid":{fid},"lane":{state.lane_json}}}\n', state.lane)


def put(line, state):
    """Queues a line of the calling thread (Writer.put, its common case inline)."""
    writer = _writer.current
    if writer.running and len(writer.queue) < _MAX_QUEUED:
        writer.queue.append(line)
    else:
        writer.put(line, state.lane)


def task_returned(future, result):
    """A thread-pool task's set_result(), on the thread that ran it: its `end`, and its `done` at
    the same time, before the waiters wake and any callback runs (a failure's `done` comes from
    _invoke_callbacks, with the traceback as the future holds it)."""
    if not _state.proc.on:
        return
    try:
        fid = future._poolscope_fid
        try:
            state = _lanes._local.state
        except AttributeError:
            state = _lanes.this()
        ts = _clock_ns() // 1000
        running = state.running
        if running is not None and running[0] == fid:  # else a future the task ran by hand ended
            state.running = None
        lane = state.lane_json
        value = '"None"' if result is None else _escape(_preview.preview(result))
        future._poolscope_done = True  # _invoke_callbacks leaves it alone
        put(
            f'{{"e":"end","ts":{ts},"fid":{fid},"lane":{lane},"ok":true}}\n'
            f'{{"e":"done","ts":{ts},"fid":{fid},"lane":{lane},"outcome":"result","value":{value}}}\n',
            state,
        )
    except Exception as error:
        _wrap.internal_failure(error)
    except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
        _wrap.hide_own_frames(error)
        raise


def work_ended(fid, ok):
    """Writes `end` when this thread is the one that started the future."""
    try:
        state = _lanes._local.state
    except AttributeError:
        state = _lanes.this()
    line = _end_line(state, fid, ok, _clock_ns() // 1000)
    writer = _writer.current
    if line is not None and writer is not None:
        writer.put(line, state.lane)


def _end_line(state, fid, ok, ts):
    """The `end` of `fid` when this thread started it (and so is running it no more)."""
    running = state.running
    if running is None or running[0] != fid:
        return None
    state.running = None
    ok = "true" if ok else "false"
    return f'{{"e":"end","ts":{ts},"fid":{fid},"lane":{state.lane_json},"ok":{ok}}}\n'


def before_outcome(future, fid, ok):
    """set_result / set_exception of a registered future: the work ends here, on the thread that
    ran it. Its `end` goes out with the `done` that the same call writes next on this thread
    (_invoke_callbacks, after the waiters are woken), one line after the other; the time of both
    is now, when the outcome is set. The thread state keeps them meanwhile."""
    try:
        state = _lanes._local.state
    except AttributeError:
        state = _lanes.this()
    ts = _clock_ns() // 1000
    end = None
    if future._state == _base.RUNNING and not future._poolscope_remote:
        running = state.running  # _end_line, inline
        if running is not None and running[0] == fid:
            state.running = None
            ok = "true" if ok else "false"
            end = f'{{"e":"end","ts":{ts},"fid":{fid},"lane":{state.lane_json},"ok":{ok}}}\n'
    state.outcome = (fid, ts, end)


def outcome_failed(future):
    """set_result / set_exception raised (the future was done already): a pending `end` is written
    alone (only a future two threads finish at once gets here with one)."""
    try:
        state = _lanes._local.state
        outcome = state.outcome
        if outcome is not None and outcome[0] == future._poolscope_fid:
            state.outcome = None
            writer = _writer.current
            if outcome[2] is not None and writer is not None:
                writer.put(outcome[2], state.lane)
    except Exception:
        pass


# -- done -------------------------------------------------------------------------------------


def write_done(future, fid):
    future._poolscope_done = True
    try:
        state = _lanes._local.state
    except AttributeError:
        state = _lanes.this()
    outcome = state.outcome
    ts = end = None
    if outcome is not None and outcome[0] == fid:
        ts, end = outcome[1], outcome[2]
        state.outcome = None
    writer = _writer.current
    status = future._state
    if future._exception is None and status != _base.CANCELLED and status != _base.CANCELLED_AND_NOTIFIED:
        result = future._result
        if result is None:
            value = '"None"'
        else:
            if future._poolscope_chunk == 1 and type(result) is list and len(result) == 1:
                result = result[0]  # a process-pool map item sent alone: show the item's result
            value = _escape(_preview.preview(result))
        if ts is None:
            ts = _clock_ns() // 1000
        line = f'{{"e":"done","ts":{ts},"fid":{fid},"lane":{state.lane_json},"outcome":"result","value":{value}}}\n'
        if writer is not None:
            put(line if end is None else end + line, state)
        return
    lane = state.lane
    if end is not None and writer is not None:
        writer.put(end, lane)
    record = {"e": "done", "ts": 0, "fid": fid, "lane": lane}
    if status in (_base.CANCELLED, _base.CANCELLED_AND_NOTIFIED):
        if _tls.cancelling == fid:
            _tls.cancel_written = True
            _writer.emit({"e": "cancel", "ts": _state.now(), "fid": fid, "ok": True, "lane": lane})
        record["outcome"] = "cancelled"
    else:
        exc = future._exception
        record["outcome"] = "exception"
        record["error"] = _errors.error_info(exc)
        if isinstance(exc, _base.BrokenExecutor) and _hooks["broken"] is not None:
            _hooks["broken"](future, exc)
    record["ts"] = ts or _state.now()
    _writer.emit(record)
