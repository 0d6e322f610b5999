"""cancel() and done-callbacks of registered futures.

cancel() writes `cancel` with its answer (a successful cancel writes it from _invoke_callbacks,
before `done`: see _futures). add_done_callback(fn) wraps fn in a _Callback that writes cb-begin /
cb-end where it runs: on the thread that finished the future, or the caller's when the future was
already done.
"""
import itertools
import sys

from . import _errors, _futures, _lanes, _preview, _state, _writer
from ._wrap import hide_own_frames, internal_failure, like, strip_own_frame, without_own_frames

_originals = {}
_CODES = {}


def install(base_module):
    future = base_module.Future
    _originals.update(cancel=future.cancel, add_done_callback=future.add_done_callback)
    future.cancel = like(_cancel, _originals["cancel"])
    future.add_done_callback = like(_add_done_callback, _originals["add_done_callback"])
    _CODES["result_or_cancel"] = getattr(getattr(base_module, "_result_or_cancel", None), "__code__", None)
    if sys.version_info < (3, 11):
        base_module.LOGGER.addFilter(_HideOwnFrames())


class _HideOwnFrames(object):
    """A filter on the concurrent.futures logger: a logged callback error shows no frame of ours.

    Only before 3.11, where re-raising keeps the wrapper's frame (see _wrap.strip_own_frame).
    """

    def filter(self, record):
        exc_info = getattr(record, "exc_info", None)
        if type(exc_info) is tuple and len(exc_info) == 3 and exc_info[2] is not None:
            record.exc_info = (exc_info[0], exc_info[1], without_own_frames(exc_info[2]))
        return True


# -- cancel -----------------------------------------------------------------------------------


def _cancel(self):
    fid = getattr(self, "_poolscope_fid", None)
    if fid is None or not _state.proc.on:
        try:
            return _originals["cancel"](self)
        except BaseException as error:
            strip_own_frame(error)
            raise
    previous = _futures._tls.cancelling
    _futures._tls.cancelling = fid
    _futures._tls.cancel_written = False
    try:
        answer = _originals["cancel"](self)
    except BaseException as error:
        strip_own_frame(error)
        raise
    finally:
        _futures._tls.cancelling = previous
    try:
        if not _futures._tls.cancel_written and not _is_result_or_cancel_cleanup(self, answer):
            lane = _lanes.lane()
            _writer.emit({"e": "cancel", "ts": _state.now(), "fid": fid, "ok": answer, "lane": lane})
    except Exception as error:
        internal_failure(error)
    except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
        hide_own_frames(error)
        raise
    return answer


def _is_result_or_cancel_cleanup(future, answer):
    """map()'s iterator (3.11+) calls cancel() on every future it has read: not a user's attempt."""
    code = _CODES.get("result_or_cancel")
    return (
        code is not None
        and not answer
        and future._state == _futures._base.FINISHED
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
        except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
            hide_own_frames(error)
            raise
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
    except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
        hide_own_frames(error)
        raise
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
