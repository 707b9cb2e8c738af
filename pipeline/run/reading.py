"""What a reading worker runs on a file: extract, normalise, and hash what was read.

These functions are handed to the worker pool (``pipeline.run.isolation``)
or to Dask workers (``pipeline.run.executors``) by name; they are pure
functions of the file's bytes, so results can be cached by content hash
under ``extraction_key``. Each is given the run's ``Settings`` (limits and
the user's words) as an argument, and reads with them. Nothing here imports
the conductor of the run.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from extractors import assemble, extract_path, plan_file, read_part, read_planned
from extractors.model import Paper
from pipeline.normalise.paper import normalise_paper
from pipeline.run.inbox import sha256_file
from pipeline.run.worker import Split, Stages

if TYPE_CHECKING:
    from extractors import Part, Plan
    from extractors.settings import Settings

#: The code that makes a stored Paper, by import name: ``extraction_key`` hashes its files.
READING_CODE = ("extractors", "pipeline.normalise", "pipeline.run.reading")


def extraction_key(settings: Settings) -> str:
    """What a stored Paper must have been read with to be reused.

    The code that read and normalised it (every installed file of
    ``READING_CODE``: a changed rule, word list or parser counts without a
    version bump), and the settings, the user's words and the limits, by
    content. The extractor version is named too, for a person reading the history.
    """
    from extractors import EXTRACTOR_VERSION
    from pipeline.run.codebase import code_digest

    return (f"extractor {EXTRACTOR_VERSION}; code {code_digest(*READING_CODE)[:16]}; "
            f"settings {settings.digest()}")


@dataclass(frozen=True)
class Planned:
    """A file's plan and the settings it is read with, handed from stage to stage."""

    plan: Plan
    settings: Settings


def read_paper(path: Path, settings: Settings) -> Paper:
    """Extract and normalise one file with ``settings``; runs in a worker process."""
    settings.apply()
    return _finished(path, extract_path(path, settings.limits))


def start_paper(path: Path, settings: Settings, most: int) -> Paper | Split:
    """``read_paper``, unless the file is a PDF worth reading in up to ``most`` page runs:
    then its plan and runs, for other workers to read (``READ_STAGES``)."""
    settings.apply()
    plan = plan_file(path, settings.limits)
    parts = plan.parts(most)
    if len(parts) > 1:
        return Split(Planned(plan, settings), parts)
    return _finished(path, read_planned(path, plan))


def read_run(path: Path, planned: Planned, pages: tuple[int, ...]) -> Part:
    """One page run of a split file, read with its settings."""
    planned.settings.apply()
    return read_part(path, planned.plan, pages)


def finish_paper(path: Path, planned: Planned, parts: list[Part]) -> Paper:
    """The Paper of a file read in parts, as ``read_paper`` gives it."""
    planned.settings.apply()
    return _finished(path, assemble(path, planned.plan, parts))


def _finished(path: Path, paper: Paper) -> Paper:
    """A Paper as the pipeline keeps it: normalised, with its file's hash."""
    return replace(normalise_paper(paper), source_sha256=sha256_file(path))


#: ``read_paper`` in stages, so that local workers can share a long PDF.
READ_STAGES = Stages(start_paper, read_run, finish_paper)
