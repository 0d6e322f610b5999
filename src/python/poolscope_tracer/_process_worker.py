"""Process pools, the worker's side: `start` and `end` of each task, in the worker process.

`_process_worker`, the function every pool worker process runs, is replaced (see _process) by the
wrapper here, which presents the same name and module: the parent pickles it by reference as
before and a worker resolves it to whatever that process has, ours when traced. It hands the
original a call queue whose get() wraps each call item's callable in a _RunTask, which writes
`start` and `end` on the worker's lane. They are flushed at once when the last flush is more than
20 ms old, else by the flush thread within 50 ms: a worker that is killed loses at most its last
50 ms (a write per task would cost more than small tasks do).
"""
from . import _lanes, _state, _writer
from ._wrap import hide_own_frames, internal_failure, strip_own_frame

TASK_FLUSH_GAP_NS = 20 * 1000 * 1000
_clock_ns = _state._clock_ns
_MAX_QUEUED = _writer.MAX_QUEUED
_original = {"worker": None}


def _process_worker(call_queue, *args, **kwargs):
    traced = _state.proc.on
    if traced:
        call_queue = _CallQueue(call_queue)
        try:
            _lanes.lane()  # the worker's lane is described even if it never runs a task
        except Exception as error:
            internal_failure(error)
        except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
            hide_own_frames(error)
            raise
    try:
        return _original["worker"](call_queue, *args, **kwargs)
    except BaseException as error:
        strip_own_frame(error)
        raise
    finally:
        if traced and _writer.current is not None:
            _writer.current.flush()


class _CallQueue(object):
    """The worker's call queue, wrapping each call item's callable in a _RunTask."""

    __slots__ = ("_queue",)

    def __init__(self, queue):
        self._queue = queue

    def get(self, *args, **kwargs):
        try:
            item = self._queue.get(*args, **kwargs)
        except BaseException as error:
            strip_own_frame(error)
            raise
        fid = getattr(item, "_poolscope_fid", None)
        if fid is not None and _state.proc.on:
            item.fn = _RunTask(item.fn, fid)
        return item

    def __getattr__(self, name):
        return getattr(self._queue, name)


class _RunTask(object):
    __slots__ = ("fn", "fid")

    def __init__(self, fn, fid):
        self.fn = fn
        self.fid = fid

    def __call__(self, *args, **kwargs):
        traced = _state.proc.on
        if traced:
            _task_event(self.fid, None)
        try:
            result = self.fn(*args, **kwargs)
        except BaseException as error:
            if traced:
                _task_event(self.fid, False)
            strip_own_frame(error)
            raise
        if traced:
            _task_event(self.fid, True)
        return result


def _task_event(fid, ok):
    """`start` (ok None) or `end` of a task in this worker, flushed at once when the last flush
    is more than TASK_FLUSH_GAP_NS old (else the flush thread writes it within 50 ms).

    _futures.work_started / work_ended and Writer.put, inline (one clock read for the time and
    the flush check): this runs twice per task, in the worker that has to keep up with the pool.
    """
    try:
        try:
            state = _lanes._local.state
        except AttributeError:
            state = _lanes.this()
        now_ns = _clock_ns()
        ts = now_ns // 1000
        line = None
        if ok is None:
            state.running = (fid, ts)
            line = f'{{"e":"start","ts":{ts},"fid":{fid},"lane":{state.lane_json}}}\n'
        else:
            running = state.running
            if running is not None and running[0] == fid:  # else not started here: no `end`
                state.running = None
                ok = "true" if ok else "false"
                line = f'{{"e":"end","ts":{ts},"fid":{fid},"lane":{state.lane_json},"ok":{ok}}}\n'
        writer = _writer.current
        if writer is None:
            return
        if line is not None:
            queue = writer.queue
            if writer.running and len(queue) < _MAX_QUEUED:
                queue.append(line)
            else:
                writer.put(line, state.lane)
        if now_ns - writer.flushed_ns >= TASK_FLUSH_GAP_NS:
            writer.flush()
    except Exception as error:
        internal_failure(error)
    except BaseException as error:  # a KeyboardInterrupt: the program's, without our frames
        hide_own_frames(error)
        raise
