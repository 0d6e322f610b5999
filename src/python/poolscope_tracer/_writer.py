"""The recording's writer: a per-process buffer drained by a flush thread into the shared file.

Events of the hot path (submit, start, end, done, blocking) are queued as finished lines, formatted
by the hooks from f-strings with the JSON text of lanes, call sites and names cached; the rarer
ones as (record, lane) pairs, the record encoded by the flush thread (as little as possible is
done between computing an event and queueing it, so events of different threads land in the file
in the order they happened; the lane travels with it, so a record that cannot be encoded is
counted as `dropped` on the lane it was emitted on). Both go to a deque (append is atomic under
the GIL: no lock on the hot path). A flush thread wakes every 50 ms, joins the lines and appends
them with os.write on a file opened with O_APPEND, so lines of several processes never tear.
Synchronous flushes (a process-pool task's end, os._exit, atexit, SIGTERM) take the same lock, so
the lines of one lane stay in order.

The flush thread is a raw `_thread` thread, not a threading.Thread: threading.enumerate(),
active_count() and "join every thread" loops in the program do not see it, and it never calls
into the threading module. Before every os.fork() it is stopped, and waited for until the
operating system has ended it (a process with one thread can fork without Python 3.12's
"multi-threaded fork" warning); it starts again on the next event.

Failures (disk full, a closed or replaced file descriptor, an unwritable path) stop the recording
in this process with one line on stderr, once per recording, and leave the file valid (see
_failure); the program runs on untraced.
"""
import _thread
import collections
import errno
import os
import time

from . import _failure, _state
from ._json_text import _encoder, encode_line, escaper  # noqa: F401 (callers reach them through the writer)

FLUSH_INTERVAL_S = 0.05
MAX_QUEUED = 200000
CHUNK_BYTES = 1 << 16
SYNC_FLUSH_WAIT_S = 1.0
THREAD_GONE_WAIT_S = 0.1
_TASKS_DIR = "/proc/self/task"
_native_id = getattr(_thread, "get_native_id", None)

