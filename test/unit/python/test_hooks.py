"""The hooks of the hot path take exactly the original's parameters, so a wrong call fails the
same way; concurrent.futures._base sees a `threading` that is the real one but for Condition."""
import inspect
import threading
import unittest

import _support  # noqa: F401
from concurrent.futures import _base
from poolscope_tracer import _blocking, _future_hooks, _futures
from poolscope_tracer._wrap import same_parameters


def _error(call):
    try:
        call()
    except TypeError as error:
        return str(error)
    return None


class ExactParametersTest(unittest.TestCase):
    def test_same_parameters_accepts_only_plain_positional_or_keyword_parameters(self):
        def plain(self, result):
            pass

        def defaulted(self, result=None):
            pass

        def starred(self, *args):
            pass

        def keyword_only(self, *, result):
            pass

        self.assertTrue(same_parameters(plain, ("self", "result")))
        self.assertFalse(same_parameters(plain, ("self", "value")))
        self.assertFalse(same_parameters(defaulted, ("self", "result")))
        self.assertFalse(same_parameters(starred, ("self",)))
        self.assertFalse(same_parameters(keyword_only, ("self",)))
        self.assertFalse(same_parameters(len, ("obj",)))

    def test_a_wrong_call_of_a_hook_fails_as_a_wrong_call_of_the_original(self):
        future = _base.Future()
        for name in ("__init__", "set_running_or_notify_cancel", "set_result", "set_exception", "_invoke_callbacks"):
            original = _future_hooks._originals.get(name) or getattr(_base.Future, name)
            hook = _future_hooks.make_hook(name, original)
            self.assertEqual(inspect.signature(hook), inspect.signature(original))
            names = hook.__code__.co_varnames[: hook.__code__.co_argcount]
            self.assertEqual(list(names), inspect.getfullargspec(original).args)
            if name not in ("set_result", "set_exception"):
                continue
            for args, kwargs in (((), {}), ((1, 2), {}), ((), {"nope": 1})):
                self.assertEqual(
                    _error(lambda: hook(future, *args, **kwargs)), _error(lambda: original(future, *args, **kwargs))
                )

    def test_the_general_hook_serves_another_signature(self):
        def set_result(self, result, extra=None):
            return (result, extra)

        hook = _future_hooks.make_hook("set_result", set_result)
        future = _base.Future()
        self.assertEqual(hook(future, 1, extra=2), (1, 2))
        self.assertEqual(hook(future, result=3), (3, None))


class ThreadingForFuturesTest(unittest.TestCase):
    def test_it_is_threading_but_for_condition(self):
        view = _blocking._ThreadingForFutures(threading)
        self.assertIs(view.Condition, _blocking.TracedCondition)
        self.assertIs(view.Event, threading.Event)
        self.assertIs(view.Lock, threading.Lock)
        self.assertEqual(view.__name__, "threading")
        with self.assertRaises(AttributeError):
            view.no_such_thing  # noqa: B018

    def test_a_traced_condition_waits_like_a_condition_when_nothing_is_recorded(self):
        condition = _blocking.TracedCondition()
        with condition:
            self.assertFalse(condition.wait(0.001))


class PerThreadTest(unittest.TestCase):
    def test_unset_values_read_as_their_defaults_in_every_thread(self):
        seen = []
        _blocking._tls.map = "main"

        def read():
            blocking, futures = _blocking._tls, _futures._tls
            seen.append((blocking.map, blocking.timed_out_bid, futures.claim, futures.cancelling))

        thread = threading.Thread(target=read)
        thread.start()
        thread.join()
        _blocking._tls.map = None
        self.assertEqual(seen, [(None, None, None, None)])


if __name__ == "__main__":
    unittest.main()
