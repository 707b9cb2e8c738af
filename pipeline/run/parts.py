"""Files read in parts, as both executors keep them: which tasks are due, and when a file is done.

The local pool (``pipeline.run.isolation``) and the Dask executor
(``pipeline.run.executors``) read a long file the same way, so the rules are
kept here once: the first task on a file may answer with a ``Split``; its
parts are then due ahead of files not yet started (the earliest file's
first), and once every part is in, one task that joins them. A failure of any
task is the file's one outcome, and its other tasks are dropped. What is due
follows from the results alone, never from when they came, and results are
given in the order of the inputs (``in_order``), so outputs never depend on
the executor or on timing.
"""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from pipeline.run.handle import Done, Task
from pipeline.run.outcome import Failure, Outcome
from pipeline.run.worker import Split


class Pool(Protocol):
    """What reads the tasks of a run: given files to start, it hands back outcomes."""

    def dispatch(self, files: Iterator[tuple[int, Path]]) -> None:
        """Start the tasks there is room for, taking new files from ``files``."""

    def collect(self) -> dict[int, Outcome]:
        """Wait a while for results; the outcomes of the files that are now done, by index."""

    def close(self) -> None:
        """Stop what is still running."""


def in_order(paths: Sequence[Path], pool: Pool) -> Generator[tuple[Path, Outcome], None, None]:
    """Each path with its outcome from ``pool``, in the order of ``paths``; the pool closed after.

    Results finishing early wait for those before them, so output order never
    depends on the number of workers or on timing.
    """
    done: dict[int, Outcome] = {}
    files = iter(enumerate(paths))
    try:
        for index, path in enumerate(paths):
            while index not in done:
                pool.dispatch(files)
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
class InParts:
    """The files being read in parts, and their tasks due: parts, then the joining."""

    due: list[tuple[int, int, Task]] = field(default_factory=list)  # heap: file, then turn
    files: dict[int, _Parts] = field(default_factory=dict)
    _order: Iterator[int] = field(default_factory=itertools.count)

    def next_due(self) -> Task | None:
        """The next part or joining to run (the earliest file's first), if any."""
        return heapq.heappop(self.due)[-1] if self.due else None

    def settle(self, task: Task, result: Done | Failure) -> Outcome | None:
        """The file's outcome from a task's result, or None while more tasks are due."""
        if task.stage in ("part", "finish") and task.index not in self.files:
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
        self.files.pop(task.index, None)
        outcome: Outcome = result.value
        return outcome

    def _split(self, task: Task, split: Split) -> None:
        """Queue the parts of a file whose first task split it."""
        self.files[task.index] = _Parts(split, [None] * len(split.parts), len(split.parts))
        for number, part in enumerate(split.parts):
            self._queue(Task(task.index, task.path, "part", (split.plan, part), number))

    def _part_done(self, task: Task, value: Any) -> None:
        """Keep a part's result; with the last one in, queue the joining."""
        parts = self.files[task.index]
        parts.results[task.part] = value
        parts.missing -= 1
        if parts.missing == 0:
            self._queue(Task(task.index, task.path, "finish", (parts.split.plan, parts.results)))

    def _queue(self, task: Task) -> None:
        heapq.heappush(self.due, (task.index, next(self._order), task))

    def _drop(self, index: int) -> None:
        """Forget a failed file's parts, waiting or in, so nothing more is done for it."""
        self.files.pop(index, None)
        self.due = [entry for entry in self.due if entry[0] != index]
        heapq.heapify(self.due)