class Writer(object):
    def __init__(self, path):
        self.path = path
        self.fd = None
        self.identity = None
        self.failed = False
        self.queue = collections.deque()
        self.dropped = {}
        self.lock = _thread.allocate_lock()
        self.start_lock = _thread.allocate_lock()
        self.wake = _thread.allocate_lock()
        self.wake.acquire()
        self.running = False
        self.stopping = False
        self.done = None
        self.thread_id = None  # the flush thread's native id, while it runs
        # While _drain writes: (chunk being written or b"", bytes of it written, lines taken after
        # it). Left set when a write fails part way, for fail() to take the torn part back.
        self.torn = None
        self.tick_hooks = []
        self.flushed_ns = 0  # _state._clock_ns() of the last flush that began

    # -- file ---------------------------------------------------------------------------------

    def open(self, create=False):
        flags = os.O_WRONLY | os.O_APPEND | getattr(os, "O_CLOEXEC", 0)
        if create:
            flags |= os.O_CREAT
        self.fd = os.open(self.path, flags, 0o644)
        st = os.fstat(self.fd)
        self.identity = (st.st_dev, st.st_ino)

    def owns_fd(self):
        """True while `fd` is still our recording's descriptor (the program may have closed it and
        reused its number for a file of its own, which must never be written to)."""
        if self.fd is None:
            return False
        try:
            st = os.fstat(self.fd)
        except OSError:
            return False
        return (st.st_dev, st.st_ino) == self.identity

    def _check_fd(self):
        """Reopens the file when the program closed our descriptor or reused its number."""
        if self.owns_fd():
            return
        self.fd = None  # the program's now (or nobody's): never written to, never closed by us
        self.open()

    # -- producing ----------------------------------------------------------------------------

    def emit(self, record, lane=None):
        """Queues a record (a dict of the trace format), encoded by the flush thread."""
        lane = lane or record.get("lane") or main_lane()
        self.put((record, lane), lane)

    def put(self, line, lane):
        """Queues a finished line (ASCII JSON ending in a newline), or a (record, lane) pair,
        written on `lane`."""
        queue = self.queue
        if len(queue) < MAX_QUEUED and self.running:
            queue.append(line)
        elif len(queue) >= MAX_QUEUED:
            if not self.failed:
                lane = lane or main_lane()
                self.dropped[lane] = self.dropped.get(lane, 0) + 1
        elif not self.failed:
            queue.append(line)
            self.start()

    def start(self):
        # Two threads emitting at once start one flush thread. Never block here: this may run in
        # a signal handler that interrupted the thread holding the lock.
        if not self.start_lock.acquire(False):
            return
        try:
            if self.running or self.failed:
                return
            self.running = True
            self.stopping = False
            self.done = _thread.allocate_lock()
            self.done.acquire()
            try:
                _thread.start_new_thread(self._loop, (self.done,))
            except Exception as error:
                self.running = False
                self.done.release()
                self.fail(error)
        finally:
            self.start_lock.release()

    # -- flushing -----------------------------------------------------------------------------

    def flush(self, wait=SYNC_FLUSH_WAIT_S):
        """Writes everything buffered now. Returns False when the lock was not obtained in time."""
        if self.failed:
            return True
        got = self.lock.acquire() if wait < 0 else self.lock.acquire(True, wait)
        if not got:
            return False
        try:
            self.flushed_ns = _state._clock_ns()
            self._drain()
        except Exception as error:
            self.fail(error)
        finally:
            self.lock.release()
        return True

    def _drain(self):
        queue = self.queue
        if not queue and not self.dropped:
            return
        if self.dropped:
            self._note_dropped()
        popleft = queue.popleft
        try:
            lines = [popleft() for _ in range(len(queue))]
        except IndexError:  # emptied by fail() on another thread
            return
        if not lines:
            return
        # From here the lines live only in `lines`: `torn` always says what is not written yet
        # (each update is one assignment, so a KeyboardInterrupt never sees it half done).
        self.torn = (b"", 0, len(lines))
        try:
            self._check_fd()
            self._write_lines(lines)
        except BaseException as error:
            self._unwind(lines, error)
            raise
        self.torn = None

    def _write_lines(self, lines):
        # Whole lines in chunks of about CHUNK_BYTES: a write that the kernel cuts short still
        # leaves every line before it whole. Lines are ~100 bytes, so a chunk is counted in lines.
        per_chunk = CHUNK_BYTES >> 7
        for first in range(0, len(lines), per_chunk):
            chunk = lines[first : first + per_chunk]
            try:
                text = "".join(chunk)
            except TypeError:  # records among the lines
                text = "".join(self._encode(chunk))
            data = text.encode("ascii")
            later = len(lines) - first - len(chunk)
            self.torn = (data, 0, later)
            written = 0
            while written < len(data):
                # A short write (the disk or a size limit running out, FUSE, NFS) is followed by
                # the rest: it either goes in too or fails with the reason, the torn part being
                # the file's end for fail() to take back.
                count = os.write(self.fd, data[written:] if written else data)
                if count <= 0:
                    raise OSError(errno.EIO, "the recording accepts no more data", self.path)
                written += count
                self.torn = (data, written, later)
            self.torn = (b"", 0, later)

    def _unwind(self, lines, error):
        """Gives back to the queue, at its head and in order, what `_drain` took and did not write.

        An error (Exception) goes on to fail(): the chunk being written stays in `torn` for it to
        take back its torn part; the lines after it wait in the queue, so they are counted too.
        A KeyboardInterrupt (or SystemExit) does not stop the recording: the unwritten rest of the
        chunk goes back as text ahead of the rest, and the final flush writes it all later.
        """
        data, written, later = self.torn
        back = lines[len(lines) - later :] if later else []
        if isinstance(error, Exception) and data:
            self.torn = (data, written, 0)
        else:
            if written < len(data):
                back.insert(0, data[written:].decode("ascii"))
            self.torn = None
        self.queue.extendleft(reversed(back))

    def _encode(self, items):
        encode = _encoder()
        for item in items:
            kind = type(item)
            if kind is str:
                yield item
                continue
            record, lane = item if kind is tuple else (item, None)
            try:
                yield encode(record) + "\n"
            except (TypeError, ValueError):
                key = lane or record.get("lane") or main_lane()
                self.dropped[key] = self.dropped.get(key, 0) + 1

    def _note_dropped(self):
        dropped, self.dropped = self.dropped, {}
        ts = _state.now()
        for lane, count in dropped.items():
            lane = lane or main_lane()
            self.queue.appendleft({"e": "dropped", "ts": ts, "count": count, "lane": lane})

    def _loop(self, done):
        if _native_id is not None:
            self.thread_id = _native_id()
        try:
            while True:
                self.wake.acquire(True, FLUSH_INTERVAL_S)
                if self.failed:
                    return
                self.flush(-1)
                if self.stopping:
                    return
                for hook in self.tick_hooks:
                    hook()
        except Exception as error:
            self.fail(error)
        finally:
            self.running = False
            done.release()

    def nudge(self):
        try:
            self.wake.release()
        except RuntimeError:  # already released: the thread wakes anyway
            pass

    def stop_thread(self, wait=SYNC_FLUSH_WAIT_S, gone=False):
        """Stops the flush thread after a last flush; True once it has ended.

        `gone`: also wait (briefly) until the operating system has ended the thread, which is
        after it released `done`: Python 3.12+ counts the OS threads when it forks.
        """
        if not self.running:
            return True
        self.stopping = True
        self.nudge()
        done = self.done
        if done is not None and done.acquire(True, wait):
            done.release()
            if gone:
                self._wait_thread_gone()
            return True
        return False

    def _wait_thread_gone(self):
        tid = self.thread_id
        if tid is None:
            return
        path = "%s/%d" % (_TASKS_DIR, tid)
        deadline = time.monotonic() + THREAD_GONE_WAIT_S
        while True:
            try:
                os.stat(path)
            except OSError:  # gone, or no /proc (not Linux): nothing to wait for
                return
            if time.monotonic() > deadline:
                return
            time.sleep(0.0002)

    # -- fork ---------------------------------------------------------------------------------

    def after_fork_child(self):
        """The child starts empty: the parent writes what it had buffered, the child its own."""
        self.queue.clear()  # the same deque: the hooks may hold its methods
        self.dropped = {}
        self.lock = _thread.allocate_lock()
        self.start_lock = _thread.allocate_lock()
        self.wake = _thread.allocate_lock()
        self.wake.acquire()
        self.running = False
        self.stopping = False
        self.done = None
        self.thread_id = None
        self.torn = None

    # -- failure ------------------------------------------------------------------------------

    def fail(self, error):
        if self.failed:
            return
        self.failed = True
        _state.proc.on = False
        queue = self.queue
        lane = _failure.lane_of(queue[0]) if queue else None
        lost = len(queue)
        queue.clear()
        torn, self.torn = self.torn, None
        if torn is not None:
            data, written, later = torn
            lost += data.count(b"\n") + later
            lane = _failure.lane_of(data[: data.find(b"\n") + 1].decode("ascii", "replace")) or lane
            torn = data[:written]
        ours = self.owns_fd()
        if ours:
            try:
                _failure.close_recording(self, torn, lost, lane)
            except Exception:
                pass
        # Processes started from now on need not try (and report) again.
        os.environ.pop(_state.ENV_TRACE, None)
        # The marker goes next to the recording only while it is there (not deleted or moved).
        if not ours or not _failure.recording_present(self):
            report_failure(error)
        elif _failure.first_to_fail(self.path, failure_reason(error)):
            report_failure(error)


def main_lane():
    """The lane of the process's main thread: where what has no lane of its own is counted."""
    pid = os.getpid()
    return "%d:%d" % (pid, pid)


_reported = False


class TracerError(Exception):
    """A failure of the tracer itself, told to the user as its message alone."""


def failure_reason(error):
    if isinstance(error, TracerError):
        return str(error)
    if isinstance(error, OSError) and error.strerror:
        where = " (%s)" % error.filename if error.filename else ""
        return "%s%s" % (error.strerror, where)
    try:
        return "%s: %s" % (type(error).__name__, error)
    except Exception:
        return type(error).__name__


def report_failure(error):
    """The one line a user sees when the recording fails; once per process."""
    global _reported
    if _reported:
        return
    _reported = True
    try:
        message = "poolscope: recording stopped: %s; the program runs on untraced\n" % failure_reason(error)
        os.write(2, message.encode("utf-8", "replace"))
    except Exception:
        pass


current = None


def emit(record):
    """Queues one record for the recording (a no-op when recording is off in this process)."""
    writer = current
    if writer is not None and _state.proc.on:
        writer.emit(record)
