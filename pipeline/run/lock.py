"""One rectrack run at a time per output folder.

Two runs writing the same output folder would interleave their files and
history writes (each write is atomic, the set of them is not), so every
command that writes an output folder holds an exclusive ``flock`` on
``.rectrack.lock`` inside it for as long as it writes. The operating system
releases the lock when its process ends, however it ends, so a lock left by a
killed run is simply taken over by the next one, which also removes the
temporary files that run was writing when it died.

While held, the lock file holds the owner's pid and start time, only to tell
a second run who is in the way; it is emptied (never deleted: that would let
two runs lock two different files) when the lock is released. The lock is
only as good as the filesystem's ``flock``: keep the output folder (and its
SQLite history) on local disk.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from pipeline.outputs.files import remove_partial_writes

LOCK_NAME = ".rectrack.lock"


class OutputLocked(Exception):
    """Another rectrack process holds the output folder."""


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder ``out`` for the block, or raise OutputLocked at once.

    Never waits: a scheduled run that finds the folder busy should say so
    and stop, not queue up behind a watcher that never ends.
    """
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise OutputLocked(_busy_message(out, fd)) from None
        _write_owner(fd)
        try:
            remove_partial_writes(out)
            yield
        finally:
            os.ftruncate(fd, 0)  # an idle folder is the same after every run
    finally:
        os.close(fd)  # closing the last descriptor releases the lock


def _write_owner(fd: int) -> None:
    """Record this process as the holder, for the message a second run prints."""
    since = datetime.now().astimezone().isoformat(timespec="seconds")
    os.ftruncate(fd, 0)
    os.pwrite(fd, f"{os.getpid()} {since}\n".encode(), 0)


def _busy_message(out: Path, fd: int) -> str:
    """The message for a second run, naming the holder when the file says who it is."""
    owner = os.pread(fd, 200, 0).decode("utf-8", "replace").split()
    who = f"pid {owner[0]} since {owner[1]}" if len(owner) == 2 else "pid unknown"
    return (f"another rectrack run is using {out} ({who}); "
            "wait for it or use another --out")
