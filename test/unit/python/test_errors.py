"""ErrorInfo: messages without user code, frames and traceback text."""
import json
import unittest

import _support  # noqa: F401
from poolscope_tracer._errors import MAX_STACK, error_info, safe_message


class CustomStr(Exception):
    called = False

    def __str__(self):
        CustomStr.called = True
        return "must not be used"


class Opaque(object):
    def __str__(self):
        raise AssertionError("str of an argument must not be called")

    __repr__ = __str__


def raise_value_error():
    raise ValueError("bad input %d" % 7)


def caught(fn):
    try:
        fn()
    except BaseException as error:
        return error
    raise AssertionError("no exception")


class MessageTest(unittest.TestCase):
    def test_builtin_exceptions_use_their_own_str(self):
        self.assertEqual(safe_message(ValueError("bad input")), "bad input")
        self.assertEqual(safe_message(KeyError("rows")), "'rows'")
        self.assertEqual(safe_message(FileNotFoundError(2, "No such file", "/x")), "[Errno 2] No such file: '/x'")
        self.assertEqual(safe_message(TimeoutError()), "")

    def test_a_user_defined_str_is_not_called(self):
        message = safe_message(CustomStr("the args"))
        self.assertFalse(CustomStr.called)
        self.assertEqual(message, "the args")

    def test_arguments_of_unknown_types_are_previewed_not_stringified(self):
        self.assertEqual(safe_message(ValueError(Opaque())), "<test_errors.Opaque object>")
        self.assertEqual(safe_message(ValueError("a", Opaque())), "('a', <test_errors.Opaque object>)")

    def test_messages_are_cut_at_1000_characters(self):
        self.assertEqual(len(safe_message(ValueError("m" * 5000))), 1000)


class ErrorInfoTest(unittest.TestCase):
    def test_local_exception_has_frames_outermost_first_and_a_python_style_stack(self):
        info = error_info(caught(raise_value_error))
        self.assertEqual(info["type"], "ValueError")
        self.assertEqual(info["message"], "bad input 7")
        self.assertEqual([f["fn"] for f in info["frames"]], ["caught", "raise_value_error"])
        self.assertTrue(info["frames"][-1]["file"].endswith("test_errors.py"))
        self.assertTrue(info["stack"].startswith("Traceback (most recent call last):\n"))
        self.assertIn('    raise ValueError("bad input %d" % 7)\n', info["stack"])
        self.assertTrue(info["stack"].endswith("ValueError: bad input 7"))
        json.dumps(info)

    def test_process_pool_exceptions_use_the_workers_traceback_text(self):
        from concurrent.futures.process import _RemoteTraceback

        error = ValueError("diverged")
        remote = (
            '\n"""\nTraceback (most recent call last):\n'
            '  File "/usr/lib/python3.11/concurrent/futures/process.py", line 256, in _process_worker\n'
            "    r = call_item.fn(*call_item.args, **call_item.kwargs)\n"
            '  File "/home/dev/sim/model.py", line 41, in simulate\n'
            '    raise ValueError("diverged")\nValueError: diverged\n"""'
        )
        error.__cause__ = _RemoteTraceback(remote)
        info = error_info(error)
        self.assertEqual(info["stack"], remote)
        self.assertEqual(
            info["frames"],
            [
                {"file": "/usr/lib/python3.11/concurrent/futures/process.py", "line": 256, "fn": "_process_worker"},
                {"file": "/home/dev/sim/model.py", "line": 41, "fn": "simulate"},
            ],
        )

    def test_long_stacks_keep_their_end(self):
        def deep(n):
            if n == 0:
                raise RuntimeError("bottom")
            deep(n - 1)

        info = error_info(caught(lambda: deep(200)))
        self.assertEqual(len(info["stack"]), MAX_STACK)
        self.assertTrue(info["stack"].startswith("\u2026"))
        self.assertTrue(info["stack"].endswith("RuntimeError: bottom"))
        self.assertLessEqual(len(info["frames"]), 64)
        self.assertEqual(info["frames"][-1]["fn"], "deep")


if __name__ == "__main__":
    unittest.main()
