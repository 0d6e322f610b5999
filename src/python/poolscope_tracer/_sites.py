"""Call sites and stack frames: where in the user's code something happened.

A call site is the first frame, walking outwards, that is not Poolscope's own code nor the
internals of concurrent.futures, threading, multiprocessing or asyncio. Everything is cached per
file name or code object, so finding a site costs a few dictionary lookups per frame.
"""
import os
import sys
import threading

from . import _writer

_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__)) + os.sep
_HAS_POSITIONS = sys.version_info >= (3, 11)
MAX_FRAMES = 64


def _stdlib_internal_prefixes():
    stdlib = os.path.dirname(os.path.abspath(threading.__file__))
    prefixes = [
        os.path.join(stdlib, "concurrent", "futures") + os.sep,
        os.path.join(stdlib, "multiprocessing") + os.sep,
        os.path.join(stdlib, "asyncio") + os.sep,
        os.path.abspath(threading.__file__),
    ]
    return tuple(prefixes)


_INTERNAL = (_PACKAGE_DIR,) + _stdlib_internal_prefixes()
_internal_files = {}
_abs_files = {}
_positions = {}


def is_internal_file(filename):
    known = _internal_files.get(filename)
    if known is None:
        known = absolute(filename).startswith(_INTERNAL)
        _internal_files[filename] = known
    return known


_cf_files = {}
_own_files = {}


def is_concurrent_futures_file(filename):
    known = _cf_files.get(filename)
    if known is None:
        known = _cf_files[filename] = absolute(filename).startswith(_INTERNAL[1])
    return known


def is_own_file(filename):
    known = _own_files.get(filename)
    if known is None:
        known = _own_files[filename] = absolute(filename).startswith(_PACKAGE_DIR)
    return known


def absolute(filename):
    """Absolute path of a code object's file; pseudo files (`<stdin>`, `<frozen …>`) unchanged."""
    path = _abs_files.get(filename)
    if path is None:
        if filename.startswith("<") or os.path.isabs(filename):
            path = filename
        else:
            try:
                path = os.path.abspath(filename)
            except Exception:
                path = filename
        _abs_files[filename] = path
    return path


def _column(code, lasti):
    """1-based column of the instruction at `lasti` (Python 3.11+), or None."""
    if not _HAS_POSITIONS or lasti is None or lasti < 0:
        return None
    table = _positions.get(code)
    if table is None:
        try:
            table = [p[2] for p in code.co_positions()]
        except Exception:
            table = []
        if len(_positions) > 4096:
            _positions.clear()
        _positions[code] = table
    index = lasti // 2
    if index < len(table) and table[index] is not None:
        return table[index] + 1
    return None


_site_cache = {}
_site_texts = {}


def _entry(code, lasti, lineno):
    """(code, site dict, site JSON text) of a code position, cached by the code object's id and
    the instruction offset (the line is a function of both): a hit computes no line number. The
    entry holds the code object, so its id is not reused while the entry lives."""
    key = (id(code), lasti)
    entry = _site_cache.get(key)
    if entry is None or entry[0] is not code:
        if len(_site_cache) >= 8192:
            _site_cache.clear()
            _site_texts.clear()
        site = _new_site(code, lineno, lasti)
        entry = _site_cache[key] = (code, site, _to_json(site))
        _site_texts[id(site)] = (site, entry[2])
    return entry


def site_json(site):
    """The JSON text of a site dict: cached for the sites made here, else encoded now."""
    known = _site_texts.get(id(site))
    if known is not None and known[0] is site:
        return known[1]
    return _to_json(site)


def frame_site(code, lineno, lasti):
    """The site of a code position; the same dict for the same position (never mutate it)."""
    return _entry(code, lasti, lineno)[1]


def _new_site(code, lineno, lasti):
    site = {"file": absolute(code.co_filename), "line": lineno if isinstance(lineno, int) and lineno > 0 else 0}
    col = _column(code, lasti)
    if col is not None:
        site["col"] = col
    site["fn"] = code.co_name
    return site


def _to_json(site):
    return _writer.encode_line(site)[:-1]


def _user_entry(frame):
    internal = _internal_files
    while frame is not None:
        code = frame.f_code
        known = internal.get(code.co_filename)
        if known is None:
            known = is_internal_file(code.co_filename)
        if not known:
            lasti = frame.f_lasti
            entry = _site_cache.get((id(code), lasti))
            if entry is None or entry[0] is not code:
                entry = _entry(code, lasti, frame.f_lineno)
            return entry
        frame = frame.f_back
    return None


def user_site(frame):
    """The site of the first frame at or outside `frame` that is the user's code, or None."""
    entry = _user_entry(frame)
    return entry[1] if entry is not None else None


def user_site_json(frame):
    """user_site() as the JSON text of the trace format, or None (_user_entry, inline: this runs
    for every submit)."""
    internal = _internal_files
    while frame is not None:
        code = frame.f_code
        known = internal.get(code.co_filename)
        if known is None:
            known = is_internal_file(code.co_filename)
        if not known:
            lasti = frame.f_lasti
            entry = _site_cache.get((id(code), lasti))
            if entry is None or entry[0] is not code:
                entry = _entry(code, lasti, frame.f_lineno)
            return entry[2]
        frame = frame.f_back
    return None


def caller_site(depth=1):
    """The user's call site as seen from the function `depth` frames above the caller."""
    try:
        return user_site(sys._getframe(depth + 1))
    except ValueError:
        return None


def stack_frames(frame):
    """A thread's stack as sites, outermost first, without Poolscope's frames; innermost 64 kept."""
    frames = []
    while frame is not None and len(frames) < MAX_FRAMES:
        code = frame.f_code
        if not is_own_file(code.co_filename):
            frames.append(frame_site(code, frame.f_lineno, frame.f_lasti))
        frame = frame.f_back
    frames.reverse()
    return frames


def traceback_frames(tb):
    """The frames of a traceback as sites, outermost first, without Poolscope's; innermost 64 kept."""
    frames = []
    while tb is not None:
        code = tb.tb_frame.f_code
        if not is_own_file(code.co_filename):
            frames.append((code, tb.tb_lineno, tb.tb_lasti))
        tb = tb.tb_next
    return [frame_site(code, line, lasti) for code, line, lasti in frames[-MAX_FRAMES:]]
