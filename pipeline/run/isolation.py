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
they copy files into is removed when the pool closes. This module is the
pool (what each worker reads next, and in what order results are given);
one process, its clock, its memory and its ways of ending are
``pipeline.run.handle``.

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

import heapq
import itertools
import pickle
import shutil
import tempfile
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipeline.run.handle import Done, Task, WorkerHandle
from pipeline.run.outcome import Failure, Outcome
from pipeline.run.worker import CAPS_ITSELF, Extract, Reader, Split, Stages

if TYPE_CHECKING:
    from extractors.settings import Settings

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
    workers: list[WorkerHandle] = field(init=False)
    follow_ups: list[tuple[int, int, Task]] = field(default_factory=list)  # heap
    in_parts: dict[int, _Parts] = field(default_factory=dict)
    _order: Iterator[int] = field(default_factory=itertools.count)

    scratch: str = field(init=False)

    def __post_init__(self) -> None:
        blob = pickle.dumps(self.reader)
        self.scratch = tempfile.mkdtemp(prefix="rectrack-reading-")
        self.workers = [WorkerHandle(self.settings.limits, blob, self.scratch)
                        for _ in range(self.size)]

    def dispatch(self, files: Iterator[tuple[int, Path]]) -> None:
        """Give the next tasks to idle workers."""
        for worker in self.workers:
            if worker.task is None:
                task = self._next_task(files)
                if task is None:
                    return
                worker.submit(task)

    def _next_task(self, files: Iterator[tuple[int, Path]]) -> Task | None:
        """A waiting part or join first, else the first task on the next file."""
        if self.follow_ups:
            return heapq.heappop(self.follow_ups)[-1]
        file = next(files, None)
        if file is None:
            return None
        index, path = file
        if isinstance(self.reader, Stages):
            return Task(index, path, "start", (self.settings, self.size))
        return Task(index, path, "whole", (self.settings,))

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

    def _settle(self, task: Task, result: Done | Failure) -> Outcome | None:
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

    def _split(self, task: Task, split: Split) -> None:
        """Queue the parts of a file whose first task split it."""
        self.in_parts[task.index] = _Parts(split, [None] * len(split.parts), len(split.parts))
        for number, part in enumerate(split.parts):
            self._follow_up(Task(task.index, task.path, "part", (split.plan, part), number))

    def _part_done(self, task: Task, value: Any) -> None:
        """Keep a part's result; with the last one in, queue the joining."""
        parts = self.in_parts[task.index]
        parts.results[task.part] = value
        parts.missing -= 1
        if parts.missing == 0:
            self._follow_up(Task(task.index, task.path, "finish",
                                  (parts.split.plan, parts.results)))  # fmt: skip

    def _follow_up(self, task: Task) -> None:
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
