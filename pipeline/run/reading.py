"""What a reading worker runs on a file: copy what is read, extract, normalise, hash.

These functions are handed to the worker pool (``pipeline.run.isolation``)
or to Dask workers (``pipeline.run.executors``) by name; they are pure
functions of the file's bytes, so results can be cached by content hash
under ``extraction_key``. Each is given the run's ``Settings`` (limits and
the user's words) as an argument, and reads with them. Nothing here imports
the conductor of the run.

A file can change while it is read (a new edition saved over the old one, a
copy still arriving). So the bytes are read once, from one open file, into a
private copy while they are hashed, and the parsers read the copy: the hash a
Paper carries is always that of the bytes it was made from. The conductor
compares it with the hash it took before the read (``changed_while_reading``).
The copies live in the worker's temporary folder, which the pool removes
when it closes (a worker killed mid-file cannot remove its own).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors import assemble, extract_path, plan_file, read_part, read_planned
from extractors.model import Paper
from pipeline.normalise.paper import normalise_paper
from pipeline.run.inbox import CHUNK_BYTES, sha256_bytes
from pipeline.run.worker import Split, Stages

if TYPE_CHECKING:
    from extractors import Part, Plan
    from extractors.limits import Limits
    from extractors.settings import Settings

#: The code that makes a stored Paper, by import name: ``extraction_key`` hashes its files.
READING_CODE = ("extractors", "pipeline.normalise", "pipeline.problems", "pipeline.run.reading")


def extraction_key(settings: Settings) -> str:
    """What a stored Paper must have been read with to be reused.

    The code that read and normalised it (every installed file of
    ``READING_CODE``: a changed rule, word list or parser counts without a
    version bump), and the settings, the user's words and the limits, by
    content. The extractor version is named too, for a person reading the history,
    and the OCR engine: a scanned paper reads differently once Tesseract is
    installed (or upgraded).
    """
    from extractors import EXTRACTOR_VERSION
    from extractors.ocr import ocr_engine
    from pipeline.run.codebase import code_digest

    return (f"extractor {EXTRACTOR_VERSION}; code {code_digest(*READING_CODE)[:16]}; "
            f"settings {settings.digest()}; ocr {ocr_engine() or 'none'}")


@dataclass(frozen=True)
class Snapshot:
    """The private copy a file is parsed from, and the hash of its bytes.

    ``copy`` is the file itself (and ``sha256`` empty) when it is over the
    size limit: the extractor refuses it by its size without parsing.
    """

    copy: Path
    sha256: str

    def remove(self) -> None:
        """Delete the copy (never the file itself: only a private copy has a hash)."""
        if self.sha256:
            shutil.rmtree(self.copy.parent, ignore_errors=True)


@dataclass(frozen=True)
class Planned:
    """A split file's plan, the snapshot every part reads, and the settings it is read with."""

    plan: Plan
    snapshot: Snapshot
    settings: Settings


def take_snapshot(path: Path, limits: Limits) -> Snapshot:
    """Copy ``path`` as it is now into a private folder, hashing the bytes on the way."""
    with path.open("rb") as source:
        if os.fstat(source.fileno()).st_size > limits.max_file_bytes:
            return Snapshot(path, "")
        folder = Path(tempfile.mkdtemp(prefix="rectrack-"))
        copy = folder / path.name
        digest = hashlib.sha256()
        with copy.open("wb") as target:
            while chunk := source.read(CHUNK_BYTES):
                digest.update(chunk)
                target.write(chunk)
    return Snapshot(copy, digest.hexdigest())


@contextmanager
def _snapshot(path: Path, limits: Limits) -> Iterator[Snapshot]:
    """``take_snapshot`` for the block, removed after it."""
    snapshot = take_snapshot(path, limits)
    try:
        yield snapshot
    finally:
        snapshot.remove()


