"""One reading process as the run sees it: start it, hand it a task, judge its answer.

``pipeline.run.isolation`` keeps a pool of these and decides what each reads;
a ``WorkerHandle`` owns everything about one process: spawning it (the code
it runs is ``pipeline.run.worker``), the clock of its task, its memory where
it cannot cap its own (``CAPS_ITSELF`` false: the parent ends it past the cap,
as ``too_large``), and turning a reply, an exit code or a signal into a
result or a Failure. Kept apart from the pool so the pool reads as scheduling
only, and every way a process can end is named in one place. Ending a worker
ends what it runs too (``pipeline.run.lifeline``).
"""

from __future__ import annotations

import contextlib
import multiprocessing
import signal
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.run.inbox import sha256_or_empty
from pipeline.run.lifeline import KERNEL_ENDS_CHILDREN, end_children
from pipeline.run.outcome import Failure, timed_out
from pipeline.run.worker import CAPS_ITSELF, Split, plain_reason, worker_main

if TYPE_CHECKING:
    from extractors.limits import Limits

#: Seconds a new worker may take to start before its first file's clock runs.
STARTUP_GRACE_S = 60.0
#: Seconds a worker gets to exit after it is asked to stop.
STOP_WAIT_S = 2.0


@dataclass(frozen=True)
class Task:
    """One call for a worker: a stage of reading input number ``index``.

    ``stage`` is "whole" (a plain extract function) or a ``Stages`` field
    name; ``args`` follow the path in the call; ``part`` numbers a part.
    """

    index: int
    path: Path
    stage: str
    args: tuple[Any, ...]
    part: int = 0


@dataclass(frozen=True)
class Done:
    """A task's successful result (a Paper, a Split or a part's result)."""

    value: Any


