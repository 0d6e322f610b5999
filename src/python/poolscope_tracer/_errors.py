"""ErrorInfo for the trace: an exception's type, message, frames and traceback text.

Like previews, this runs no user code: the message comes from str() only when the exception's
__str__ is the interpreter's or the standard library's and its arguments are plain values;
otherwise it is a preview of the arguments. The traceback text is rendered here from the frames
and the source lines (linecache), in the layout of Python's own tracebacks. Exceptions from a
process pool carry the worker's traceback as text (their __cause__, a _RemoteTraceback): that text
is the stack, and its frames are parsed from it.
"""
import linecache
import os
import re

from . import _preview, _sites

MAX_MESSAGE = 1000
MAX_STACK = 4000
_STDLIB = os.path.dirname(os.path.abspath(os.__file__)) + os.sep
_PLAIN = (str, int, float, bool, type(None), bytes)
_REMOTE_FRAME = re.compile(r'^  File "(.*)", line (\d+), in (.*)$', re.M)


def _cut_tail(text, limit):
    """Keeps the end, where a Python traceback says what went wrong."""
    if len(text) <= limit:
        return text
    return _preview.ELLIPSIS + text[-(limit - 1):]


def type_name(exc):
    name = getattr(type(exc), "__name__", None)
    return name if type(name) is str else "?"


def _qualified_type(exc):
    cls = type(exc)
    name = getattr(cls, "__qualname__", None)
    module = getattr(cls, "__module__", None)
    if type(name) is not str:
        name = type_name(exc)
    if type(module) is str and module not in ("builtins", "__main__"):
        return "%s.%s" % (module, name)
    return name


def _plain(value):
    if type(value) in _PLAIN:
        return True
    return type(value) is tuple and all(type(item) in _PLAIN for item in value)


def _trusted_str(cls):
    """True when cls.__str__ is C code of a built-in exception or a standard-library function."""
    method = getattr(cls, "__str__", None)
    owner = getattr(method, "__objclass__", None)
    if owner is not None:
        return getattr(owner, "__module__", None) == "builtins"
    code = getattr(method, "__code__", None)
    filename = getattr(code, "co_filename", "")
    return (
        type(filename) is str
        and filename.startswith(_STDLIB)
        and "site-packages" not in filename
        and "dist-packages" not in filename
    )


def safe_message(exc):
    try:
        args = BaseException.__dict__["args"].__get__(exc)
        fields = [getattr(exc, name, None) for name in ("filename", "filename2")] if isinstance(exc, OSError) else []
        if _trusted_str(type(exc)) and all(_plain(a) for a in args) and all(_plain(f) for f in fields):
            text = str(exc)
        elif len(args) == 1 and type(args[0]) is str:
            text = args[0]
        elif len(args) == 1:
            text = _preview.preview(args[0], MAX_MESSAGE)
        else:
            text = _preview.preview(args, MAX_MESSAGE) if args else ""
    except Exception:
        text = ""
    return _preview.truncate(text if type(text) is str else "", MAX_MESSAGE)


def _remote_traceback(exc):
    cause = getattr(exc, "__cause__", None)
    cls = type(cause)
    if getattr(cls, "__name__", None) == "_RemoteTraceback" and getattr(cls, "__module__", "").startswith(
        "concurrent.futures"
    ):
        text = cause.__dict__.get("tb")
        if type(text) is str:
            return text
    return None


def _render_stack(exc, tb):
    lines = ["Traceback (most recent call last):\n"]
    while tb is not None:
        code = tb.tb_frame.f_code
        if not _sites.is_own_file(code.co_filename):
            lineno = tb.tb_lineno if isinstance(tb.tb_lineno, int) else 0
            lines.append('  File "%s", line %d, in %s\n' % (code.co_filename, lineno, code.co_name))
            source = linecache.getline(code.co_filename, lineno).strip() if lineno else ""
            if source:
                lines.append("    %s\n" % source)
        tb = tb.tb_next
    message = safe_message(exc)
    lines.append("%s: %s" % (_qualified_type(exc), message) if message else _qualified_type(exc))
    return "".join(lines)


def error_info(exc):
    """The ErrorInfo record of an exception."""
    info = {"type": type_name(exc), "message": safe_message(exc)}
    try:
        remote = _remote_traceback(exc)
        if remote is not None:
            frames = [
                {"file": _sites.absolute(m.group(1)), "line": int(m.group(2)), "fn": m.group(3)}
                for m in _REMOTE_FRAME.finditer(remote)
            ]
            info["frames"] = frames[-_sites.MAX_FRAMES :]
            info["stack"] = _cut_tail(remote, MAX_STACK)
            return info
        tb = getattr(exc, "__traceback__", None)
        if tb is not None:
            info["frames"] = _sites.traceback_frames(tb)
            info["stack"] = _cut_tail(_render_stack(exc, tb), MAX_STACK)
    except Exception:
        pass
    return info

