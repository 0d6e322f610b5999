"""Puts src/python on sys.path for the unit tests of the tracer's internals."""
import os
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", "..", ".."))
SRC = os.path.join(ROOT, "src", "python")
if SRC not in sys.path:
    sys.path.insert(0, SRC)
