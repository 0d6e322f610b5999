"""The writer: one record per line whatever the strings, failures told once, drops counted."""
import json
import os
import shutil
import tempfile
import unittest

import _support  # noqa: F401
from poolscope_tracer import _state, _writer

HOSTILE = [
    "line\nbreak",
    "carriage\rreturn",
    "sep\u2028ara\u2029tors",
    "lone \ud800 surrogate and \udfff",
    "nul \x00 and escape \x1b[31m",
    'quotes " and \\ backslashes',
    "r\u00e9sum\u00e9 \U0001f600",
    "\x85 next line \x0b\x0c",
]


class Capture(object):
    """Collects what is written to file descriptor 2 while active."""

    def __enter__(self):
        self.read_end, write_end = os.pipe()
        self.saved = os.dup(2)
        os.dup2(write_end, 2)
        os.close(write_end)
        return self

    def __exit__(self, *exc):
        os.dup2(self.saved, 2)
        os.close(self.saved)
        chunks = []
        while True:
            chunk = os.read(self.read_end, 65536)
            if not chunk:
                break
            chunks.append(chunk)
        os.close(self.read_end)
        self.text = b"".join(chunks).decode("utf-8")


class WriterTest(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.mkdtemp()
        self.path = os.path.join(self.dir, "trace.ndjson")
        open(self.path, "w").close()
        self.saved_env = os.environ.get(_state.ENV_TRACE)
        self.saved_on = _state.proc.on

    def tearDown(self):
        shutil.rmtree(self.dir)
        _state.proc.on = self.saved_on
        if self.saved_env is not None:
            os.environ[_state.ENV_TRACE] = self.saved_env
        _writer._reported = False

    def lines(self):
        with open(self.path, "rb") as f:
            return f.read().split(b"\n")

    def test_hostile_strings_stay_on_one_ascii_line_and_round_trip(self):
        writer = _writer.Writer(self.path)
        writer.open()
        records = [{"e": "mark", "ts": i, "name": s, "lane": "1:1", "data": s} for i, s in enumerate(HOSTILE)]
        for record in records:
            writer.emit(record)
        self.assertTrue(writer.flush())
        writer.stop_thread()
        lines = self.lines()
        self.assertEqual(lines[-1], b"")
        self.assertEqual(len(lines) - 1, len(records))
        for raw, record in zip(lines, records):
            raw.decode("ascii")
            self.assertNotIn(b"\r", raw)
            self.assertEqual(json.loads(raw.decode("ascii")), record)
            self.assertEqual(len(raw.decode("utf-8").splitlines()), 1)  # str.splitlines, the strictest splitter

    def test_nested_values_and_repeated_sites_encode_like_json(self):
        site = {"file": "/a\u2028b.py", "line": 3, "col": 1, "fn": "f"}
        records = [
            {"e": "submit", "ts": 1, "fid": 1, "xid": 1, "fn": "f", "args": "", "lane": "1:1", "site": site},
            {"e": "submit", "ts": 2, "fid": 2, "xid": 1, "fn": "f", "args": "", "lane": "1:1", "site": site},
            {"e": "block-begin", "ts": 3, "bid": 1, "op": "wait", "fids": [1, 2], "timeoutMs": 1.5, "lane": "1:1"},
            {"e": "end", "ts": 4, "fid": 1, "lane": "1:1", "ok": False},
        ]
        encode = _writer._encoder()
        for record in records:
            self.assertEqual(json.loads(encode(record)), record)
            self.assertEqual(encode(record), json.dumps(record, separators=(",", ":")))

    def test_a_full_buffer_drops_and_says_how_many_per_lane(self):
        writer = _writer.Writer(self.path)
        writer.open()
        writer.running = True  # no flush thread: the queue fills up
        saved = _writer.MAX_QUEUED
        _writer.MAX_QUEUED = 3
        try:
            for i in range(5):
                writer.emit({"e": "start", "ts": i, "fid": i + 1, "lane": "7:8"})
        finally:
            _writer.MAX_QUEUED = saved
        writer.running = False
        writer.flush()
        records = [json.loads(line) for line in self.lines() if line]
        self.assertEqual(records[0]["e"], "dropped")
        self.assertEqual(records[0]["count"], 2)
        self.assertEqual(records[0]["lane"], "7:8")
        self.assertEqual([r["fid"] for r in records[1:]], [1, 2, 3])

    def test_a_failing_write_stops_recording_and_is_reported_once(self):
        writer = _writer.Writer(self.path)
        read_end, write_end = os.pipe()
        os.close(read_end)  # every write now fails with EPIPE, as a full disk fails with ENOSPC
        writer.fd = write_end
        st = os.fstat(write_end)
        writer.identity = (st.st_dev, st.st_ino)
        _state.proc.on = True
        os.environ[_state.ENV_TRACE] = self.path
        writer.running = True
        try:
            with Capture() as captured:
                writer.emit({"e": "start", "ts": 1, "fid": 1, "lane": "1:1"})
                writer.flush()
                writer.emit({"e": "start", "ts": 2, "fid": 2, "lane": "1:1"})
                writer.flush()
                _writer.report_failure(OSError(28, "again"))
        finally:
            os.close(write_end)
        self.assertTrue(writer.failed)
        self.assertFalse(_state.proc.on)
        self.assertNotIn(_state.ENV_TRACE, os.environ)
        self.assertEqual(captured.text, "poolscope: recording stopped: Broken pipe; the program runs on untraced\n")

    def test_a_descriptor_closed_by_the_program_is_reopened_not_reused(self):
        writer = _writer.Writer(self.path)
        writer.open()
        os.close(writer.fd)
        other = os.path.join(self.dir, "user-file")
        fd = os.open(other, os.O_WRONLY | os.O_CREAT)  # takes the number we had
        try:
            writer.running = True  # no flush thread: flush by hand
            writer.emit({"e": "start", "ts": 1, "fid": 1, "lane": "1:1"})
            writer.flush()
        finally:
            os.close(fd)
        self.assertEqual(os.path.getsize(other), 0)
        self.assertEqual(len([line for line in self.lines() if line]), 1)


if __name__ == "__main__":
    unittest.main()
