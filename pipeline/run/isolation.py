"""Read each file in a disposable worker process with a memory cap and a clock.

Parsers can be made to misbehave by a few hundred KB of input: python-docx has
used 1.7 GB on a 78 KB .docx, pdfminer 635 MB on a 300 KB PDF and over 300 s on
one dense page, and PDFium aborts the whole process when an allocation fails.
So extraction never runs in the process that owns the run. Each worker is a
``spawn``-ed interpreter (no inherited SQLite handles, locks or threads) that
caps its own address space (``RLIMIT_AS``) before it loads the extractor and
its parsers (only ``pipeline.run.worker``, the code it runs, and the parent's
main script load first), and the parent kills it when a task takes longer
than ``timeout_s``. Where there is no ``RLIMIT_AS`` (Windows), the parent
looks at each busy worker's memory every ``MEMORY_POLL_S`` (psutil) and ends
one over the cap, which is then ``too_large`` as it is under the limit.
Workers die with the run (``pipeline.run.worker``), and the temporary folder
they copy files into is removed when the pool closes.

Workers are reused from file to file and replaced after a death, a timeout
or a MemoryError, so one file's damage never reaches the next. Reuse matters:
a fresh interpreter that imports the parsers took 0.7-1 s here, while handing
a file to a warm worker costs about 0.5 ms. Whatever happens in a worker,
every path yields exactly one result, a Paper or a Failure, in the order the
paths were given.

A reader given as ``Stages`` lets several workers share one long file: the
first task on a file may answer with a ``Split`` instead of a Paper, and its
parts then go to the front of the queue (ahead of files not yet started), to
be joined by one more task when all are in. Every task runs in a capped,
timed worker, and the clock is per task: a file read in parts has
``timeout_s`` for its first look, for each part and for the joining. Whatever
goes wrong in any of them is that file's one Failure; its other parts are
dropped (a part already running finishes and is ignored). Whether a file is
split depends only on the file and the number of workers, never on timing.
"""

from __future__ import annotations

import contextlib
import heapq
import itertools
import multiprocessing
import pickle
import shutil
import signal
import tempfile
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.run.inbox import sha256_or_empty
from pipeline.run.outcome import Failure, Outcome
from pipeline.run.worker import (
    CAPS_ITSELF,
    Extract,
    Reader,
    Split,
    Stages,
    plain_reason,
    worker_main,
)

if TYPE_CHECKING:
    from extractors.limits import Limits
    from extractors.settings import Settings

#: Seconds a new worker may take to start before its first file's clock runs.
STARTUP_GRACE_S = 60.0
#: Seconds a worker gets to exit after it is asked to stop.
STOP_WAIT_S = 2.0
#: Seconds between looks at the workers' memory where they cannot cap their own.
MEMORY_POLL_S = 0.2


def extract_isolated(path: Path, settings: Settings, extract: Extract) -> Outcome:
    """Read one file with ``extract`` in its own capped, timed worker process."""
    return next(extract_many([path], settings, extract, workers=1))[1]


def extract_many(
    paths: Iterable[Path], settings: Settings, extract: Reader, workers: int
) -> Generator[tuple[Path, Outcome], None, None]:
    """Read files in up to ``workers`` processes; yield results in the order of ``paths``.

    ``extract`` must be a module-level function (it is pickled by name to the
    workers), or ``Stages`` of such functions, which with 2 or more workers
    may read a long file in parts; it is called with ``settings``, whose
    limits also set each worker's memory cap and clock. Results finishing
    early wait for those before them, so output order never depends on the
    worker count or on timing.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    todo = list(paths)
    # Workers start on their first task, so a pool larger than the work costs nothing.
    pool = _Pool(settings, extract, workers)
    done: dict[int, Outcome] = {}
    queue = iter(enumerate(todo))
    try:
        for index, path in enumerate(todo):
            while index not in done:
                pool.dispatch(queue)
                done.update(pool.collect())
            yield path, done.pop(index)
    finally:
        pool.close()


# --- the parent's side ----------------------------------------------------------


@dataclass(frozen=True)
class _Task:
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
class _Done:
    """A task's successful result (a Paper, a Split or a part's result)."""

    value: Any


class _Worker:
    """One reusable worker process and the task it is running, if any."""

    def __init__(self, limits: Limits, extract_blob: bytes, scratch: str) -> None:
        self.limits = limits
        self.extract_blob = extract_blob
        self.scratch = scratch
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None
        self.task: _Task | None = None
        self.deadline = 0.0

    def submit(self, task: _Task) -> None:
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

    def poll(self) -> _Done | Failure | None:
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
            return self._failure(
                "timeout", f"took longer than {self.limits.timeout_s:g} s: stopped"
            )
        if not CAPS_ITSELF and _memory_mb(self.process.pid) > self.limits.memory_mb:
            return self._out_of_memory()
        return None

    def _out_of_memory(self) -> Failure:
        """The task's file needed more memory than the cap."""
        mb = self.limits.memory_mb
        return self._failure("too_large", f"ran out of memory (limit {mb} MB) while reading")

    def _finish(self, reply: tuple[Any, ...]) -> _Done | Failure:
        """Turn the worker's reply into the task's result or a Failure."""
        assert self.task is not None
        if reply[0] == "done" and _fits(self.task.stage, reply[1]):
            self.task = None
            return _Done(reply[1])
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
                self.process.kill()
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


