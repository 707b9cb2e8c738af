"""No reading process, nor any program it starts, outlives the process that started it.

A run killed by ``kill -9``, a worker ended on its clock: either way its
children must go at once, not when they are done, or an inbox of scans would
leave a Tesseract behind for every killed worker, each a core busy on a page
no one will read. So each process is tied to its parent when it starts:

- on Linux the kernel ends it when its parent ends (``PR_SET_PDEATHSIG``):
  a reading worker asks for it as it starts (``die_with_parent``), and a
  program it runs asks for it between fork and exec (``child_setup``, a
  ``preexec_fn``); the signal comes however the parent ended, SIGKILL too;
- elsewhere a worker's thread waits on the run's sentinel and ends the
  worker's children, then the worker, when the run has gone; and the run,
  ending a worker, ends that worker's children first (``end_children``).

Only the standard library is imported here (psutil when children are ended,
off Linux): a worker loads this before it caps its memory.
"""

from __future__ import annotations

import functools
import os
import signal
import sys
import threading
from collections.abc import Callable
from multiprocessing.connection import wait
from multiprocessing.process import BaseProcess
from typing import Any

#: Whether the kernel ends a process's tied children when it ends (else ``end_children``).
KERNEL_ENDS_CHILDREN = sys.platform == "linux"
_PR_SET_PDEATHSIG = 1
#: Stack of the thread that watches the parent: it only waits.
WATCH_STACK_BYTES = 256 * 1024


def die_with_parent(parent: BaseProcess) -> None:
    """End this process as soon as its parent (``multiprocessing.parent_process()``) ends,
    however it ends.

    On Linux the kernel does it. Elsewhere a thread waits on the parent's
    sentinel; not on Linux, where glibc would reserve a 64 MB malloc arena
    for it, out of the memory cap.
    """
    if KERNEL_ENDS_CHILDREN:
        _tie(_prctl(), parent.pid)
        return
    watch = threading.Thread(target=_exit_when_ready, args=(parent.sentinel,), daemon=True,
                             name="rectrack-parent-watch")  # fmt: skip
    previous = threading.stack_size(WATCH_STACK_BYTES)  # it only waits
    try:
        watch.start()
    finally:
        threading.stack_size(previous)


def child_setup() -> Callable[[], None] | None:
    """A ``preexec_fn`` that ties a program this process starts to this process's life.

    None where the kernel cannot (the program is ended by ``end_children``
    instead). ``prctl`` is looked up here, before the fork, so the child runs
    no more than the call itself between fork and exec. The tie is to the
    thread that starts the program: a reader's thread, which lives as long
    as the program is wanted.
    """
    if not KERNEL_ENDS_CHILDREN:
        return None
    return functools.partial(_tie, _prctl(), os.getpid())


def _tie(prctl: Callable[..., int], parent_pid: int | None) -> None:
    """Ask the kernel for SIGKILL when the parent ends; exit if it has already ended."""
    prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the request was made


@functools.cache
def _prctl() -> Callable[..., int]:
    """libc's ``prctl`` (Linux only)."""
    import ctypes

    prctl: Callable[..., int] = ctypes.CDLL(None, use_errno=True).prctl
    return prctl


def _exit_when_ready(sentinel: Any) -> None:
    """Block until the parent's sentinel is ready (the parent has exited); end all, then exit."""
    wait([sentinel])
    end_children(os.getpid())
    os._exit(1)


def end_children(pid: int | None) -> None:
    """Kill every descendant of process ``pid`` (those a kernel tie would not end), now.

    Done before the process itself is killed, while its children can still be found.
    """
    import psutil

    try:
        children = psutil.Process(pid).children(recursive=True)
    except (psutil.Error, ValueError):
        return
    for child in children:
        try:
            child.kill()
        except psutil.Error:
            continue  # ended while we looked
