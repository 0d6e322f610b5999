"""Patching concurrent.futures when the program imports it, never before.

A finder at the head of sys.meta_path watches for concurrent.futures._base, .thread and
.process. It lets the normal finders find each module and makes the module's loader patch the
module right after executing it, before the importer sees it: so `from concurrent.futures import
as_completed` (in concurrent/futures/__init__.py, which imports _base first) already gets the
patched function. Modules imported before Poolscope started are patched at once.
"""
import sys

from ._wrap import hide_own_frames, internal_failure

BASE = "concurrent.futures._base"
THREAD = "concurrent.futures.thread"
PROCESS = "concurrent.futures.process"
WATCHED = (BASE, THREAD, PROCESS)
_patched = set()


def patch(name, module):
    if name in _patched:
        return
    _patched.add(name)
    try:
        if name == BASE:
            from . import _boot, _executors, _futures, _waits

            _boot.start_runtime()
            _futures.install(module)
            _waits.install(module)
            _executors.install_base(module)
        elif name == THREAD:
            from . import _thread_pool

            _thread_pool.install(module)
        elif name == PROCESS:
            from . import _process

            _process.install(module)
    except Exception as error:
        internal_failure(error)
    except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
        hide_own_frames(error)
        raise


class PatchOnImport(object):
    """A meta path finder that patches the watched modules as they are imported."""

    def find_spec(self, name, path=None, target=None):
        if name not in WATCHED or name in _patched:
            return None
        spec = None
        for finder in list(sys.meta_path):
            find = getattr(finder, "find_spec", None)
            if finder is self or find is None:
                continue
            spec = find(name, path, target)
            if spec is not None:
                break
        loader = getattr(spec, "loader", None)
        if loader is None or getattr(loader, "exec_module", None) is None:
            return spec
        execute = loader.exec_module
        # The path finder makes one file loader per module: patching that instance changes no
        # other import, and the module keeps its own loader (for inspect, linecache, reloads).
        own_instance = type(loader).__name__ in ("SourceFileLoader", "SourcelessFileLoader") and hasattr(
            loader, "__dict__"
        )

        def exec_module(module):
            if own_instance:
                loader.__dict__.pop("exec_module", None)
            execute(module)
            patch(name, module)
            if all(watched in _patched for watched in WATCHED):
                _remove(self)

        if own_instance:
            loader.exec_module = exec_module
        else:
            spec.loader = _Loader(loader, exec_module)
        return spec


class _Loader(object):
    """A loader that runs `exec_module` and otherwise is the module's own loader."""

    def __init__(self, loader, exec_module):
        self._loader = loader
        self.exec_module = exec_module

    def create_module(self, spec):
        create = getattr(self._loader, "create_module", None)
        return create(spec) if create is not None else None

    def __getattr__(self, name):
        return getattr(self._loader, name)


def _remove(finder):
    # A new list, not list.remove(): an import running on another thread iterates the old one.
    sys.meta_path = [f for f in sys.meta_path if f is not finder]


def install():
    for name in WATCHED:
        module = sys.modules.get(name)
        if module is not None:
            patch(name, module)
    if not all(name in _patched for name in WATCHED):
        sys.meta_path.insert(0, PatchOnImport())
