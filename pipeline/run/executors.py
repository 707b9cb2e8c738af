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
- ``DaskExecutor``: for more files than one machine reads in time. Whole
  files only, never split (one task a file, ``read_paper``): each file's
  *bytes* are sent with its task (papers are a few MB, and their
  parsing costs seconds, so the transfer is small), so workers need no shared
  filesystem; the worker writes them to a private temporary file and reads
  it. Errors become the same Failures as locally. The memory cap is the Dask
  worker's own ``memory_limit`` (a worker that dies is reported as a
  Failure), and the per-file clock is kept by the client: a file still
  unread ``timeout_s`` (plus a start-up grace) after its turn is a
  ``timeout`` Failure, and its task is cancelled.

Neither is given a file whose bytes the history already holds, read with the
same extraction key (the reading code, the words and the limits:
``pipeline.run.reading.extraction_key``): ``Known`` finds those, and their
stored Papers are used. ``run`` and ``watch`` both ask it.
"""

from __future__ import annotations

import hashlib
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from pipeline.run.inbox import sha256_or_empty
from pipeline.run.isolation import extract_many
from pipeline.run.outcome import Failure, Outcome
from pipeline.run.reading import READ_STAGES, extraction_key, read_data
from pipeline.run.worker import plain_reason, run_reader

if TYPE_CHECKING:
    from distributed import Client, Future

    from extractors.limits import Limits
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


def read_bytes(name: str, data: bytes, settings: Settings) -> tuple[Any, ...]:
    """Runs on a Dask worker: read one file's bytes as ``read_paper`` reads a file.

    The Paper is made from, and carries the hash of, exactly the bytes sent.
    The reply is the tuple ``pipeline.run.isolation`` workers send, so
    failures read the same.
    """
    return run_reader(read_data, name, data, settings)


@dataclass(frozen=True)
class DaskExecutor:
    """Read files on the Dask cluster whose scheduler is at ``scheduler`` (tcp://host:8786).

    Each file is one task, read whole by ``read_paper``: a long PDF is not
    split into page runs here (a file's runs would need its bytes sent to
    each of their workers, and the cluster already reads many files at once).
    The settings, the user's words included, go with each task.
    """

    scheduler: str

    def __call__(self, paths: Sequence[Path], settings: Settings) -> Iterator[tuple[Path, Outcome]]:
        """Keep about one task per worker thread in flight; yield in order."""
        if not paths:
            return
        from distributed import Client

        with Client(self.scheduler, set_as_default=False) as client:
            window = max(1, sum(client.nthreads().values()))
            pending: deque[tuple[Path, str, Future]] = deque()
            for path in paths:
                pending.append(_submit(client, path, settings))
                if len(pending) >= window:
                    yield _result(*pending.popleft(), settings.limits)
            while pending:
                yield _result(*pending.popleft(), settings.limits)


def _submit(client: Client, path: Path, settings: Settings) -> tuple[Path, str, Future]:
    """Send one file's bytes as a task; ``pure=False`` so equal bytes under two names both run."""
    data = path.read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    return path, sha, client.submit(read_bytes, path.name, data, settings, pure=False)


def _result(path: Path, sha: str, future: Future, limits: Limits) -> tuple[Path, Outcome]:
    """The file's Paper, or the Failure a local run would report."""
    try:
        reply = future.result(timeout=limits.timeout_s + DASK_GRACE_S)
    except TimeoutError:
        future.cancel()
        return path, Failure(str(path), sha, "timeout", f"took longer than {limits.timeout_s:g} s: "
                             "stopped")
    except Exception as exc:
        return path, Failure(str(path), sha, "corrupt",
                             f"the Dask worker failed while reading it: {plain_reason(exc)}")
    return path, _outcome(reply, path, sha)


def _outcome(reply: tuple[Any, ...], path: Path, sha: str) -> Outcome:
    """A worker reply tuple as a Paper or a Failure (as ``pipeline.run.isolation`` reads it)."""
    if reply[0] == "done":
        paper: Outcome = reply[1]
        return paper
    if reply[0] == "error":
        return Failure(str(path), sha, reply[1], reply[2])
    return Failure(str(path), sha, "too_large", "ran out of memory while reading")
