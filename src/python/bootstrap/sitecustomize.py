# Poolscope's bootstrap: `poolscope record` puts this folder first on PYTHONPATH, so every Python
# process that inherits the environment (the program, multiprocessing children, subprocesses)
# imports this module at startup through `site`. It turns the tracer on when POOLSCOPE_TRACE is
# set, then hands over to whatever sitecustomize the user had, and takes this folder back off
# sys.path so the program sees the sys.path it would have without Poolscope.
#
# Kept parseable by any Python (no f-strings, no annotations): an old interpreter started by the
# program reads this file too, and must simply run on untraced.
import os
import sys

_HERE = os.path.dirname(os.path.abspath(__file__))


def _same_dir(entry):
    try:
        return os.path.abspath(entry or os.curdir) == _HERE
    except Exception:
        return False


def _activate():
    if sys.version_info < (3, 8) or not os.environ.get("POOLSCOPE_TRACE"):
        return
    package_parent = os.path.dirname(_HERE)
    sys.path.insert(0, package_parent)
    try:
        import poolscope_tracer
    finally:
        sys.path.remove(package_parent)
    poolscope_tracer.activate()


def _chain_load():
    """Imports the next sitecustomize on sys.path, if any, as `site` would have without us."""
    ours = sys.modules.pop("sitecustomize", None)
    saved = sys.path[:]
    sys.path[:] = [entry for entry in saved if not _same_dir(entry)]
    try:
        import sitecustomize  # noqa: F401  (the user's, found further down sys.path)
    except ImportError as error:
        if getattr(error, "name", None) != "sitecustomize":
            raise
        # None further down: `site` expects to find a module under this name when we return.
        if ours is not None:
            sys.modules["sitecustomize"] = ours
    # sys.path without our folder: what the program would see without Poolscope.


try:
    _activate()
except Exception as _error:  # never stop the program: it runs on untraced
    try:
        sys.stderr.write("poolscope: recording stopped: %s; the program runs on untraced\n" % (_error,))
    except Exception:
        pass
_chain_load()