@dataclass
class _Parts:
    """A file being read in parts: its Split, and the results in so far."""

    split: Split
    results: list[Any]
    missing: int


@dataclass
class _Pool:
    """A fixed number of reusable workers, fed tasks: files in order, with the
    follow-up tasks of files read in parts first (the earliest file's first)."""

    settings: Settings
    reader: Reader
    size: int
    workers: list[_Worker] = field(init=False)
    follow_ups: list[tuple[int, int, _Task]] = field(default_factory=list)  # heap
    in_parts: dict[int, _Parts] = field(default_factory=dict)
    _order: Iterator[int] = field(default_factory=itertools.count)

    scratch: str = field(init=False)

    def __post_init__(self) -> None:
        blob = pickle.dumps(self.reader)
        self.scratch = tempfile.mkdtemp(prefix="rectrack-reading-")
        self.workers = [_Worker(self.settings.limits, blob, self.scratch)
                        for _ in range(self.size)]

    def dispatch(self, files: Iterator[tuple[int, Path]]) -> None:
        """Give the next tasks to idle workers."""
        for worker in self.workers:
            if worker.task is None:
                task = self._next_task(files)
                if task is None:
                    return
                worker.submit(task)

    def _next_task(self, files: Iterator[tuple[int, Path]]) -> _Task | None:
        """A waiting part or join first, else the first task on the next file."""
        if self.follow_ups:
            return heapq.heappop(self.follow_ups)[-1]
        file = next(files, None)
        if file is None:
            return None
        index, path = file
        if isinstance(self.reader, Stages):
            return _Task(index, path, "start", (self.settings, self.size))
        return _Task(index, path, "whole", (self.settings,))

    def collect(self) -> dict[int, Outcome]:
        """Wait until a busy worker has a result (or a deadline passes); return outcomes."""
        busy = [worker for worker in self.workers if worker.task is not None]
        timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
        if not CAPS_ITSELF:
            timeout = min(timeout, MEMORY_POLL_S)
        wait([handle for worker in busy for handle in worker.handles()], timeout)
        outcomes: dict[int, Outcome] = {}
        for worker in busy:
            task = worker.task
            assert task is not None
            result = worker.poll()
            outcome = None if result is None else self._settle(task, result)
            if outcome is not None:
                outcomes[task.index] = outcome
        return outcomes

    def _settle(self, task: _Task, result: _Done | Failure) -> Outcome | None:
        """The file's outcome from a task's result, or None while more tasks are due."""
        if task.stage in ("part", "finish") and task.index not in self.in_parts:
            return None  # another part of the file failed: its outcome is given
        if isinstance(result, Failure):
            self._drop(task.index)
            return result
        if task.stage == "part":
            self._part_done(task, result.value)
            return None
        if isinstance(result.value, Split):
            self._split(task, result.value)
            return None
        self.in_parts.pop(task.index, None)
        outcome: Outcome = result.value
        return outcome

    def _split(self, task: _Task, split: Split) -> None:
        """Queue the parts of a file whose first task split it."""
        self.in_parts[task.index] = _Parts(split, [None] * len(split.parts), len(split.parts))
        for number, part in enumerate(split.parts):
            self._follow_up(_Task(task.index, task.path, "part", (split.plan, part), number))

    def _part_done(self, task: _Task, value: Any) -> None:
        """Keep a part's result; with the last one in, queue the joining."""
        parts = self.in_parts[task.index]
        parts.results[task.part] = value
        parts.missing -= 1
        if parts.missing == 0:
            self._follow_up(_Task(task.index, task.path, "finish",
                                  (parts.split.plan, parts.results)))  # fmt: skip

    def _follow_up(self, task: _Task) -> None:
        heapq.heappush(self.follow_ups, (task.index, next(self._order), task))

    def _drop(self, index: int) -> None:
        """Forget a failed file's parts, waiting or in, so nothing more is done for it."""
        self.in_parts.pop(index, None)
        self.follow_ups = [entry for entry in self.follow_ups if entry[0] != index]
        heapq.heapify(self.follow_ups)

    def close(self) -> None:
        """Stop every worker: all are asked (or busy ones killed) first, so they exit together."""
        for worker in self.workers:
            worker.ask_to_stop()
        for worker in self.workers:
            worker.close()
        shutil.rmtree(self.scratch, ignore_errors=True)  # what killed workers left
