"""The patches of concurrent.futures.Future's methods: each calls the original and tells
_futures what happened (a future made, started, given its outcome, done).

Every task goes through them, so they do little: `start` is written inline, and a thread-pool
task's set_result() writes its `end` and `done` at once (_futures.task_returned); other futures
keep their `end` until _invoke_callbacks writes it with the `done` (a failure's traceback is the
future's then). A process pool's task writes start and end in the worker (`_poolscope_remote`).

Each hook takes exactly the original's parameters (no *args packing; a wrong call fails exactly as
it would without Poolscope) and reads our attributes as plain attributes (their defaults are class
attributes of Future, given a place among a future's own before the program makes any, see
_reserve_attributes). Should a Python version give one of these methods other parameters, the
hook is the generic one (_generic), slower and otherwise the same.
"""
import sys

from . import _callbacks, _futures, _lanes, _sites, _state
from ._wrap import hide_own_frames, internal_failure, like, same_parameters, strip_own_frame

_getframe = sys._getframe
_clock_ns = _state._clock_ns
_RUNNING = "RUNNING"  # concurrent.futures._base.RUNNING, read at install
_originals = {}

# Defaults of the attributes a registered future carries (class attributes of Future).
_DEFAULTS = {
    "_poolscope_fid": None,
    "_poolscope_xid": None,
    "_poolscope_remote": False,
    "_poolscope_done": False,
    "_poolscope_chunk": 0,
    "_poolscope_task": False,
}


def install(base_module):
    global _RUNNING
    _RUNNING = base_module.RUNNING
    future = base_module.Future
    for name, value in _DEFAULTS.items():
        setattr(future, name, value)
    for name in _HOOKS:
        original = future.__dict__[name]
        _originals[name] = original
        setattr(future, name, make_hook(name, original))
    _reserve_attributes(future)
    _callbacks.install(base_module)


def make_hook(name, original):
    """The hook of Future's method `name` around `original`: exact when `original` takes the
    parameters we know, else the generic one."""
    parameters, make = _HOOKS[name]
    hook = make(original) if same_parameters(original, parameters) else _generic(original, make, len(parameters))
    return like(hook, original)


def _reserve_attributes(future_class):
    """Gives our attributes a place among a future's own before the program makes any future.

    CPython 3.11+ keeps instance attributes inline, with their names shared by the class, as long
    as every name was seen early; an attribute set later makes a separate dict for each future (one
    more object for the garbage collector to walk, per future). Setting ours once on a first
    future makes them shared names.
    """
    try:
        first = future_class.__new__(future_class)
        _originals["__init__"](first)
        for name in _DEFAULTS:
            setattr(first, name, _DEFAULTS[name])
    except Exception:
        pass  # only slower


def _generic(original, make, count):
    """The hook `make` builds, for an original with other parameters than ours (no version of
    CPython we know): its work is done around a call of the original with whatever it was given.
    Slow (the hook is made for each call), and only a fallback."""

    def method(self, *args, **kwargs):
        hook = make(lambda this, *ignored: original(this, *args, **kwargs))
        return hook(self, *((None,) * (count - 1)))

    return method


# -- creation ---------------------------------------------------------------------------------


def _init_hook(original):
    cf_files = _sites._cf_files

    def __init__(self):
        try:
            original(self)
        except BaseException as error:
            strip_own_frame(error)
            raise
        if _state.proc.on:
            try:
                caller = _getframe(1)
                # The common case first: made by a pool's submit, registered there.
                filename = caller.f_code.co_filename
                if cf_files.get(filename) is not True and not _sites.is_concurrent_futures_file(filename):
                    _futures.on_new_future(self, caller)
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise

    return __init__


# -- running and outcome ----------------------------------------------------------------------


def _set_running_hook(original):
    def set_running_or_notify_cancel(self):
        try:
            running = original(self)
        except BaseException as error:
            strip_own_frame(error)
            raise
        # A process pool's task writes its start in the worker: _poolscope_remote.
        fid = getattr(self, "_poolscope_fid", None) if running else None
        if fid is not None and not self._poolscope_remote and _state.proc.on:
            try:  # _futures.work_started(fid), inline: this runs for every task
                try:
                    state = _lanes._local.state
                except AttributeError:
                    state = _lanes.this()
                ts = _clock_ns() // 1000
                state.running = (fid, ts)
                _futures.put(f'{{"e":"start","ts":{ts},"fid":{fid},"lane":{state.lane_json}}}\n', state)
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise
        return running

    return set_running_or_notify_cancel


def _set_result_hook(original):
    def set_result(self, result):
        if getattr(self, "_poolscope_task", False) and self._state == _RUNNING:
            _futures.task_returned(self, result)  # a thread-pool task: its end and done, now
        elif not getattr(self, "_poolscope_remote", True):
            _before_outcome(self, True)
        try:
            return original(self, result)
        except BaseException as error:
            _outcome_failed(self, error)
            raise

    return set_result


def _set_exception_hook(original):
    def set_exception(self, exception):
        _before_outcome(self, False)
        try:
            return original(self, exception)
        except BaseException as error:
            _outcome_failed(self, error)
            raise

    return set_exception


def _before_outcome(future, ok):
    try:
        # A process-pool task's `end` is written in the worker: nothing to keep here.
        fid = None if future._poolscope_done or future._poolscope_remote else future._poolscope_fid
    except AttributeError:  # not a Future: the original says what is wrong
        return
    if fid is not None and _state.proc.on:
        try:
            _futures.before_outcome(future, fid, ok)
        except Exception as error:
            internal_failure(error)
        except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
            hide_own_frames(error)
            raise


def _outcome_failed(future, error):
    _futures.outcome_failed(future)
    strip_own_frame(error, 2)


# -- done -------------------------------------------------------------------------------------


def _invoke_callbacks_hook(original):
    def _invoke_callbacks(self):
        try:
            fid = None if self._poolscope_done else self._poolscope_fid
        except AttributeError:  # not a Future: the original says what is wrong
            fid = None
        if fid is not None and _state.proc.on:
            try:
                _futures.write_done(self, fid)
            except Exception as error:
                internal_failure(error)
            except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
                hide_own_frames(error)
                raise
        try:
            return original(self)
        except BaseException as error:
            strip_own_frame(error)
            raise

    return _invoke_callbacks


_HOOKS = {
    "__init__": (("self",), _init_hook),
    "set_running_or_notify_cancel": (("self",), _set_running_hook),
    "set_result": (("self", "result"), _set_result_hook),
    "set_exception": (("self", "exception"), _set_exception_hook),
    "_invoke_callbacks": (("self",), _invoke_callbacks_hook),
}