class WorkerHandle:
    """One reusable worker process and the task it is running, if any."""

    def __init__(self, limits: Limits, extract_blob: bytes, scratch: str) -> None:
        self.limits = limits
        self.extract_blob = extract_blob
        self.scratch = scratch
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None
        self.task: Task | None = None
        self.deadline = 0.0

    def submit(self, task: Task) -> None:
        """Hand a task to the worker, starting a fresh process if there is none."""
        if self.process is None or not self.process.is_alive():
            self.stop()
            self._start()
        assert self.conn is not None
        self.task = task
        self.deadline = time.monotonic() + STARTUP_GRACE_S + self.limits.timeout_s
        with contextlib.suppress(OSError):  # died just now: poll() reports the death
            self.conn.send((task.stage, task.path, *task.args))

    def _start(self) -> None:
        """Spawn the process; the parent keeps only its own end of the pipe."""
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        self.conn = parent_end  # so that stop() closes it even if the start fails
        self.process = context.Process(
            target=worker_main,
            args=(child_end, self.limits.memory_mb, self.extract_blob, self.limits.timeout_s,
                  self.scratch),
            daemon=True,
            name="rectrack-reader",
        )
        try:
            self.process.start()
        finally:
            child_end.close()

    def handles(self) -> list[Any]:
        """What to wait on: replies on the pipe, or the process ending."""
        assert self.conn is not None and self.process is not None
        return [self.conn, self.process.sentinel]

    def poll(self) -> Done | Failure | None:
        """The task's result if it has one now: a reply, a death or the deadline."""
        assert self.conn is not None and self.task is not None
        try:
            while self.conn.poll():
                reply = self.conn.recv()
                if reply[0] != "started":
                    return self._finish(reply)
                self.deadline = time.monotonic() + self.limits.timeout_s
        except (EOFError, OSError):
            return self._died()
        except Exception as exc:
            return self._failure("corrupt", f"the result could not be read: {plain_reason(exc)}")
        return self._check_alive()

    def _check_alive(self) -> Failure | None:
        """Result of a worker that sent nothing: died, too slow, too big, or still working."""
        assert self.process is not None
        if not self.process.is_alive():
            return self._died()
        if time.monotonic() >= self.deadline:
            return self._failure("timeout", timed_out(self.limits.timeout_s))
        if not CAPS_ITSELF and _memory_mb(self.process.pid) > self.limits.memory_mb:
            return self._out_of_memory()
        return None

    def _out_of_memory(self) -> Failure:
        """The task's file needed more memory than the cap."""
        mb = self.limits.memory_mb
        return self._failure("too_large", f"ran out of memory (limit {mb} MB) while reading")

    def _finish(self, reply: tuple[Any, ...]) -> Done | Failure:
        """Turn the worker's reply into the task's result or a Failure."""
        assert self.task is not None
        if reply[0] == "done" and _fits(self.task.stage, reply[1]):
            self.task = None
            return Done(reply[1])
        if reply[0] == "error":
            return self._failure(reply[1], reply[2], keep=True)
        if reply[0] == "memory":
            return self._out_of_memory()
        return self._failure(
            "corrupt", f"the reading process sent an unexpected reply {reply[0]!r}"
        )

    def _died(self) -> Failure:
        """A worker that ended without a reply: name its exit code or signal."""
        assert self.process is not None
        self.process.join(STOP_WAIT_S)
        return self._failure(*_death_reason(self.process.exitcode, self.limits.memory_mb))

    def _failure(self, error_type: str, reason: str, keep: bool = False) -> Failure:
        """A Failure for the current task's file; the worker is reused only when ``keep``."""
        assert self.task is not None
        path = self.task.path
        self.task = None
        if not keep:
            self.stop()
        return Failure(str(path), sha256_or_empty(path), error_type, reason)

    def stop(self) -> None:
        """Kill the process (if it ever started) and forget it; the next submit starts a new one."""
        if self.process is not None and self.process.pid is not None:
            if self.process.is_alive():
                self._kill()
            self.process.join(STOP_WAIT_S)
            if self.process.exitcode is not None:
                self.process.close()
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn = None, None

    def ask_to_stop(self) -> None:
        """Ask an idle worker to exit; kill a busy one (its task is abandoned). No waiting."""
        if self.conn is not None and self.task is None:
            with contextlib.suppress(OSError):
                self.conn.send(None)
        elif self.process is not None and self.process.pid is not None:
            self._kill()

    def _kill(self) -> None:
        """Kill the process, and first its children where the kernel would not end them
        with it (``pipeline.run.lifeline``): a Tesseract busy on a page no one will read."""
        assert self.process is not None
        if not KERNEL_ENDS_CHILDREN:
            end_children(self.process.pid)
        self.process.kill()

    def close(self) -> None:
        """After ``ask_to_stop``: give the process ``STOP_WAIT_S`` to exit, then kill it."""
        if self.process is not None and self.process.pid is not None:
            self.process.join(STOP_WAIT_S)
        self.stop()


def _fits(stage: str, value: Any) -> bool:
    """Whether a stage returned the kind of value it must: a Paper, or from start a
    Split with parts (one of none would never be joined)."""
    from extractors.model import Paper

    if stage == "part":
        return True
    if stage == "start" and isinstance(value, Split):
        return len(value.parts) > 0
    return isinstance(value, Paper)


def _memory_mb(pid: int | None) -> float:
    """A process's memory in MB (its private bytes on Windows, else its resident set); 0 if gone.

    Only where a worker cannot cap its own address space (no ``resource``).
    """
    import psutil

    try:
        info = psutil.Process(pid).memory_info()
    except (psutil.Error, ValueError):
        return 0.0
    used = getattr(info, "private", 0) or info.rss
    return float(used) / 2**20


def _death_reason(code: int | None, memory_mb: int) -> tuple[str, str]:
    """Error type and plain words for a worker's exit code (negative: a signal).

    Under the address-space cap, native parsers (PDFium, C++ ``bad_alloc``)
    abort when an allocation fails, so SIGABRT is reported as out of memory.
    """
    died = f"the reading process died unexpectedly (exit {code})"
    if code is None or code >= 0:
        return "corrupt", died
    try:
        name = signal.Signals(-code).name
    except ValueError:
        return "corrupt", died
    if -code == getattr(signal, "SIGXCPU", None):
        return "timeout", f"used more CPU time than its clock allows (exit {code}, {name})"
    if -code == signal.SIGABRT:
        return "too_large", (
            f"the reading process aborted (exit {code}, {name}), "
            f"most likely out of memory (limit {memory_mb} MB)"
        )
    return "corrupt", f"the reading process died unexpectedly (exit {code}, {name})"
