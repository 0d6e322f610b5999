"""Safe, short previews of arguments and results, and the messages of exceptions.

The trace format's rule is that a writer never runs user code to describe a value: a __repr__
may raise, recurse, block on a lock the caller holds, take seconds, or return megabytes. So the
preview renders only what it can render with the interpreter's own C code or the standard
library's pure reprs:

- None, bool, int (up to 2048 bits), float, complex, str, bytes, bytearray;
- list, tuple, dict, set, frozenset, collections.deque, and their subclasses that keep the
  built-in repr, walked by the built-in types' own methods (never the subclass's), at most
  4 levels deep (3 inside an argument list) and 8 items per container;
- namedtuples and dataclasses with their generated repr (their fields walked the same way);
- pathlib paths, datetime/date/time/timedelta/timezone, Decimal, Fraction, UUID, enum members,
  ranges, slices, functions, classes and modules;
- anything else as `<module.Class object>`, from the class alone.

The result is at most `limit` characters: a longer one is cut to `limit - 1` characters and `…`.
"""
import collections
import itertools
import sys
import types

from . import _safe_types
from ._safe_types import callable_name, refresh_safe_types  # noqa: F401 (part of this module's API)

LIMIT = 200
MAX_DEPTH = 2
MAX_ITEMS = 8
MAX_INT_BITS = 2048
MAX_STR = 80
ELLIPSIS = "\u2026"

_SCALARS = (type(None), bool, float, complex)


class _Budget(Exception):
    """Raised inside the walk once the text is long enough: the rest would be cut anyway."""


def truncate(text, limit=LIMIT):
    if len(text) <= limit:
        return text
    return text[: limit - 1] + ELLIPSIS


def preview(value, limit=LIMIT):
    cls = type(value)
    # The common results, without the general walk: what it would render, exactly.
    if (cls is int and -(1 << 64) < value < (1 << 64)) or (cls is str and len(value) <= limit) or (
        cls in _FAST and cls is not int
    ):
        text = repr(value)
        return text if len(text) <= limit else truncate(text, limit)
    out = _Out(limit)
    try:
        _render(value, out, -1)
    except _Budget:
        pass
    except Exception:
        out.parts.append("<?>")
    return truncate("".join(out.parts), limit)


_FAST = (int, float, type(None), bool)


def preview_args(args, kwargs, limit=LIMIT):
    """`1, 'a', key=2`: the arguments of a call as the call would show them."""
    if not kwargs and len(args) <= MAX_ITEMS:
        if not args:
            return ""
        # The common cases, a few numbers and short strings, without the general walk.
        if len(args) == 1:
            arg = args[0]
            cls = type(arg)
            if (
                (cls is int and -(1 << 64) < arg < (1 << 64))
                or (cls is str and len(arg) <= MAX_STR)
                or (cls in _FAST and cls is not int)
            ):
                text = repr(arg)
                return text if len(text) <= limit else truncate(text, limit)
        parts = []
        for arg in args:
            cls = type(arg)
            if cls is str and len(arg) <= MAX_STR:
                parts.append(repr(arg))
            elif cls in _FAST and (cls is not int or -(1 << 64) < arg < (1 << 64)):
                parts.append(repr(arg))
            else:
                break
        else:
            return truncate(", ".join(parts), limit)
    out = _Out(limit)
    try:
        first = True
        for arg in args:
            if not first:
                out.add(", ")
            first = False
            _render(arg, out, 0)
        for key in kwargs:
            if not first:
                out.add(", ")
            first = False
            out.add(key if type(key) is str else "?")
            out.add("=")
            _render(kwargs[key], out, 0)
    except _Budget:
        pass
    except Exception:
        out.parts.append("<?>")
    return truncate("".join(out.parts), limit)


class _Out(object):
    __slots__ = ("parts", "size", "limit")

    def __init__(self, limit):
        self.parts = []
        self.size = 0
        self.limit = limit

    def add(self, text):
        self.parts.append(text)
        self.size += len(text)
        if self.size > self.limit:
            raise _Budget()


def _mro(value):
    return type(value).__mro__


def _repr_is(cls, base):
    """True when `cls` renders with `base`'s own __repr__ (a subclass did not override it)."""
    return getattr(cls, "__repr__", None) is base.__repr__


def _render(value, out, depth):
    cls = type(value)
    if cls is str:
        out.add(_short_str(value, out.limit if depth < 0 else MAX_STR))
        return
    if cls in _SCALARS:
        out.add(repr(value))
        return
    if cls is int:
        out.add(repr(value) if value.bit_length() <= MAX_INT_BITS else "<int of %d bits>" % value.bit_length())
        return
    if cls is bytes or cls is bytearray:
        out.add(repr(value[: out.limit]))
        return
    mro = cls.__mro__
    if str in mro and _repr_is(cls, str):
        out.add(_short_str(str.__getitem__(value, slice(0, out.limit)), MAX_STR))
        return
    if int in mro and _repr_is(cls, int) and cls is not bool:
        out.add(str(int.__index__(value)) if int.bit_length(value) <= MAX_INT_BITS else "<int>")
        return
    if tuple in mro and _safe_types.is_namedtuple(cls):
        _fields(_safe_types.short_name(cls), zip(cls._fields, tuple.__iter__(value)), out, depth)
        return
    for base, opener, closer in _SEQUENCES:
        if base in mro and _repr_is(cls, base):
            _sequence(value, base, opener, closer, out, depth)
            return
    if dict in mro and _repr_is(cls, dict):
        _mapping(value, out, depth)
        return
    special = _special(value, cls, mro, out, depth)
    if special:
        return
    out.add("<%s object>" % _safe_types.class_name(cls))


