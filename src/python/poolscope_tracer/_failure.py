"""A recording that stops: it stays a valid file, and the user is told once per recording.

Several processes append to one file. When a write fails part way (a full disk, a file-size
limit), the kernel has already appended the part that fitted: a torn line, after which the other
processes' lines and the runner's `exit` line would be appended, making the file invalid. So the
process whose write was cut takes the torn part back (it is still the end of the file: nothing
more fits after it) and writes, in the room it leaves, a `dropped` event counting what it lost.
That event also tells readers that references may be missing (a worker's `start` whose `submit`
was in the parent's lost buffer): the trace format makes them warnings then.

"Told once" is per recording, not per process: the first process to fail creates
`<recording>.failed` with O_EXCL and prints the line; the others find it there and say nothing.
The root process removes a stale one when it starts, and the marker when it ends, whichever
process made it: the marker lives no longer than the recording's run. It is made only next to the
recording itself, never when the recording was deleted or moved away.

Nothing is written after a failure unless the descriptor is still the recording's: a program may
close our descriptor and reuse its number for a file of its own.
"""
import os

from . import _state

MARKER_SUFFIX = ".failed"
_LANE_KEY = '"lane":"'


def marker_path(path):
    return path + MARKER_SUFFIX


def first_to_fail(path, reason):
    """True for the first process of the recording to fail (it tells the user), else False.

    When the marker cannot be made (a read-only folder), every process tells: better twice than
    never.
    """
    try:
        fd = os.open(marker_path(path), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o644)
    except FileExistsError:
        return False
    except OSError:
        return True
    try:
        os.write(fd, (reason + "\n").encode("utf-8", "replace"))
    except OSError:
        pass
    finally:
        os.close(fd)
    return True


def recording_present(writer):
    """True while the recording is still at its path (not deleted, moved or replaced)."""
    try:
        st = os.stat(writer.path)
    except OSError:
        return False
    return (st.st_dev, st.st_ino) == writer.identity


def forget(path):
    """Removes the marker (the root at its start, for a stale one, and at its end)."""
    try:
        os.unlink(marker_path(path))
    except OSError:
        pass


def lane_of(item):
    """The lane of a queued line, record or (record, lane) pair, as JSON text; None when it has
    none."""
    if type(item) is tuple:
        item = {"lane": item[1]}
    if type(item) is dict:
        lane = item.get("lane")
        return '"%s"' % lane if type(lane) is str and '"' not in lane and "\\" not in lane else None
    if type(item) is str:
        start = item.find(_LANE_KEY)
        if start >= 0:
            end = item.find('"', start + len(_LANE_KEY))
            if end > 0:
                return item[start + len(_LANE_KEY) - 1 : end + 1]
    return None


def dropped_line(count, lane_json):
    return ('{"e":"dropped","ts":%d,"count":%d,"lane":%s}\n' % (_state.now(), max(1, count), lane_json)).encode(
        "ascii"
    )


def close_recording(writer, torn, lost, lane_json):
    """Leaves the file ending in a whole line and a `dropped` event for `lost` events.

    `torn` is what the failed write appended (bytes, possibly ending mid-line), `lost` the
    number of lines of this process that are not in the file (those of `torn` included).
    """
    fd = writer.fd
    if fd is None or not writer.owns_fd():
        return  # not our recording's descriptor (any more): the program's file is left alone
    lane_json = lane_json or '"%d:%d"' % (os.getpid(), os.getpid())
    room = 0
    if torn:
        start = _start_of_tail(writer, torn)
        if start is None:
            return  # someone wrote after it: nothing of ours can be taken back
        # The write stopped where the limit is: `len(torn)` bytes from `start` are ours to use.
        # Keep the whole lines that fit together with the marker; the rest counts as lost.
        room = len(torn)
        keep = torn.rfind(b"\n") + 1
        marker = dropped_line(lost - torn[:keep].count(b"\n"), lane_json)
        while keep and keep + len(marker) + 1 > room:  # +1: the count may gain a digit
            keep = torn.rfind(b"\n", 0, keep - 1) + 1
            marker = dropped_line(lost - torn[:keep].count(b"\n"), lane_json)
        try:
            os.ftruncate(fd, start + keep)
        except OSError:
            return
    else:
        marker = dropped_line(lost, lane_json)
    try:
        written = os.write(fd, marker)
    except OSError:
        return
    if written < len(marker):
        start = _start_of_tail(writer, marker[:written])
        if start is not None:
            try:
                os.ftruncate(fd, start)
            except OSError:
                pass


def _start_of_tail(writer, tail):
    """The offset where `tail` begins when it is still the end of our file, else None."""
    try:
        fd = os.open(writer.path, os.O_RDONLY | getattr(os, "O_CLOEXEC", 0))
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (st.st_dev, st.st_ino) != writer.identity:
            return None
        start = st.st_size - len(tail)
        if start < 0 or os.pread(fd, len(tail), start) != tail:
            return None
        return start
    except (OSError, AttributeError):  # AttributeError: no os.pread (Windows)
        return None
    finally:
        os.close(fd)
