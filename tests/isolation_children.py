"""Extract functions for the isolation tests, run inside worker processes.

They live apart from the test module so that a worker imports only this small
module (not pytest fixtures, reportlab and the bad-file writers): each spawned
worker then starts in a fraction of a second and the tests stay quick.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

from extractors.model import ExtractionError, Paper
from extractors.settings import Settings
from pipeline.run.worker import Split, Stages


def scripted(path: Path, settings: Settings) -> Paper:
    """Obey the command written in the file ("sleep 30", "exit 3", ...), then return a Paper.

    The Paper's title names the file and the worker's pid, so tests can see
    which process read what.
    """
    _obey(path.read_text())
    return Paper(path.name, "", "pdf", "scripted", f"{path.name} pid {os.getpid()}")


def _obey(script: str) -> None:
    """Do what ``script`` says: sleep, exit, raise a signal, allocate MB, refuse, fail, or
    nothing ("ok")."""
    command, _, argument = script.partition(" ")
    if command == "sleep":
        time.sleep(float(argument))
    elif command == "exit":
        os._exit(int(argument))
    elif command == "signal":
        os.kill(os.getpid(), getattr(signal, argument))
    elif command == "allocate":
        bytearray(int(argument) * 2**20)
    elif command == "refuse":
        raise ExtractionError("no_records", argument)
    elif command == "fail":
        raise ValueError(argument)


def start_in_parts(path: Path, settings: Settings, most: int) -> Paper | Split:
    """A file whose first line is "parts" is split into its other lines, one part each
    (when there are workers to share it); any other file is read as ``scripted`` reads it."""
    first, *parts = path.read_text().splitlines()
    if first == "parts" and most > 1:
        return Split(path.name, tuple(parts))
    return scripted(path, settings)


def read_scripted_part(path: Path, plan: str, part: str) -> str:
    """Obey one part's command; the result names the part and the worker's pid."""
    _obey(part)
    return f"{part} pid {os.getpid()}"


def join_scripted_parts(path: Path, plan: str, results: list[str]) -> Paper:
    """A Paper whose title lists the parts' results in order."""
    return Paper(path.name, "", "pdf", "scripted", " | ".join(results))


#: ``scripted`` in stages: a "parts" file is read a line a task.
SCRIPTED_STAGES = Stages(start_in_parts, read_scripted_part, join_scripted_parts)


def pdfminer_text(path: Path, settings: Settings) -> Paper:
    """pdfminer's layout analysis: the slow path on a dense page."""
    from pdfminer.high_level import extract_text

    return Paper(path.name, "", "pdf", "pdfminer", extract_text(path)[:40])


def sniffed(path: Path, settings: Settings) -> Paper:
    """Only sniff the file (PDFium parses the first pages' content)."""
    from extractors.sniff import sniff

    return Paper(path.name, "", sniff(path, settings.limits), "sniff", path.name)


# --- the real reader, with a file made slow or changed on purpose ----------------------
#
# Slowness and concurrent writers are simulated, never waited for: a file whose name
# starts with "slow" blocks its reader until the reader is killed (as a dense page
# keeps pdfminer busy, on any machine); one whose name starts with "replaced" is
# overwritten by its hidden sibling ".next-<name>" at the moment named by the stage.


#: A folder named by this variable gets a file ``blocked`` when a reader blocks.
BLOCKED_IN = "RECTRACK_TEST_BLOCKED_IN"


def _block_if_slow(path: Path) -> None:
    """Block for ever on a "slow" file, saying so first in ``$RECTRACK_TEST_BLOCKED_IN``."""
    if path.name.startswith("slow"):
        if os.environ.get(BLOCKED_IN):
            Path(os.environ[BLOCKED_IN], "blocked").write_text(str(os.getpid()))
        while True:
            time.sleep(3600)


def _replace(path: Path) -> None:
    """Overwrite ``path`` with the bytes of its next edition, as a copy over it would
    (once: after that the file stays as it is)."""
    following = path.with_name(f".next-{path.name}")
    if following.exists():
        os.replace(following, path)


def start_slow_or_real(path: Path, settings: Settings, most: int) -> Paper | Split:
    """``READ_STAGES.start``, blocking for ever on a "slow" file."""
    from pipeline.run.reading import start_paper

    _block_if_slow(path)
    return start_paper(path, settings, most)


def start_replaced_after(path: Path, settings: Settings, most: int) -> Paper | Split:
    """``READ_STAGES.start``; a "replaced" file is overwritten once it has been read."""
    from pipeline.run.reading import start_paper

    result = start_paper(path, settings, most)
    if path.name.startswith("replaced"):
        _replace(path)
    return result


def start_replaced_before(path: Path, settings: Settings, most: int) -> Paper | Split:
    """``READ_STAGES.start``; a "replaced" file is overwritten after the run hashed it,
    before this reader opens it."""
    from pipeline.run.reading import start_paper

    if path.name.startswith("replaced"):
        _replace(path)
    return start_paper(path, settings, most)


def real_part(path: Path, plan: object, pages: tuple[int, ...]) -> object:
    from pipeline.run.reading import read_run

    return read_run(path, plan, pages)  # type: ignore[arg-type]


def real_finish(path: Path, plan: object, parts: list[object]) -> Paper:
    from pipeline.run.reading import finish_paper

    return finish_paper(path, plan, parts)  # type: ignore[arg-type]


SLOW_STAGES = Stages(start_slow_or_real, real_part, real_finish)
REPLACED_AFTER_STAGES = Stages(start_replaced_after, real_part, real_finish)
REPLACED_BEFORE_STAGES = Stages(start_replaced_before, real_part, real_finish)


# --- what a worker holds: its memory, the libraries it has loaded -----------------------

#: Libraries a reading worker loads only for the files that need them.
HEAVY = ("spacy", "dateparser", "pandas", "pdfplumber", "docx", "pypdfium2")


def read_reporting_worker(path: Path, settings: Settings) -> Paper:
    """``read_paper``, the Paper's title replaced by what the worker holds after it:
    ``"<VmHWM kB> <heavy libraries loaded>"`` (-1 where there is no ``/proc``)."""
    import sys
    from dataclasses import replace

    from pipeline.run.reading import read_paper

    paper = read_paper(path, settings)
    status = Path("/proc/self/status")
    peak = -1
    if status.exists():
        peak = next(int(line.split()[1]) for line in status.read_text().splitlines()
                    if line.startswith("VmHWM"))
    loaded = " ".join(name for name in HEAVY if name in sys.modules)
    return replace(paper, title=f"{peak} {loaded}")