def _short_str(text, limit):
    if len(text) <= limit:
        return repr(text)
    quoted = repr(text[: limit - 1])
    return quoted[:-1] + ELLIPSIS + quoted[-1]


def _sequence(value, base, opener, closer, out, depth):
    if depth >= MAX_DEPTH:
        out.add(opener + "..." + closer)
        return
    if base is set or base is frozenset:
        if base.__len__(value) == 0:
            out.add("%s()" % base.__name__)
            return
    if _plain_items(value, base, opener, closer, out):
        return
    if base is frozenset:
        out.add("frozenset(")
    if base is collections.deque:
        out.add("deque(")
    out.add(opener)
    count = 0
    for item in base.__iter__(value):
        if count:
            out.add(", ")
        if count >= MAX_ITEMS:
            out.add("...")
            break
        _render(item, out, depth + 1)
        count += 1
    if base is tuple and count == 1:
        out.add(",")
    out.add(closer)
    if base is frozenset or base is collections.deque:
        out.add(")")


def _plain_items(value, base, opener, closer, out):
    """The common case of _sequence at once: items that are all small ints, floats, None, bools
    or short strings (as _render would show them), checked and shown by C loops. False, having
    added nothing, otherwise."""
    head = list(itertools.islice(base.__iter__(value), MAX_ITEMS + 1))
    items = head[:MAX_ITEMS]
    kinds = set(map(type, items))
    if kinds == _INT:
        plain = -(1 << 64) < min(items) and max(items) < (1 << 64)
    elif kinds == _STR:
        plain = max(map(len, items)) <= MAX_STR
    elif kinds <= _OTHER_PLAIN:
        plain = True
    else:
        plain = all(
            (cls is int and -(1 << 64) < item < (1 << 64)) or (cls is str and len(item) <= MAX_STR) or cls in _OTHER_PLAIN
            for cls, item in zip(map(type, items), items)
        )
    if not plain:
        return False
    text = ", ".join(map(repr, items))
    if len(head) > MAX_ITEMS:
        text += ", ..."
    elif base is tuple and len(items) == 1:
        text += ","
    text = opener + text + closer
    if base is frozenset or base is collections.deque:
        text = ("frozenset(" if base is frozenset else "deque(") + text + ")"
    out.add(text)
    return True


_INT = {int}
_STR = {str}
_OTHER_PLAIN = {float, type(None), bool}


def _mapping(value, out, depth):
    if depth >= MAX_DEPTH:
        out.add("{...}")
        return
    out.add("{")
    count = 0
    for key, item in dict.items(value):
        if count:
            out.add(", ")
        if count >= MAX_ITEMS:
            out.add("...")
            break
        _render(key, out, depth + 1)
        out.add(": ")
        _render(item, out, depth + 1)
        count += 1
    out.add("}")


def _fields(name, pairs, out, depth):
    out.add(name + "(")
    if depth >= MAX_DEPTH:
        out.add("...)")
        return
    count = 0
    for field, item in pairs:
        if count:
            out.add(", ")
        if count >= MAX_ITEMS:
            out.add("...")
            break
        out.add(str(field) + "=")
        _render(item, out, depth + 1)
        count += 1
    out.add(")")


def _fields_positional(name, items, out, depth):
    out.add(name + "(")
    if depth >= MAX_DEPTH:
        out.add("...)")
        return
    for index, item in enumerate(tuple.__iter__(items) if type(items) is tuple else ()):
        if index:
            out.add(", ")
        if index >= MAX_ITEMS:
            out.add("...")
            break
        _render(item, out, depth + 1)
    out.add(")")


def _special(value, cls, mro, out, depth):
    """Standard-library types whose repr is known to run no user code."""
    safe_bases = _safe_types.SAFE_REPR_BASES
    if cls in _safe_types.SAFE_REPR_TYPES or any(_repr_is(cls, base) for base in mro if base in safe_bases):
        out.add(repr(value))
        return True
    if cls in _safe_types.CALLABLE_TYPES:
        name = getattr(value, "__qualname__", None)
        out.add("<function %s>" % (name if type(name) is str else "?"))
        return True
    if cls is types.MethodType:
        name = getattr(value.__func__, "__qualname__", None)
        out.add("<bound method %s>" % (name if type(name) is str else "?"))
        return True
    if type in mro:
        out.add("<class '%s'>" % _safe_types.class_name(value))
        return True
    if cls is types.ModuleType:
        name = value.__dict__.get("__name__")
        out.add("<module '%s'>" % (name if type(name) is str else "?"))
        return True
    if BaseException in mro and _repr_is(cls, BaseException):
        _fields_positional(_safe_types.short_name(cls), BaseException.__dict__["args"].__get__(value), out, depth)
        return True
    enum = sys.modules.get("enum")
    if enum is not None and enum.Enum in mro:
        name = value.__dict__.get("_name_")
        out.add("%s.%s" % (_safe_types.short_name(cls), name if type(name) is str else "?"))
        return True
    dataclasses = sys.modules.get("dataclasses")
    if (
        dataclasses is not None
        and "__dataclass_fields__" in _safe_types.attribute_names(cls)
        and _safe_types.generated_repr(cls)
    ):
        state = getattr(value, "__dict__", None)
        if type(state) is dict:
            names = [f for f in getattr(cls, "__dataclass_fields__", {}) if f in state]
            _fields(_safe_types.short_name(cls), ((f, state[f]) for f in names), out, depth)
            return True
    return False


_SEQUENCES = (
    (list, "[", "]"),
    (tuple, "(", ")"),
    (set, "{", "}"),
    (frozenset, "{", "}"),
    (collections.deque, "[", "]"),
)
