"""Turning the tracer on in a process, and writing what it has when the process ends.

activate() runs from sitecustomize, before any of the program's code, and does little: the root
process claims the recording (POOLSCOPE_TRACE_ROOT_PID, waiting for the runner's header), the
file is opened, exit paths are hooked and the import finder is installed. Threads, json, the
patches and the flush thread come when the program first imports concurrent.futures (or records
its first event).

Exit paths, each flushing what is buffered:
- normal exit: an atexit handler registered at startup, so it runs after concurrent.futures' own
  exit handler (3.8 registers one with atexit; 3.9+ joins its workers before atexit runs);
- os._exit(): wrapped, since multiprocessing's fork and forkserver children leave through it;
- SIGTERM and SIGHUP in the root process, each when it has the default action (not ignored, as
  under nohup): flush, then die of the signal as before (the handler restores the default and
  re-sends it); a handler the program sets replaces ours; children undo ours after a fork;
- SIGINT: Python's default handler raises KeyboardInterrupt, the program unwinds and atexit
  runs; a program's own handlers are left alone;
- SIGKILL: nothing runs; the flush thread has written all but the last 50 ms.
"""
import atexit
import os
import signal
import sys
import time

from . import _failure, _state, _writer

HEADER_WAIT_S = 10.0
_SIGNAL_FLUSH_WAIT_S = 0.5
_runtime = {"started": False}
_real_exit = os._exit


def activate():
    path = os.environ.get(_state.ENV_TRACE)
    if not path:
        return False
    if not os.environ.get(_state.ENV_ROOT_PID):
        # First in the recording: the root. Every process started from here inherits this pid and
        # knows it is not the root, so it takes its own id range.
        os.environ[_state.ENV_ROOT_PID] = str(os.getpid())
    proc = _state.reset_after_fork()
    writer = _writer.Writer(path)
    try:
        if proc.is_root:
            _failure.forget(path)  # a previous recording's: this one has not failed yet
            _wait_for_header(writer, path)
        writer.open()
    except OSError as error:
        writer.fail(error)
        return False
    _writer.current = writer
    proc.on = True
    atexit.register(_at_exit)
    os._exit = _exit
    if hasattr(os, "register_at_fork"):
        os.register_at_fork(before=_before_fork, after_in_parent=_after_fork_parent, after_in_child=_after_fork_child)
    if proc.is_root:
        _catch_fatal_signals()
    from . import _patch

    _patch.install()
    return True


def _wait_for_header(writer, path):
    """The runner renames its header into place right after starting us: wait for it (10 s).

    A file that exists but is empty, or none after the wait, means nobody writes a header (the
    variables were set by hand): the root writes one itself.
    """
    deadline = time.monotonic() + HEADER_WAIT_S
    while not os.path.exists(path) and time.monotonic() < deadline:
        time.sleep(0.002)
    try:
        empty = os.path.getsize(path) == 0
    except OSError:
        empty = True
    if empty:
        fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        try:
            os.write(fd, _writer.encode_line(_header()).encode("ascii"))
        finally:
            os.close(fd)


def _header():
    argv = list(sys.argv)
    program = argv[0] if argv else ""
    args = argv[1:]
    orig = getattr(sys, "orig_argv", None)
    if program == "-m" and orig and "-m" in orig:
        index = orig.index("-m")
        program = orig[index + 1] if index + 1 < len(orig) else program
        args = orig[index + 2 :]
    return {
        "e": "header",
        "v": 1,
        "ts": _state.now(),
        "wallMs": time.time() * 1000.0,
        "clock": "CLOCK_MONOTONIC",
        "unit": "us",
        "runtime": "python",
        "runtimeVersion": "%d.%d.%d" % sys.version_info[:3],
        "program": program,
        "args": args,
        "cwd": os.getcwd(),
        "pid": os.getpid(),
        "writer": _state.WRITER,
    }


def start_runtime():
    """The rest of the tracer, once the program imports concurrent.futures."""
    if _runtime["started"]:
        return
    _runtime["started"] = True
    from . import _preview, _stuck

    _writer._encoder()  # json is imported here, on the program's thread, not by the flush thread
    threshold = _state.stuck_threshold_us()

    def tick():
        _preview.refresh_safe_types()
        _stuck.tick(threshold)

    if _writer.current is not None:
        _writer.current.tick_hooks.append(tick)


# -- exit ---------------------------------------------------------------------------------------


def final_flush(wait=_writer.SYNC_FLUSH_WAIT_S):
    writer = _writer.current
    if writer is None or writer.failed:
        return
    writer.stop_thread(wait)
    writer.flush(wait)


def _last_words():
    """The final flush, proof against a KeyboardInterrupt landing in it (a second Ctrl+C while
    the program exits): it is tried again rather than shown as Poolscope's, and never printed."""
    for _ in range(3):
        try:
            final_flush()
            break
        except BaseException:
            pass
    try:
        _forget_failure()
    except BaseException:
        pass


def _forget_failure():
    """The root removes `<recording>.failed` as it ends, whichever process of the recording made
    it (a worker that alone hit its own size limit, say): the marker only serves the run."""
    writer = _writer.current
    if writer is not None and _state.proc.is_root:
        _failure.forget(writer.path)


def _at_exit():
    _last_words()


def _exit(*args, **kwargs):
    _last_words()
    return _real_exit(*args, **kwargs)


try:
    _exit.__doc__ = _real_exit.__doc__
    _exit.__name__ = _real_exit.__name__
except Exception:
    pass


def _fatal_signals():
    """The signals that end a program by default and that the runner forwards: SIGTERM, SIGHUP."""
    return [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]


def _catch_fatal_signals():
    for signum in _fatal_signals():
        try:
            if signal.getsignal(signum) == signal.SIG_DFL:
                signal.signal(signum, _on_fatal_signal)
        except (ValueError, OSError, AttributeError):
            pass  # not the main thread


def _on_fatal_signal(signum, frame):
    try:
        writer = _writer.current
        if writer is not None and not writer.failed:
            writer.flush(_SIGNAL_FLUSH_WAIT_S)
        _forget_failure()
    except BaseException:
        pass
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)


# -- fork ---------------------------------------------------------------------------------------


def _before_fork():
    writer = _writer.current
    if writer is not None and writer.running:
        # One thread at fork time: the child inherits no half-held lock of ours, and Python 3.12+
        # has no reason to warn about forking a multi-threaded process.
        writer.stop_thread(_SIGNAL_FLUSH_WAIT_S, gone=True)


def _after_fork_parent():
    writer = _writer.current
    if writer is not None and writer.queue and not writer.failed:
        writer.start()


def _after_fork_child():
    proc = _state.reset_after_fork()
    writer = _writer.current
    if writer is not None:
        writer.after_fork_child()
    for name in ("_lanes", "_futures", "_blocking", "_stuck"):
        module = sys.modules.get(__package__ + "." + name)
        if module is not None:
            module.reset_after_fork()
    for signum in _fatal_signals():
        try:
            if signal.getsignal(signum) is _on_fatal_signal:
                signal.signal(signum, signal.SIG_DFL)
        except (ValueError, OSError, AttributeError):
            pass
    return proc
