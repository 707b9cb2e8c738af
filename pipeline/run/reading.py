"""What a reading worker runs on a file: extract, normalise, and hash what was read.

These functions are handed to the worker pool (``pipeline.run.isolation``)
or to Dask workers (``pipeline.run.executors``) by name; they are pure
functions of the file's bytes, so results can be cached by content hash
under ``extraction_key``. Nothing here imports the conductor of the run.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING

from extractors import assemble, extract_path, plan_file, read_part, read_planned
from extractors.model import Paper
from pipeline.normalise.paper import normalise_paper
from pipeline.run.inbox import sha256_file
from pipeline.run.worker import Split, Stages

if TYPE_CHECKING:
    from extractors import Part, Plan
    from extractors.limits import Limits


def extraction_key() -> str:
    """What a stored Paper must have been read with to be reused.

    The extractor version, and the user's vocabulary file by content: new
    words can change what a paper yields.
    """
    from extractors import EXTRACTOR_VERSION
    from extractors.vocab import ENV_VAR

    vocab = os.environ.get(ENV_VAR)
    words = hashlib.sha256(Path(vocab).read_bytes()).hexdigest()[:16] if vocab else ""
    return f"extractor {EXTRACTOR_VERSION}; vocabulary {words or 'default'}"


def read_paper(path: Path, limits: Limits) -> Paper:
    """Extract and normalise one file; runs in a worker process."""
    return _finished(path, extract_path(path, limits))


def start_paper(path: Path, limits: Limits, most: int) -> Paper | Split:
    """``read_paper``, unless the file is a PDF worth reading in up to ``most`` page runs:
    then its plan and runs, for other workers to read (``READ_STAGES``)."""
    plan = plan_file(path, limits)
    parts = plan.parts(most)
    return Split(plan, parts) if len(parts) > 1 else _finished(path, read_planned(path, plan))


def finish_paper(path: Path, plan: Plan, parts: list[Part]) -> Paper:
    """The Paper of a file read in parts, as ``read_paper`` gives it."""
    return _finished(path, assemble(path, plan, parts))


def _finished(path: Path, paper: Paper) -> Paper:
    """A Paper as the pipeline keeps it: normalised, with its file's hash."""
    return replace(normalise_paper(paper), source_sha256=sha256_file(path))


#: ``read_paper`` in stages, so that local workers can share a long PDF.
READ_STAGES = Stages(start_paper, read_part, finish_paper)
