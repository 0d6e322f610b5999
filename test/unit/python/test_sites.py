"""Call sites: the first frame that is the user's, not ours nor the runtime's internals."""
import os
import sys
import threading
import unittest

import _support  # noqa: F401
from poolscope_tracer import _sites

CF_DIR = os.path.dirname(__import__("concurrent.futures._base").futures._base.__file__)


def _internal(filename, source, name):
    """A function whose code claims to live in `filename` (an internal file of the runtime)."""
    namespace = {"sys": sys}
    exec(compile(source, filename, "exec"), namespace)
    return namespace[name]


internal_frame = _internal(
    os.path.join(CF_DIR, "_fake_internal.py"), "def grab():\n    return sys._getframe()\n", "grab"
)
internal_caller = _internal(
    os.path.join(os.path.dirname(threading.__file__), "multiprocessing", "_fake.py"),
    "def call(fn):\n    return fn()\n",
    "call",
)


class SiteTest(unittest.TestCase):
    def test_the_site_is_the_first_user_frame_outside_the_runtime_internals(self):
        frame = internal_caller(internal_frame)  # internal -> internal -> this test
        site = _sites.user_site(frame)  # this test's frame is live: its line is this one
        self.assertEqual(site["file"], os.path.abspath(__file__))
        self.assertEqual(site["fn"], "test_the_site_is_the_first_user_frame_outside_the_runtime_internals")
        self.assertEqual(site["line"], sys._getframe().f_lineno - 3)

    def test_columns_are_one_based_on_python_311_and_absent_before(self):
        frame = sys._getframe()
        site = _sites.user_site(frame)
        if sys.version_info >= (3, 11):
            self.assertEqual(site["col"], 16)
        else:
            self.assertNotIn("col", site)

    def test_our_own_frames_count_as_internal(self):
        self.assertTrue(_sites.is_internal_file(_sites.__file__))
        self.assertTrue(_sites.is_internal_file(threading.__file__))
        self.assertFalse(_sites.is_internal_file(__file__))

    def test_stack_frames_are_outermost_first_without_our_frames(self):
        def inner():
            return _sites.stack_frames(sys._getframe())

        frames = inner()
        self.assertEqual(frames[-1]["fn"], "inner")
        self.assertEqual(frames[-2]["fn"], "test_stack_frames_are_outermost_first_without_our_frames")
        self.assertLessEqual(len(frames), _sites.MAX_FRAMES)

    def test_deep_stacks_keep_the_innermost_64_frames(self):
        def deep(n):
            return _sites.stack_frames(sys._getframe()) if n == 0 else deep(n - 1)

        frames = deep(100)
        self.assertEqual(len(frames), 64)
        self.assertTrue(all(f["fn"] == "deep" for f in frames))

    def test_relative_file_names_become_absolute(self):
        self.assertEqual(_sites.absolute("x/y.py"), os.path.abspath("x/y.py"))
        self.assertEqual(_sites.absolute("<stdin>"), "<stdin>")


if __name__ == "__main__":
    unittest.main()
