"""Read each file in a disposable worker process with a memory cap and a clock.

Parsers can be made to misbehave by a few hundred KB of input: python-docx has
used 1.7 GB on a 78 KB .docx, pdfminer 635 MB on a 300 KB PDF and over 300 s on
one dense page, and PDFium aborts the whole process when an allocation fails.
So extraction never runs in the process that owns the run. Each worker is a
``spawn``-ed interpreter (no inherited SQLite handles, locks or threads) that
caps its own address space (``RLIMIT_AS``) before it loads the extractor and
its parsers (only this module and the parent's main script load first), and
the parent kills it when a file takes longer than ``timeout_s``.

Workers are reused from file to file and replaced after a death, a timeout
or a MemoryError, so one file's damage never reaches the next. Reuse matters:
a fresh interpreter that imports the parsers took 0.7-1 s here, while handing
a file to a warm worker costs about 0.5 ms. Whatever happens in a worker,
every path yields exactly one result, a Paper or a Failure, in the order the
paths were given.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import pickle
import resource
import signal
import time
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from multiprocessing.process import BaseProcess
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from pipeline.inbox import sha256_or_empty

if TYPE_CHECKING:
    # The worker imports this module before it caps its memory, and importing
    # the extractors package loads the parsers; so they are imported in the
    # functions that need them, after the cap.
    from extractors.limits import Limits
    from extractors.model import Paper

Extract: TypeAlias = Callable[["Path", "Limits"], "Paper"]

#: Seconds a new worker may take to start before its first file's clock runs.
STARTUP_GRACE_S = 60.0
#: Seconds a worker gets to exit after it is asked to stop.
STOP_WAIT_S = 2.0
REASON_MAX_CHARS = 300


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: one row of failures.csv.

    Attributes:
        source_file: the path as given (callers may make it inbox-relative).
        source_sha256: hex SHA-256 of the file, or "" when it cannot be read.
        error_type: a contract code (see ``ExtractionError``), or ``timeout``.
        reason: plain English, no traceback.
    """

    source_file: str
    source_sha256: str
    error_type: str
    reason: str


Outcome: TypeAlias = "Paper | Failure"


def extract_isolated(path: Path, limits: Limits, extract: Extract) -> Outcome:
    """Read one file with ``extract`` in its own capped, timed worker process."""
    return next(extract_many([path], limits, extract, workers=1))[1]


def extract_many(
    paths: Iterable[Path], limits: Limits, extract: Extract, workers: int
) -> Generator[tuple[Path, Outcome], None, None]:
    """Read files in up to ``workers`` processes; yield results in the order of ``paths``.

    ``extract`` must be a module-level function (it is pickled by name to the
    workers). Results finishing early wait for those before them, so output
    order never depends on the worker count or on timing.
    """
    if workers < 1:
        raise ValueError(f"workers must be at least 1, not {workers}")
    todo = list(paths)
    pool = _Pool(limits, pickle.dumps(extract), min(workers, max(len(todo), 1)))
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


# --- the worker process --------------------------------------------------------


