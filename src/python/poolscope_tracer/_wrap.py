"""Helpers every patch uses: keeping tracebacks unchanged, and failing safe.

A patched stdlib function calls the original from a wrapper. When the original raises, the
wrapper's frame would show in the traceback the program prints. `strip_own_frame` removes it:
on Python 3.11+ a bare `raise` re-raises with the exception's own __traceback__, so the text is
exactly what it would be without Poolscope. (On 3.8-3.10 the interpreter re-raises the traceback
it saved when the exception was caught, so one Poolscope frame stays visible there; where the
traceback is printed by the standard library from a traceback object we can reach first -- a
done-callback's exception logged by concurrent.futures, a process-pool task's exception formatted
in the worker -- `without_own_frames` splices our frames out of the chain on every version.)
"""
import functools
import sys

from . import _state, _writer


def strip_own_frame(error, depth=1):
    """Drops the calling wrapper's frame (`depth` 2: its caller's) from the head of `error`'s
    traceback."""
    try:
        tb = error.__traceback__
        if tb is not None and tb.tb_frame is sys._getframe(depth):
            error.__traceback__ = tb.tb_next
    except Exception:
        pass


def without_own_frames(tb):
    """The traceback chain `tb` with Poolscope's frames spliced out (tb_next is writable). The first
    of our frames at its head is linked past the others too: on 3.8-3.10 a bare `raise` re-raises
    from that entry, which then shows that one frame of ours, as documented, and no more."""
    from . import _sites

    def own(entry):
        return _sites.is_own_file(entry.tb_frame.f_code.co_filename)

    head = tb
    while tb is not None and own(tb):
        tb = tb.tb_next
    if head is not tb and head.tb_next is not tb:
        head.tb_next = tb
    entry = tb
    while entry is not None:
        following = entry.tb_next
        while following is not None and own(following):
            following = following.tb_next
        if following is not entry.tb_next:
            entry.tb_next = following
        entry = following
    return tb


def hide_own_frames(error):
    """For an exception of the program's (a KeyboardInterrupt from Ctrl+C) raised while our own
    code ran: drops our frames, so the traceback it prints is the program's (3.11+, as above)."""
    try:
        error.__traceback__ = without_own_frames(error.__traceback__)
    except BaseException:
        pass


def internal_failure(error):
    """A bug or surprise inside the tracer: stop recording in this process, tell the user once."""
    _state.proc.on = False
    failure = _writer.TracerError("internal error (%s)" % _writer.failure_reason(error))
    writer = _writer.current
    if writer is not None:
        writer.fail(failure)
    else:
        _writer.report_failure(failure)


def on():
    return _state.proc.on


def like(wrapper, original):
    """Gives a patch the original's name, module, docstring and signature (via __wrapped__)."""
    try:
        functools.update_wrapper(wrapper, original)
    except Exception:
        pass
    return wrapper


_VARARGS = 0x04 | 0x08  # CO_VARARGS | CO_VARKEYWORDS


def same_parameters(function, names):
    """True when `function` takes exactly the parameters `names`, each positional or keyword,
    without defaults: a hook can then take them as they are (no *args packing), and calling it
    wrongly fails exactly as calling the original does."""
    code = getattr(function, "__code__", None)
    if code is None or code.co_flags & _VARARGS or code.co_kwonlyargcount:
        return False
    if getattr(code, "co_posonlyargcount", 0) or getattr(function, "__defaults__", None):
        return False
    return code.co_varnames[: code.co_argcount] == tuple(names)