def read_paper(path: Path, settings: Settings) -> Paper:
    """Extract and normalise one file with ``settings``; runs in a worker process."""
    settings.apply()
    with _snapshot(path, settings.limits) as snapshot:
        return _finished(extract_path(snapshot.copy, settings.limits), snapshot)


@contextmanager
def _written(name: str, data: bytes) -> Iterator[Snapshot]:
    """A file's bytes sent to a Dask worker, as a private file of its own for the block.

    Hashed here, so the Paper carries the hash of exactly the bytes sent.
    """
    folder = Path(tempfile.mkdtemp(prefix="rectrack-"))
    snapshot = Snapshot(folder / Path(name).name, sha256_bytes(data))
    try:
        snapshot.copy.write_bytes(data)
        yield snapshot
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def start_paper(path: Path, settings: Settings, most: int) -> Paper | Split:
    """``read_paper``, unless the file is a PDF worth reading in up to ``most`` page runs:
    then its plan and runs, for other workers to read (``READ_STAGES``) from one snapshot."""
    return _started(take_snapshot(path, settings.limits), settings, most)


def start_data(name: str, data: bytes, settings: Settings, most: int) -> Paper | Split:
    """``start_paper`` for a file's bytes sent to a Dask worker (``DATA_STAGES``).

    Its runs may be read on other machines, each from its own copy of the
    bytes (``read_data_run``), so this copy is removed whatever the answer.
    """
    with _written(name, data) as snapshot:
        return _started(snapshot, settings, most)


def _started(snapshot: Snapshot, settings: Settings, most: int) -> Paper | Split:
    """The first look at a file's snapshot: its Paper (the snapshot removed), or its Split
    (the snapshot kept: the runs read it, and ``finish_paper`` removes it)."""
    settings.apply()
    split = False
    try:
        plan = plan_file(snapshot.copy, settings.limits)
        parts = plan.parts(most)
        split = len(parts) > 1
        if split:
            return Split(Planned(plan, snapshot, settings), parts)
        return _finished(read_planned(snapshot.copy, plan), snapshot)
    finally:
        if not split:
            snapshot.remove()


def read_run(path: Path, planned: Planned, pages: tuple[int, ...]) -> Part:
    """One run of pages, read from the file's snapshot (as the first look saw it)."""
    planned.settings.apply()
    return read_part(planned.snapshot.copy, planned.plan, pages)


def finish_paper(path: Path, planned: Planned, parts: list[Part]) -> Paper:
    """The Paper of a file read in parts, as ``read_paper`` gives it; the snapshot removed."""
    planned.settings.apply()
    try:
        return _finished(assemble(planned.snapshot.copy, planned.plan, parts), planned.snapshot)
    finally:
        planned.snapshot.remove()


def read_data_run(name: str, data: bytes, planned: Planned, pages: tuple[int, ...]) -> Part:
    """``read_run`` on a Dask worker, from its own copy of the bytes (not the first look's)."""
    with _written(name, data) as snapshot:
        return read_run(snapshot.copy, replace(planned, snapshot=snapshot), pages)


def finish_data(name: str, data: bytes, planned: Planned, parts: list[Part]) -> Paper:
    """``finish_paper`` on a Dask worker, from its own copy of the bytes (not the first look's)."""
    with _written(name, data) as snapshot:
        return finish_paper(snapshot.copy, replace(planned, snapshot=snapshot), parts)


def _finished(paper: Paper, snapshot: Snapshot) -> Paper:
    """A Paper as the pipeline keeps it: normalised, with the hash of the bytes it came from."""
    return replace(normalise_paper(paper), source_sha256=snapshot.sha256)


#: ``read_paper`` in stages, so that local workers can share a long PDF.
READ_STAGES = Stages(start_paper, read_run, finish_paper)
#: ``READ_STAGES`` by stage name for a file's bytes sent to a Dask worker, for the same
#: page runs on a cluster: each stage writes the bytes to a private file and reads that.
DATA_STAGES: dict[str, Callable[..., Any]] = {
    "start": start_data, "part": read_data_run, "finish": finish_data}
