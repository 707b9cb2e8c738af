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
Those rules are ``pipeline.run.parts``, which the Dask executor follows too.
"""

from __future__ import annotations

import pickle
import shutil
import tempfile
import time
from collections.abc import Generator, Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import wait
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.run.handle import Task, WorkerHandle
from pipeline.run.outcome import Outcome
from pipeline.run.parts import InParts, in_order
from pipeline.run.worker import CAPS_ITSELF, Extract, Reader, Stages

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
    # Workers start on their first task, so a pool larger than the work costs nothing.
    yield from in_order(list(paths), _Pool(settings, extract, workers))


@dataclass
class _Pool:
    """A fixed number of reusable workers, fed tasks: files in order, with the
    follow-up tasks of files read in parts first (the earliest file's first)."""

    settings: Settings
    reader: Reader
    size: int
    workers: list[WorkerHandle] = field(init=False)
    in_parts: InParts = field(default_factory=InParts)

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
        follow_up = self.in_parts.next_due()
        if follow_up is not None:
            return follow_up
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
            outcome = None if result is None else self.in_parts.settle(task, result)
            if outcome is not None:
                outcomes[task.index] = outcome
        return outcomes

    def close(self) -> None:
        """Stop every worker: all are asked (or busy ones killed) first, so they exit together."""
        for worker in self.workers:
            worker.ask_to_stop()
        for worker in self.workers:
            worker.close()
        shutil.rmtree(self.scratch, ignore_errors=True)  # what killed workers left
