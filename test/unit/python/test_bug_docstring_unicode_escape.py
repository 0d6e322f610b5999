"""Regression (python-bugs.md #1): `\\u` in a docstring of _writer.py made the module a
SyntaxError, so every traced program ran untraced. Every file of the tracer must compile on the
running interpreter with no warning at all (an invalid escape is a SyntaxWarning before it is an
error)."""
import os
import unittest
import warnings

import _support

PACKAGE = os.path.join(_support.SRC, "poolscope_tracer")
BOOTSTRAP = os.path.join(_support.SRC, "bootstrap")


def _sources():
    for folder in (PACKAGE, BOOTSTRAP):
        for name in sorted(os.listdir(folder)):
            if name.endswith(".py"):
                yield os.path.join(folder, name)


class SourcesCompileTest(unittest.TestCase):
    def test_every_file_of_the_tracer_compiles_without_warnings(self):
        paths = list(_sources())
        self.assertGreater(len(paths), 10)
        for path in paths:
            with open(path, "rb") as f:
                source = f.read()
            with warnings.catch_warnings():
                warnings.simplefilter("error")
                try:
                    compile(source, path, "exec", dont_inherit=True)
                except (SyntaxError, SyntaxWarning, DeprecationWarning) as error:
                    self.fail("%s does not compile cleanly: %s" % (os.path.basename(path), error))


if __name__ == "__main__":
    unittest.main()
