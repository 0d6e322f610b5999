"""Thread-pool tasks: submits registered by the pool's work queue, `start` by
set_running_or_notify_cancel(), `end` and `done` at once by set_result() (a failure's `done` by
_invoke_callbacks, traceback and all); nothing of the work item changes."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import textwrap
import unittest

import _support

BOOTSTRAP = os.path.join(_support.SRC, "bootstrap")

PROGRAM = textwrap.dedent(
    """
    import sys
    from concurrent.futures import Future, ThreadPoolExecutor

    def by_hand():
        # A future made and finished inside a task, on the task's thread.
        inner = Future()
        inner.set_running_or_notify_cancel()
        inner.set_result(1)
        return 2

    def fail():
        raise ValueError("no")

    with ThreadPoolExecutor(1) as pool:
        assert pool.submit(pow, 2, 3).result() == 8
        assert pool.submit(lambda: None).result() is None
        try:
            pool.submit(fail).result()
        except ValueError:
            pass
        assert pool.submit(by_hand).result() == 2
        print("the queue:", type(pool._work_queue).__name__)
    """
)


class ThreadPoolTasksTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.dir = tempfile.mkdtemp()
        path = os.path.join(cls.dir, "trace.ndjson")
        open(path, "w").close()
        env = dict(os.environ, POOLSCOPE_TRACE=path, PYTHONPATH=BOOTSTRAP + os.pathsep + _support.SRC)
        env.pop("POOLSCOPE_TRACE_ROOT_PID", None)
        run = subprocess.run(
            [sys.executable, "-c", PROGRAM], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60
        )
        cls.stdout = run.stdout.decode()
        cls.stderr = run.stderr.decode()
        cls.code = run.returncode
        with open(path) as f:
            cls.events = [json.loads(line) for line in f if line.strip()]

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.dir)

    def of(self, kind):
        return [e for e in self.events if e["e"] == kind]

    def test_the_program_runs_as_without_the_tracer(self):
        self.assertEqual((self.code, self.stderr), (0, ""))
        self.assertIn("the queue: _WorkQueue", self.stdout)

    def test_every_task_has_one_start_end_and_done_on_the_worker_lane(self):
        submits = [s for s in self.of("submit") if s["fn"] != "Future()"]
        self.assertEqual([s["fn"] for s in submits], ["pow", "<lambda>", "fail", "by_hand"])
        self.assertEqual(submits[0]["args"], "2, 3")
        worker = [lane["lane"] for lane in self.of("lane") if lane["name"] == "ThreadPoolExecutor-0_0"]
        for submit in submits:
            fid = submit["fid"]
            mine = [e for e in self.events if e.get("fid") == fid and e["e"] in ("start", "end", "done")]
            self.assertEqual([e["e"] for e in mine], ["start", "end", "done"], fid)
            self.assertEqual({e["lane"] for e in mine}, set(worker), fid)
            self.assertLessEqual(mine[0]["ts"], mine[1]["ts"])

    def test_end_and_done_of_a_returning_task_share_their_time_and_give_the_result(self):
        by_fn = {s["fn"]: s["fid"] for s in self.of("submit")}
        end = [e for e in self.of("end") if e["fid"] == by_fn["pow"]][0]
        done = [e for e in self.of("done") if e["fid"] == by_fn["pow"]][0]
        self.assertEqual((end["ok"], done["outcome"], done["value"], done["ts"]), (True, "result", "8", end["ts"]))

    def test_a_failing_task_ends_not_ok_and_its_done_carries_the_traceback(self):
        fid = [s["fid"] for s in self.of("submit") if s["fn"] == "fail"][0]
        end = [e for e in self.of("end") if e["fid"] == fid][0]
        done = [e for e in self.of("done") if e["fid"] == fid][0]
        self.assertFalse(end["ok"])
        error = done["error"]
        self.assertEqual((done["outcome"], error["type"], error["message"]), ("exception", "ValueError", "no"))
        # As Python prints it: the pool's frame, then the task's (3.13+ shows the source line of a
        # -c program too).
        self.assertRegex(
            done["error"]["stack"], r'in run\n.*\n  File "<string>", line \d+, in fail\n(    raise .*\n)?ValueError: no$'
        )
        self.assertNotIn("poolscope_tracer", done["error"]["stack"])

    def test_a_future_finished_by_hand_inside_a_task_leaves_the_task_its_end(self):
        inner = [s["fid"] for s in self.of("submit") if s["fn"] == "Future()"]
        self.assertEqual(len(inner), 1)
        own = [e["e"] for e in self.events if e.get("fid") == inner[0] and e["e"] != "submit"]
        self.assertEqual(own, ["start", "end", "done"])


if __name__ == "__main__":
    unittest.main()
