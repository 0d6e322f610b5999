"""Poolscope's tracer for Python's concurrent.futures (standard library only, Python 3.8+).

Loaded by src/python/bootstrap/sitecustomize.py in every process of a recorded program; see
src/python/README.md for how it works and what it records.
"""
VERSION = "0.1.0"


def activate():
    """Turns recording on in this process when POOLSCOPE_TRACE is set; True when it is on."""
    from . import _boot

    return _boot.activate()
