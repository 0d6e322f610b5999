"""The patches of concurrent.futures.Future's methods: each calls the original and tells
_futures what happened (a future made, started, given its outcome, done).

Every future of every pool passes through these, and a no-op task costs the pool itself only
~10-20 µs, so they are written for speed: a hook takes exactly the original's parameters when it
can (no *args packing; a wrong call fails exactly as it would without Poolscope), reads our
attributes as plain attributes (their defaults are class attributes of Future, given a place
among a future's own before the program makes any, see _reserve_attributes), and starting a
future is written inline.
"""
import sys

from . import _callbacks, _futures, _lanes, _sites, _state, _writer
from ._wrap import internal_failure, like, same_parameters, strip_own_frame

_clock_ns = _state._clock_ns
_getframe = sys._getframe
_originals = {}

# Defaults of the attributes a registered future carries (class attributes of Future).
_DEFAULTS = {
    "_poolscope_fid": None,
    "_poolscope_xid": None,
    "_poolscope_remote": False,
    "_poolscope_done": False,
    "_poolscope_chunk": 0,
}


def install(base_module):
    future = base_module.Future
    for name, value in _DEFAULTS.items():
        setattr(future, name, value)
    hooks = (
        ("__init__", ("self",), _init_hook),
        ("set_running_or_notify_cancel", ("self",), _set_running_hook),
        ("set_result", ("self", "result"), _set_result_hook),
        ("set_exception", ("self", "exception"), _set_exception_hook),
        ("_invoke_callbacks", ("self",), _invoke_callbacks_hook),
    )
    for name, parameters, make in hooks:
        original = future.__dict__[name]
        _originals[name] = original
        setattr(future, name, like(make(original, same_parameters(original, parameters)), original))
    _reserve_attributes(future)
    _callbacks.install(base_module)


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


# -- creation ---------------------------------------------------------------------------------


def _init_hook(original, exact):
    cf_files = _sites._cf_files

    def created(future):
        try:
            caller = _getframe(2)
            # A pool's submit: registered with its work item, also when an executor of the
            # user's delegates to a pool (the future is the pool's).
            filename = caller.f_code.co_filename
            known = cf_files.get(filename)
            if known is None:
                known = _sites.is_concurrent_futures_file(filename)
            if not known:
                _futures.on_new_future(future, caller)
        except Exception as error:
            internal_failure(error)

    if exact:

        def __init__(self):
            try:
                original(self)
            except BaseException as error:
                strip_own_frame(error)
                raise
            if _state.proc.on:
                created(self)

    else:

        def __init__(self, *args, **kwargs):
            try:
                original(self, *args, **kwargs)
            except BaseException as error:
                strip_own_frame(error)
                raise
            if _state.proc.on:
                created(self)

    return __init__


# -- running ----------------------------------------------------------------------------------


def _set_running_hook(original, exact):
    def set_running_or_notify_cancel(self, *args, **kwargs):
        try:
            running = original(self, *args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise
        fid = getattr(self, "_poolscope_fid", None) if running else None
        if running and fid is not None and _state.proc.on and not self._poolscope_remote:
            try:
                _futures.work_started(fid)
            except Exception as error:
                internal_failure(error)
        return running

    if not exact:
        return set_running_or_notify_cancel

    def set_running_or_notify_cancel(self):  # noqa: F811 (the same, without *args)
        try:
            running = original(self)
        except BaseException as error:
            strip_own_frame(error)
            raise
        fid = getattr(self, "_poolscope_fid", None) if running else None
        if running and fid is not None and _state.proc.on and not self._poolscope_remote:
            try:  # _futures.work_started(fid), inline: this runs for every future
                try:
                    state = _lanes._local.state
                except AttributeError:
                    state = _lanes.this()
                ts = _clock_ns() // 1000
                state.running = (fid, ts)
                writer = _writer.current
                if writer is not None:
                    writer.put(f'{{"e":"start","ts":{ts},"fid":{fid},"lane":{state.lane_json}}}\n', state.lane)
            except Exception as error:
                internal_failure(error)
        return running

    return set_running_or_notify_cancel


def _set_result_hook(original, exact):
    if exact:

        def set_result(self, result):
            try:
                fid = self._poolscope_fid
            except AttributeError:  # not a Future: the original says what is wrong
                fid = None
            if fid is not None and _state.proc.on:
                try:
                    _futures.before_outcome(self, fid, True)
                except Exception as error:
                    internal_failure(error)
            try:
                return original(self, result)
            except BaseException as error:
                _futures.outcome_failed(self)
                strip_own_frame(error)
                raise

        return set_result

    def set_result(self, *args, **kwargs):  # noqa: F811 (the same, for another signature)
        try:
            fid = self._poolscope_fid
        except AttributeError:  # not a Future: the original says what is wrong
            fid = None
        if fid is not None and _state.proc.on:
            try:
                _futures.before_outcome(self, fid, True)
            except Exception as error:
                internal_failure(error)
        try:
            return original(self, *args, **kwargs)
        except BaseException as error:
            _futures.outcome_failed(self)
            strip_own_frame(error)
            raise

    return set_result


def _set_exception_hook(original, exact):
    if exact:

        def set_exception(self, exception):
            try:
                fid = self._poolscope_fid
            except AttributeError:  # not a Future: the original says what is wrong
                fid = None
            if fid is not None and _state.proc.on:
                try:
                    _futures.before_outcome(self, fid, False)
                except Exception as error:
                    internal_failure(error)
            try:
                return original(self, exception)
            except BaseException as error:
                _futures.outcome_failed(self)
                strip_own_frame(error)
                raise

        return set_exception

    def set_exception(self, *args, **kwargs):  # noqa: F811 (the same, for another signature)
        try:
            fid = self._poolscope_fid
        except AttributeError:  # not a Future: the original says what is wrong
            fid = None
        if fid is not None and _state.proc.on:
            try:
                _futures.before_outcome(self, fid, False)
            except Exception as error:
                internal_failure(error)
        try:
            return original(self, *args, **kwargs)
        except BaseException as error:
            _futures.outcome_failed(self)
            strip_own_frame(error)
            raise

    return set_exception


# -- done -------------------------------------------------------------------------------------


def _invoke_callbacks_hook(original, exact):
    def _invoke_callbacks(self, *args, **kwargs):
        try:
            fid = None if self._poolscope_done else self._poolscope_fid
        except AttributeError:  # not a Future: the original says what is wrong
            fid = None
        if fid is not None and _state.proc.on:
            try:
                _futures.write_done(self, fid)
            except Exception as error:
                internal_failure(error)
        try:
            return original(self, *args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise

    if not exact:
        return _invoke_callbacks

    def _invoke_callbacks(self):  # noqa: F811 (the same, without *args)
        try:
            fid = None if self._poolscope_done else self._poolscope_fid
        except AttributeError:  # not a Future: the original says what is wrong
            fid = None
        if fid is not None and _state.proc.on:
            try:
                _futures.write_done(self, fid)
            except Exception as error:
                internal_failure(error)
        try:
            return original(self)
        except BaseException as error:
            strip_own_frame(error)
            raise

    return _invoke_callbacks
