"""What runs in a reading process (``pipeline.run.isolation`` starts and watches it).

This module is the first thing a worker imports, and imports nothing of the
pipeline's or the extractors': the worker caps its own address space before
it unpickles its reader, which loads the parsers under the cap.
"""

from __future__ import annotations

import functools
import os
import pickle
import resource
import signal
import sys
from collections.abc import Callable
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

if TYPE_CHECKING:
    from extractors.model import Paper
    from extractors.settings import Settings

Extract: TypeAlias = Callable[["Path", "Settings"], "Paper"]

REASON_MAX_CHARS = 300


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


def worker_main(conn: Connection, memory_mb: int, extract_blob: bytes) -> None:
    """Worker loop: cap memory, load the reader, then run tasks until told to stop.

    Ctrl-C reaches the whole process group; the parent decides what to do, so
    the worker ignores it. After a MemoryError the worker exits: its heap may be
    fragmented or half-freed, and the next file deserves a fresh one.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _cap_memory(memory_mb)
    run = _load_reader(extract_blob)
    while (task := conn.recv()) is not None:
        conn.send(("started",))
        if _send(conn, run(*task)) == "memory":
            return
    _leave()


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
    cap = memory_mb * 1024 * 1024
    hard = resource.getrlimit(resource.RLIMIT_AS)[1]
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))


def _load_reader(blob: bytes) -> Callable[..., tuple[Any, ...]]:
    """Unpickle the reader (importing its modules under the cap); return the task runner.

    If that fails, every task gets the same failure reply rather than the
    worker dying over and over.
    """
    try:
        reader = pickle.loads(blob)
    except MemoryError:
        failed: tuple[Any, ...] = ("memory",)
    except Exception as exc:
        failed = ("error", "corrupt", f"the reader could not start: {plain_reason(exc)}")
    else:
        return functools.partial(_run_stage, reader)
    return lambda *task: failed


def _run_stage(reader: Reader, stage: str, path: Path, *args: Any) -> tuple[Any, ...]:
    """Run one task: a plain reader's "whole" file, or one of ``Stages``' stages."""
    call = getattr(reader, stage) if isinstance(reader, Stages) else reader
    return run_reader(call, path, *args)


def run_reader(extract: Callable[..., Any], path: Path, *args: Any) -> tuple[Any, ...]:
    """Call the extractor; turn every way it can fail into a reply tuple."""
    from extractors.model import ExtractionError

    try:
        return ("done", extract(path, *args))
    except ExtractionError as exc:
        return ("error", exc.error_type, exc.message)
    except MemoryError:
        return ("memory",)
    except Exception as exc:
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
