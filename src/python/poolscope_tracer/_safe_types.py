"""What a preview may say of a value without running any of its code: the names of classes and
callables, which classes are namedtuples or dataclasses with generated reprs, and the
standard-library types whose repr is known to be pure (registered as the program imports their
modules: this imports none of them)."""
import collections
import sys
import types


def is_namedtuple(cls):
    fields = None
    for base in cls.__mro__:
        if "_fields" in base.__dict__:
            fields = base.__dict__["_fields"]
            break
    if type(fields) is not tuple or not all(type(f) is str for f in fields):
        return False
    method = getattr(cls, "__repr__", None)
    return getattr(method, "__code__", None) is NAMEDTUPLE_REPR_CODE


def class_name(cls):
    name = getattr(cls, "__qualname__", None)
    module = getattr(cls, "__module__", None)
    if type(name) is not str:
        name = "?"
    if type(module) is str and module != "builtins":
        return "%s.%s" % (module, name)
    return name


def short_name(cls):
    name = getattr(cls, "__name__", None)
    return name if type(name) is str else "?"


def qualname(cls):
    name = getattr(cls, "__qualname__", None)
    return name if type(name) is str else short_name(cls)


def attribute_names(cls):
    names = set()
    for base in cls.__mro__:
        names.update(base.__dict__)
    return names


def generated_repr(cls):
    """True when the dataclass's __repr__ is the one @dataclass wrote (its code is in `<string>`)."""
    method = cls.__dict__.get("__repr__")
    inner = getattr(method, "__wrapped__", method)
    code = getattr(inner, "__code__", None)
    return getattr(code, "co_filename", None) == "<string>" and getattr(code, "co_name", None) == "__repr__"


NAMEDTUPLE_REPR_CODE = getattr(collections.namedtuple("_P", "a").__repr__, "__code__", None)
CALLABLE_TYPES = (types.FunctionType, types.BuiltinFunctionType, types.LambdaType)
SAFE_REPR_TYPES = set([range, slice, type(Ellipsis), type(NotImplemented)])
SAFE_REPR_BASES = set()  # grows as the program imports modules (refresh_safe_types)


def _add_safe_types():
    """Registers the standard library's pure reprs, importing nothing the program did not."""
    candidates = [
        ("pathlib", ("PurePath",)),
        ("datetime", ("date", "datetime", "time", "timedelta", "timezone")),
        ("decimal", ("Decimal",)),
        ("fractions", ("Fraction",)),
        ("uuid", ("UUID",)),
    ]
    for module_name, names in candidates:
        module = sys.modules.get(module_name)
        if module is None:
            continue
        for name in names:
            cls = getattr(module, name, None)
            if isinstance(cls, type) and cls not in SAFE_REPR_BASES:
                SAFE_REPR_BASES.add(cls)


def refresh_safe_types():
    """Called now and then: modules the program imported later join the safe list."""
    _add_safe_types()


_add_safe_types()


def callable_name(fn):
    """The qualified name of what was submitted, e.g. `main.<locals>.fetch`, `Resizer.run`."""
    try:
        cls = type(fn)
        if cls is types.FunctionType:
            name = fn.__qualname__
            return name if type(name) is str else "?"
        if cls is types.MethodType:
            fn = fn.__func__
            cls = type(fn)
        if cls in CALLABLE_TYPES or cls is types.BuiltinMethodType:
            name = getattr(fn, "__qualname__", None)
            return name if type(name) is str else "?"
        functools = sys.modules.get("functools")
        if functools is not None and functools.partial in cls.__mro__:
            return "partial(%s)" % callable_name(functools.partial.func.__get__(fn))
        if type in cls.__mro__:
            return qualname(fn)
        return "%s.__call__" % qualname(cls)
    except Exception:
        return "?"
