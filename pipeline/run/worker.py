"""What runs in a reading process (``pipeline.run.isolation`` starts and watches it).

This module is the first thing a worker imports, and imports nothing of the
pipeline's or the extractors' but ``pipeline.run.lifeline`` (standard library
only): the worker caps its own address space before it unpickles its reader,
which loads the parsers under the cap.

A worker never outlives its run, nor do the programs it runs
(``pipeline.run.lifeline``): on Linux the kernel kills it when the run dies
(``PR_SET_PDEATHSIG``); elsewhere a watchdog thread waits on the parent's
sentinel (a pipe the run holds open until it exits, a process handle on
Windows) and ends the worker's children and the worker at once; and where
``resource`` exists, a CPU-time limit set before each task (``RLIMIT_CPU``,
twice the task's clock and more) ends a worker that is somehow still busy
long after. Without ``resource`` (Windows) the memory cap is kept by the run
(``pipeline.run.handle``), which ends a worker that grows past it.
"""

from __future__ import annotations

import functools
import gc
import multiprocessing
import os
import pickle
import signal
import sys
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from pipeline.run.lifeline import die_with_parent

if TYPE_CHECKING:
    from extractors.model import Paper
    from extractors.settings import Settings

Extract: TypeAlias = Callable[["Path", "Settings"], "Paper"]

REASON_MAX_CHARS = 300
#: Seconds of CPU time a task may use beyond twice its clock before the kernel ends it.
CPU_GRACE_S = 30
#: Words of errors that a failed allocation raises under another name: a module
#: that cannot be mapped (ImportError), lxml's XMLSyntaxError, a C++ bad_alloc.
_MEMORY_WORDS = ("memory allocation failed", "cannot allocate memory", "out of memory",
                 "failed to map segment", "bad_alloc", "not enough memory")  # fmt: skip
#: What Python says of a C function that failed without setting an error.
_BARE_ERROR = "error return without exception set"
#: Share of its cap a worker's address space has reached when a bare SystemError counts
#: as a failed allocation: a failed request is often tens of MB, never mapped.
NEAR_CAP = 0.8

try:
    import resource
except ImportError:  # Windows: the run keeps the memory cap (pipeline.run.handle)
    resource = None  # type: ignore[assignment]

#: Whether a worker can cap its own memory (else its run must watch it).
CAPS_ITSELF = resource is not None


@dataclass(frozen=True)
class Split:
    """A ``Stages.start`` answer: read this file in parts, then join them.

    Attributes:
        plan: passed to ``Stages.part`` and ``Stages.finish`` with each call.
        parts: what to read, one ``Stages.part`` argument per part, in order.
    """

    plan: Any
    parts: tuple[Any, ...]


@dataclass(frozen=True)
class Stages:
    """A reader that lets several workers share one long file.

    ``start(path, settings, most)`` takes the first look at a file and returns
    either its Paper (a short file is read there and then) or a ``Split``
    into at most ``most`` parts; ``part(path, plan, part)`` reads one part;
    ``finish(path, plan, results)`` makes the Paper from every part's result,
    in the Split's order. Each must be a module-level function (pickled by
    name), and what it returns must pickle.
    """

    start: Callable[[Path, Settings, int], Paper | Split]
    part: Callable[[Path, Any, Any], Any]
    finish: Callable[[Path, Any, list[Any]], Paper]


#: What reads files: a plain extract function (one task a file), or Stages.
Reader: TypeAlias = "Extract | Stages"


