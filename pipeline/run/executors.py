"""Where papers are read: local worker processes, or an existing Dask cluster.

An executor takes the paths of a run and yields ``(path, Paper | Failure)``
for each, in the order given, so outputs never depend on which executor ran
or on how many workers it had. Both run the same pure functions:
``pipeline.run.reading.read_paper(path, settings)``, or its stages, and both
send the run's ``extractors.settings.Settings`` (limits, the user's words)
with every file, so a worker reads with the run's words wherever it runs.

- ``LocalExecutor``: ``pipeline.run.isolation.extract_many``, reusable spawned
  workers with a memory cap and a clock per task. With 2 or more workers a
  long PDF is read in page runs by several of them (``reading.READ_STAGES``).
- ``DaskExecutor``: for more files than one machine reads in time. It reads
  as the local pool does, with as many workers as the cluster has threads
  (``pipeline.run.parts``: the same page runs of a long PDF, ahead of files
  not yet started, then joined), in tasks of ``reading.DATA_STAGES``. Each
  file's *bytes* are scattered to the cluster once (papers are a few MB, and
  their parsing costs seconds, so the transfer is small) and every task on
  the file refers to them, so workers need no shared filesystem; each task
  writes them to a private temporary file and reads it. Errors become the
  same Failures as locally. The memory cap is the Dask worker's own
  ``memory_limit`` (a worker that dies is reported as a Failure), and the
  clock is kept by the client, per task as locally: a task still unfinished
  ``timeout_s`` (plus a start-up grace) after it was submitted is the file's
  ``timeout`` Failure, and the file's tasks are cancelled.

Neither is given a file whose bytes the history already holds, read with the
same extraction key (the reading code, the words and the limits:
``pipeline.run.reading.extraction_key``): ``Known`` finds those, and their
stored Papers are used. ``run`` and ``watch`` both ask it.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import CancelledError
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from pipeline.run.handle import Done, Task
from pipeline.run.inbox import sha256_or_empty
from pipeline.run.isolation import extract_many
from pipeline.run.outcome import Failure, Outcome, timed_out
from pipeline.run.parts import InParts, in_order
from pipeline.run.reading import DATA_STAGES, READ_STAGES, extraction_key
from pipeline.run.worker import free_garbage, plain_reason, run_reader

if TYPE_CHECKING:
    from distributed import Client, Future

    from extractors.model import Paper
    from extractors.settings import Settings

Read: TypeAlias = Callable[[Sequence[Path], "Settings"], Iterator[tuple[Path, Outcome]]]

#: Seconds a Dask task gets on top of ``timeout_s`` (a fresh worker imports the parsers).
DASK_GRACE_S = 30.0


@dataclass(frozen=True)
class LocalExecutor:
    """Read files in ``workers`` isolated local processes."""

    workers: int = 1

    def __call__(self, paths: Sequence[Path], settings: Settings) -> Iterator[tuple[Path, Outcome]]:
        return extract_many(paths, settings, READ_STAGES, self.workers)


@dataclass(frozen=True)
class Known:
    """A run's input files by content hash, and which of them the history needs not read again.

    ``stored`` holds the hashes whose Paper the history at ``history`` keeps,
    read with extraction ``key`` (this run's). Finding them decodes nothing,
    so a rerun that turns out to change nothing never loads a stored paper.
    """

    history: Path
    key: str
    paths: tuple[Path, ...]
    hashes: tuple[str, ...]
    stored: frozenset[str]

    @classmethod
    def look_up(cls, paths: Sequence[Path], history: Path, settings: Settings) -> Known:
        """Hash ``paths`` and ask the history (read-only) which it holds."""
        return cls.among(paths, [sha256_or_empty(path) for path in paths], history, settings)

    @classmethod
    def among(cls, paths: Sequence[Path], hashes: Sequence[str], history: Path,
              settings: Settings) -> Known:
        """Ask the history which of ``paths``, already hashed (``hashes``), it holds."""
        from pipeline.history import store

        key = extraction_key(settings)
        wanted = [sha for sha in hashes if sha]
        stored: set[str] = store.read_only(
            history, lambda conn: store.extracted_hashes(conn, wanted, key), set())
        return cls(history, key, tuple(paths), tuple(hashes), frozenset(stored))

    @property
    def todo(self) -> list[Path]:
        """The files to read: bytes the history does not hold (or unreadable, hash ""),
        each once: a byte-identical copy of a file to read is not read again."""
        queued: set[str] = set()
        todo = []
        for path, sha in zip(self.paths, self.hashes, strict=True):
            if sha not in self.stored and (not sha or sha not in queued):
                queued.add(sha)
                todo.append(path)
        return todo

    def copies(self) -> dict[Path, Path]:
        """Each file left out of ``todo`` as a copy -> the file of the same bytes that is read."""
        first: dict[str, Path] = {}
        copies: dict[Path, Path] = {}
        for path, sha in zip(self.paths, self.hashes, strict=True):
            if not sha or sha in self.stored:
                continue
            if sha in first:
                copies[path] = first[sha]
            else:
                first[sha] = path
        return copies

    def papers(self) -> dict[str, Paper]:
        """The stored Papers of ``stored``, by hash, decoded from the history."""
        from pipeline.history import store

        return store.read_only(
            self.history, lambda conn: store.extracted_papers(conn, self.stored, self.key), {})


# --- Dask ------------------------------------------------------------------------


def read_stage(stage: str, name: str, data: bytes, *args: Any) -> tuple[Any, ...]:
    """Runs on a Dask worker: one stage of reading a file's bytes (``DATA_STAGES``).

    The reply is the tuple ``pipeline.run.isolation`` workers send, so
    failures read the same. A worker of one thread then frees the task's
    garbage as a local worker does, so it does not grow file by file.
    """
    try:
        return run_reader(DATA_STAGES[stage], name, data, *args)
    finally:
        if _one_thread():
            free_garbage()


def _one_thread() -> bool:
    """Whether this Dask worker runs one task at a time. Only then is what outlives a task
    the worker's own, to be frozen: with more threads, another file in mid-read would be
    frozen too, and its reference cycles kept for the worker's life."""
    from distributed import get_worker

    return bool(get_worker().state.nthreads == 1)


@dataclass(frozen=True)
class DaskExecutor:
    """Read files on the Dask cluster whose scheduler is at ``scheduler`` (tcp://host:8786).

    The cluster reads as the local pool does, with as many workers as it has
    threads: a long PDF is read in page runs by several of them, and joined.
    The settings, the user's words included, go with each task.
    """

    scheduler: str

    def __call__(self, paths: Sequence[Path], settings: Settings) -> Iterator[tuple[Path, Outcome]]:
        """Read ``paths`` on the cluster; yield each with its outcome, in order."""
        if not paths:
            return
        from distributed import Client

        with Client(self.scheduler, set_as_default=False) as client:
            threads = max(1, sum(client.nthreads().values()))
            yield from in_order(paths, _Cluster(client, settings, threads))


@dataclass
class _Cluster:
    """A run's tasks on a Dask cluster: one per worker thread in flight, parts and joinings
    of files read in parts first (``pipeline.run.parts``), each with its own clock.

    Each file's bytes are scattered to the cluster once, when its first task
    is due; every task on the file refers to them, and they are released
    with the file's outcome.
    """

    client: Client
    settings: Settings
    threads: int
    in_parts: InParts = field(default_factory=InParts)
    running: dict[Future, tuple[Task, float]] = field(default_factory=dict)  # -> deadline
    sent: dict[int, tuple[Future, str]] = field(default_factory=dict)  # bytes, their hash
    unread: dict[int, Outcome] = field(default_factory=dict)  # files not readable here

    def dispatch(self, files: Iterator[tuple[int, Path]]) -> None:
        """Submit tasks while a worker thread is free: parts and joinings, then new files."""
        while len(self.running) < self.threads:
            task = self.in_parts.next_due() or self._first(files)
            if task is None:
                return
            data = self.sent[task.index][0]
            future = self.client.submit(read_stage, task.stage, task.path.name, data, *task.args,
                                        pure=False)  # so equal bytes under two names both run
            clock = self.settings.limits.timeout_s + DASK_GRACE_S
            self.running[future] = (task, time.monotonic() + clock)

    def _first(self, files: Iterator[tuple[int, Path]]) -> Task | None:
        """The first task on the next file, its bytes sent to the cluster; None when all are.

        A file that cannot be read here (gone since it was listed, unreadable) is its
        Failure at once, as a local worker would report it."""
        while (file := next(files, None)) is not None:
            index, path = file
            read = _reply_result(run_reader(Path.read_bytes, path), path, "")
            if isinstance(read, Failure):
                self.unread[index] = read
                continue
            self.sent[index] = (self.client.scatter(read.value, hash=False),
                                hashlib.sha256(read.value).hexdigest())
            return Task(index, path, "start", (self.settings, self.threads))
        return None

    def collect(self) -> dict[int, Outcome]:
        """Wait until a task is done (or a deadline passes); the outcomes of the files now done."""
        from distributed import wait

        outcomes, self.unread = self.unread, {}
        if outcomes or not self.running:
            return outcomes
        timeout = min(deadline for _, deadline in self.running.values()) - time.monotonic()
        with self.client.as_current(), contextlib.suppress(TimeoutError, CancelledError):
            wait(list(self.running), timeout=max(0.0, timeout), return_when="FIRST_COMPLETED")
        ended = [(future, task, result) for future, (task, deadline) in self.running.items()
                 if (result := self._result(future, task, deadline)) is not None]
        for future, task, result in ended:
            self.running.pop(future, None)
            outcome = self.in_parts.settle(task, result)
            if outcome is not None:
                outcomes[task.index] = outcome
                self._forget(task.index)
        return outcomes

    def _result(self, future: Future, task: Task, deadline: float) -> Done | Failure | None:
        """A task's result, a Failure past its deadline (the task cancelled), or None yet."""
        sha = self.sent[task.index][1]
        if future.done():
            return _task_result(future, task.path, sha)
        if time.monotonic() < deadline:
            return None
        future.cancel()
        return Failure(str(task.path), sha, "timeout", timed_out(self.settings.limits.timeout_s))

    def _forget(self, index: int) -> None:
        """A file is done: cancel its tasks still running (a part failed), release its bytes."""
        for future, (task, _) in list(self.running.items()):
            if task.index == index:
                future.cancel()
                del self.running[future]
        self.sent.pop(index)

    def close(self) -> None:
        """Cancel what is still running (the run was cut short)."""
        self.client.cancel(list(self.running))
        self.running.clear()
        self.sent.clear()


def _task_result(future: Future, path: Path, sha: str) -> Done | Failure:
    """A finished task's value, or the Failure a local run would report."""
    try:
        reply = future.result()
    except Exception as exc:
        return Failure(str(path), sha, "corrupt",
                       f"the Dask worker failed while reading it: {plain_reason(exc)}")
    return _reply_result(reply, path, sha)


def _reply_result(reply: tuple[Any, ...], path: Path, sha: str) -> Done | Failure:
    """A worker's reply tuple (``worker.run_reader``) as a value or the Failure it names."""
    if reply[0] == "done":
        return Done(reply[1])
    if reply[0] == "error":
        return Failure(str(path), sha, reply[1], reply[2])
    return Failure(str(path), sha, "too_large", "ran out of memory while reading")