def _worker_main(conn: Connection, memory_mb: int, extract_blob: bytes) -> None:
    """Worker loop: cap memory, load the extractor, then read files until told to stop.

    Ctrl-C reaches the whole process group; the parent decides what to do, so
    the worker ignores it. After a MemoryError the worker exits: its heap may be
    fragmented or half-freed, and the next file deserves a fresh one.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _cap_memory(memory_mb)
    read = _load_reader(extract_blob)
    while (job := conn.recv()) is not None:
        conn.send(("started",))
        if _send(conn, read(*job)) == "memory":
            return


def _cap_memory(memory_mb: int) -> None:
    """Cap this process's address space; soft and hard, so the parser cannot lift it.

    A hard limit already lower (set by an administrator) is kept.
    """
    cap = memory_mb * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _load_reader(blob: bytes) -> Callable[[Path, Limits], tuple[Any, ...]]:
    """Unpickle the extract function (importing its modules under the cap).

    If that fails, every file gets the same failure reply rather than the
    worker dying over and over.
    """
    try:
        extract = pickle.loads(blob)
    except MemoryError:
        failed: tuple[Any, ...] = ("memory",)
    except Exception as exc:
        failed = ("error", "corrupt", f"the reader could not start: {_plain(exc)}")
    else:
        return functools.partial(_run, extract)
    return lambda path, limits: failed


def _run(extract: Extract, path: Path, limits: Limits) -> tuple[Any, ...]:
    """Call the extractor; turn every way it can fail into a reply tuple."""
    from extractors.model import ExtractionError

    try:
        return ("paper", extract(path, limits))
    except ExtractionError as exc:
        return ("error", exc.error_type, exc.message)
    except MemoryError:
        return ("memory",)
    except Exception as exc:
        return ("error", "corrupt", f"could not read it: {_plain(exc)}")


def _send(conn: Connection, reply: tuple[Any, ...]) -> str:
    """Send a reply and return its kind; a result that cannot be pickled becomes an error."""
    try:
        conn.send(reply)
    except MemoryError:
        reply = ("memory",)
        conn.send(reply)
    except Exception as exc:
        reply = ("error", "corrupt", f"the result could not be returned: {_plain(exc)}")
        conn.send(reply)
    return str(reply[0])


def _plain(exc: BaseException) -> str:
    """Exception class and first line of its message, with its cause's class.

    Some libraries raise with an empty message (pdfminer) and the cause's class
    is the only clue, so it is named too. Never a traceback.
    """
    lines = str(exc).strip().splitlines()
    text = type(exc).__name__ + (f": {lines[0]}" if lines else "")
    cause = exc.__cause__ or exc.__context__
    if cause is not None and cause is not exc:
        text += f" (caused by {type(cause).__name__})"
    return text[:REASON_MAX_CHARS]


# --- the parent's side ----------------------------------------------------------


class _Worker:
    """One reusable worker process and the file it is reading, if any."""

    def __init__(self, limits: Limits, extract_blob: bytes) -> None:
        self.limits = limits
        self.extract_blob = extract_blob
        self.process: BaseProcess | None = None
        self.conn: Connection | None = None
        self.job: tuple[int, Path] | None = None
        self.deadline = 0.0

    def submit(self, index: int, path: Path) -> None:
        """Hand a file to the worker, starting a fresh process if there is none."""
        if self.process is None or not self.process.is_alive():
            self.stop()
            self._start()
        assert self.conn is not None
        self.job = (index, path)
        self.deadline = time.monotonic() + STARTUP_GRACE_S + self.limits.timeout_s
        with contextlib.suppress(OSError):  # died just now: poll() reports the death
            self.conn.send((path, self.limits))

    def _start(self) -> None:
        """Spawn the process; the parent keeps only its own end of the pipe."""
        context = multiprocessing.get_context("spawn")
        parent_end, child_end = context.Pipe()
        self.process = context.Process(
            target=_worker_main,
            args=(child_end, self.limits.memory_mb, self.extract_blob),
            daemon=True,
            name="rectrack-reader",
        )
        self.process.start()
        child_end.close()
        self.conn = parent_end

    def handles(self) -> list[Any]:
        """What to wait on: replies on the pipe, or the process ending."""
        assert self.conn is not None and self.process is not None
        return [self.conn, self.process.sentinel]

    def poll(self) -> Outcome | None:
        """The job's outcome if it has one now: a reply, a death or the deadline."""
        assert self.conn is not None and self.job is not None
        try:
            while self.conn.poll():
                reply = self.conn.recv()
                if reply[0] != "started":
                    return self._finish(reply)
                self.deadline = time.monotonic() + self.limits.timeout_s
        except (EOFError, OSError):
            return self._died()
        except Exception as exc:
            return self._failure("corrupt", f"the result could not be read: {_plain(exc)}")
        return self._check_alive()

    def _check_alive(self) -> Outcome | None:
        """Outcome of a worker that sent nothing: died, too slow, or still working."""
        assert self.process is not None
        if not self.process.is_alive():
            return self._died()
        if time.monotonic() >= self.deadline:
            return self._failure(
                "timeout", f"took longer than {self.limits.timeout_s:g} s: stopped"
            )
        return None

    def _finish(self, reply: tuple[Any, ...]) -> Outcome:
        """Turn the worker's reply into a Paper or a Failure."""
        from extractors.model import Paper

        if reply[0] == "paper" and isinstance(reply[1], Paper):
            self.job = None
            return reply[1]
        if reply[0] == "error":
            return self._failure(reply[1], reply[2], keep=True)
        if reply[0] == "memory":
            mb = self.limits.memory_mb
            return self._failure("too_large", f"ran out of memory (limit {mb} MB) while reading")
        return self._failure(
            "corrupt", f"the reading process sent an unexpected reply {reply[0]!r}"
        )

    def _died(self) -> Failure:
        """A worker that ended without a reply: name its exit code or signal."""
        assert self.process is not None
        self.process.join(STOP_WAIT_S)
        return self._failure(*_death_reason(self.process.exitcode, self.limits.memory_mb))

    def _failure(self, error_type: str, reason: str, keep: bool = False) -> Failure:
        """A Failure for the current file; the worker is reused only when ``keep``."""
        assert self.job is not None
        path = self.job[1]
        self.job = None
        if not keep:
            self.stop()
        return Failure(str(path), sha256_or_empty(path), error_type, reason)

    def stop(self) -> None:
        """Kill the process (if any) and forget it; the next submit starts a new one."""
        if self.process is not None:
            if self.process.is_alive():
                self.process.kill()
            self.process.join(STOP_WAIT_S)
            if self.process.exitcode is not None:
                self.process.close()
        if self.conn is not None:
            self.conn.close()
        self.process, self.conn = None, None

    def close(self) -> None:
        """Ask an idle worker to exit, killing it if it does not (or is busy)."""
        if self.conn is not None and self.job is None:
            with contextlib.suppress(OSError):
                self.conn.send(None)
            assert self.process is not None
            self.process.join(STOP_WAIT_S)
        self.stop()


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
    if -code == signal.SIGABRT:
        return "too_large", (
            f"the reading process aborted (exit {code}, {name}), "
            f"most likely out of memory (limit {memory_mb} MB)"
        )
    return "corrupt", f"the reading process died unexpectedly (exit {code}, {name})"


class _Pool:
    """A fixed number of reusable workers, fed jobs in order."""

    def __init__(self, limits: Limits, extract_blob: bytes, size: int) -> None:
        self.workers = [_Worker(limits, extract_blob) for _ in range(size)]

    def dispatch(self, queue: Iterator[tuple[int, Path]]) -> None:
        """Give the next jobs to idle workers."""
        for worker in self.workers:
            if worker.job is None:
                job = next(queue, None)
                if job is None:
                    return
                worker.submit(*job)

    def collect(self) -> dict[int, Outcome]:
        """Wait until a busy worker has an outcome (or a deadline passes); return outcomes."""
        busy = [worker for worker in self.workers if worker.job is not None]
        timeout = max(0.0, min(worker.deadline for worker in busy) - time.monotonic())
        wait([handle for worker in busy for handle in worker.handles()], timeout)
        outcomes: dict[int, Outcome] = {}
        for worker in busy:
            assert worker.job is not None
            index = worker.job[0]
            outcome = worker.poll()
            if outcome is not None:
                outcomes[index] = outcome
        return outcomes

    def close(self) -> None:
        """Stop every worker: idle ones politely, busy ones (abandoned jobs) at once."""
        for worker in self.workers:
            worker.close()