def worker_main(conn: Connection, memory_mb: int, extract_blob: bytes, timeout_s: float,
                scratch: str) -> None:
    """Worker loop: tie its life to the run's, cap memory, load the reader, run tasks.

    Ctrl-C reaches the whole process group; the parent decides what to do, so
    the worker ignores it. After a MemoryError the worker exits: its heap may be
    fragmented or half-freed, and the next file deserves a fresh one. Temporary
    files go to ``scratch``, a folder the run removes when it ends. Each task's
    garbage is freed once its reply is sent (``free_garbage``), while the run
    takes the result in.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _die_with_parent()
    tempfile.tempdir = scratch
    _cap_memory(memory_mb)
    run = _load_reader(extract_blob)
    while (task := conn.recv()) is not None:
        _limit_cpu(timeout_s)
        conn.send(("started",))
        if _send(conn, run(*task)) == "memory":
            return
        free_garbage()
    _leave()


def free_garbage() -> None:
    """Free what the last task left in reference cycles now; set aside what outlives it.

    A python-docx package and its parts refer to each other, as do pdfplumber's
    pages and their caches, so a file's parsed XML trees (libxml2's memory, a
    MB or more a Word file, unseen by the collector's counts) wait for a full
    collection, which comes ever more rarely as a worker's objects grow: a
    reused worker reading one Word file over and over grew from 46 to 133 MB
    in 200 reads. So a full collection after every task; and what survives it
    (modules, the spaCy pipeline, the word lists, caches) is frozen
    (``gc.freeze``), so the next collection looks only at the next task's
    objects: about 2 ms, not 60. A worker serves one run, whose words do not
    change, so what is frozen is kept for the worker's life anyway.
    """
    gc.collect()
    gc.freeze()


def _die_with_parent() -> None:
    """End this process, and what it runs, as soon as the run that started it ends."""
    parent = multiprocessing.parent_process()
    if parent is not None:
        die_with_parent(parent)


def _leave() -> None:
    """Exit now, without the interpreter's teardown of the loaded parsers.

    Every reply has been sent, so nothing is lost; the teardown took ~0.3 s
    of a run's serial end, while the parent waited for its workers to exit.
    """
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _cap_memory(memory_mb: int) -> None:
    """Cap this process's address space; soft and hard, so the parser cannot lift it.

    A hard limit already lower (set by an administrator) is kept.
    """
    if resource is None:
        return
    cap = memory_mb * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _limit_cpu(timeout_s: float) -> None:
    """Let the next task use at most twice its clock in CPU time (plus a grace), then die.

    A backstop only: the run's clock stops a task long before, unless the run
    itself is gone and nothing else ended this worker. The limit is soft, so it
    can be raised again for the next task; an administrator's hard limit is kept.
    """
    if resource is None:
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    soft = int(used.ru_utime + used.ru_stime + 2 * timeout_s + CPU_GRACE_S)
    hard = resource.getrlimit(resource.RLIMIT_CPU)[1]
    if hard != resource.RLIM_INFINITY:
        soft = min(soft, hard)
    resource.setrlimit(resource.RLIMIT_CPU, (soft, hard))


def out_of_memory(exc: BaseException) -> bool:
    """Whether ``exc`` is a failed allocation, whatever it is called.

    Under the cap, a module that cannot be mapped raises ImportError, lxml
    raises XMLSyntaxError ("Memory allocation failed"), and either may carry
    the MemoryError as its cause: all are the file being too large to read.
    A C extension whose allocation fails may also return without setting any
    error, which Python reports as a bare SystemError; that is a failed
    allocation where this worker's address space has come close to its cap
    (``_near_cap``), and a bug in the extension elsewhere.
    """
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, MemoryError):
            return True
        if any(word in str(current).lower() for word in _MEMORY_WORDS):
            return True
        if isinstance(current, SystemError) and _BARE_ERROR in str(current) and _near_cap():
            return True
        current = current.__cause__ or current.__context__
    return False


def _near_cap() -> bool:
    """Whether this process's address space has reached ``NEAR_CAP`` of its ``RLIMIT_AS``
    (its peak, ``VmPeak``: the failed request itself was never mapped). False where
    there is no such cap or no /proc (not Linux)."""
    if resource is None:
        return False
    cap = resource.getrlimit(resource.RLIMIT_AS)[0]
    peak_kb = status_kb("VmPeak")
    if cap == resource.RLIM_INFINITY or peak_kb is None:
        return False
    return peak_kb * 1024 >= NEAR_CAP * cap


def status_kb(field: str, pid: int | None = None) -> int | None:
    """A memory figure (kB) of process ``pid`` (this one when None) from its /proc status:
    ``VmPeak``, ``VmHWM``...; None where there is no /proc (not Linux) or no such field."""
    status = Path(f"/proc/{pid or 'self'}/status")
    if not status.exists():
        return None
    return next((int(line.split()[1]) for line in status.read_text().splitlines()
                 if line.startswith(f"{field}:")), None)


def _load_reader(blob: bytes) -> Callable[..., tuple[Any, ...]]:
    """Unpickle the reader (importing its modules under the cap); return the task runner.

    If that fails, every task gets the same failure reply rather than the
    worker dying over and over.
    """
    try:
        reader = pickle.loads(blob)
    except Exception as exc:
        failed: tuple[Any, ...] = (
            ("memory",) if out_of_memory(exc) else
            ("error", "corrupt", f"the reader could not start: {plain_reason(exc)}"))
    else:
        return functools.partial(_run_stage, reader)
    return lambda *task: failed


def _run_stage(reader: Reader, stage: str, path: Path, *args: Any) -> tuple[Any, ...]:
    """Run one task: a plain reader's "whole" file, or one of ``Stages``' stages."""
    call = getattr(reader, stage) if isinstance(reader, Stages) else reader
    return run_reader(call, path, *args)


def run_reader(extract: Callable[..., Any], path: Path | str, *args: Any) -> tuple[Any, ...]:
    """Call the extractor; turn every way it can fail into a reply tuple."""
    from extractors.model import ExtractionError

    try:
        return ("done", extract(path, *args))
    except ExtractionError as exc:
        return ("error", exc.error_type, exc.message)
    except Exception as exc:
        if out_of_memory(exc):
            return ("memory",)
        return ("error", "corrupt", f"could not read it: {plain_reason(exc)}")


def _send(conn: Connection, reply: tuple[Any, ...]) -> str:
    """Send a reply and return its kind; a result that cannot be pickled becomes an error."""
    try:
        conn.send(reply)
    except MemoryError:
        reply = ("memory",)
        conn.send(reply)
    except Exception as exc:
        reply = ("error", "corrupt", f"the result could not be returned: {plain_reason(exc)}")
        conn.send(reply)
    return str(reply[0])


def plain_reason(exc: BaseException) -> str:
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
