"""Ids: the root counts from 1, every other process from pid * 2**24 + 1."""
import os
import unittest

import _support  # noqa: F401
from poolscope_tracer import _state


class IdTest(unittest.TestCase):
    def setUp(self):
        self.saved = os.environ.get(_state.ENV_ROOT_PID)

    def tearDown(self):
        if self.saved is None:
            os.environ.pop(_state.ENV_ROOT_PID, None)
        else:
            os.environ[_state.ENV_ROOT_PID] = self.saved

    def test_first_id_matches_the_contract(self):
        self.assertEqual(_state.first_id(7001, 7001), 1)
        self.assertEqual(_state.first_id(7001, None), 1)
        self.assertEqual(_state.first_id(8102, 8000), 8102 * 16777216 + 1)
        self.assertEqual(_state.first_id(8102, 8000), 135929004033)  # the golden recording's first id

    def test_the_root_allocates_from_one(self):
        os.environ[_state.ENV_ROOT_PID] = str(os.getpid())
        proc = _state._Process()
        self.assertTrue(proc.is_root)
        self.assertEqual([proc.next_fid(), proc.next_fid(), proc.next_xid(), proc.next_bid(), proc.next_map()], [1, 2, 1, 1, 1])

    def test_another_process_allocates_from_its_own_range(self):
        os.environ[_state.ENV_ROOT_PID] = str(os.getpid() + 1)
        proc = _state._Process()
        base = os.getpid() * _state.ID_PID_STRIDE + 1
        self.assertFalse(proc.is_root)
        self.assertEqual(proc.next_fid(), base)
        self.assertTrue(proc.owns_id(base + 5))
        self.assertFalse(proc.owns_id(3))
        self.assertLess(base + _state.ID_PID_STRIDE, 2 ** 53)

    def test_timestamps_are_integer_microseconds_of_the_monotonic_clock(self):
        import time

        before = time.monotonic_ns() // 1000
        now = _state.now()
        self.assertIsInstance(now, int)
        self.assertGreaterEqual(now, before)
        self.assertLess(now - before, 1000000)


if __name__ == "__main__":
    unittest.main()
