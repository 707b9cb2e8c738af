"""One rectrack run at a time per output folder.

Two runs writing the same output folder would interleave their files and
history writes (each write is atomic, the set of them is not), so every
command that writes an output folder holds an exclusive lock on
``.rectrack.lock`` inside it for as long as it writes. The lock is
``filelock``'s: ``flock`` on Linux and macOS, ``LockFileEx`` on Windows. The
operating system releases it when its process ends, however it ends, so a
lock left by a killed run is simply taken over by the next one, which also
removes the temporary files that run was writing when it died.

While it holds the lock, a run names itself in ``.rectrack.owner`` (its pid
and start time), only to tell a second run who is in the way; the file is
removed when the lock is released, and a stale one left by a killed run is
overwritten by the next holder. The lock is only as good as the filesystem's
locking: keep the output folder (and its SQLite history) on local disk.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from pathlib import Path

from filelock import FileLock, Timeout

from pipeline.outputs.files import remove_partial_writes

LOCK_NAME = ".rectrack.lock"
OWNER_NAME = ".rectrack.owner"


class OutputLocked(Exception):
    """Another rectrack process holds the output folder."""


@contextmanager
def output_lock(out: Path) -> Iterator[None]:
    """Hold the output folder ``out`` for the block, or raise OutputLocked at once.

    Never waits: a scheduled run that finds the folder busy should say so
    and stop, not queue up behind a watcher that never ends.
    """
    out.mkdir(parents=True, exist_ok=True)
    lock = FileLock(out / LOCK_NAME, timeout=0)
    try:
        lock.acquire()
    except Timeout:
        raise OutputLocked(_busy_message(out)) from None
    owner = out / OWNER_NAME
    try:
        since = datetime.now().astimezone().isoformat(timespec="seconds")
        owner.write_text(f"{os.getpid()} {since}\n", encoding="utf-8")
        remove_partial_writes(out)
        yield
    finally:
        owner.unlink(missing_ok=True)  # an idle folder is the same after every run
        lock.release()


def _busy_message(out: Path) -> str:
    """The message for a second run, naming the holder when the owner file says who it is."""
    try:
        owner = (out / OWNER_NAME).read_text(encoding="utf-8", errors="replace").split()
    except OSError:
        owner = []
    who = f"pid {owner[0]} since {owner[1]}" if len(owner) == 2 else "pid unknown"
    return (f"another rectrack run is using {out} ({who}); "
            "wait for it or use another --out")
