"""Helpers for tests that compare whole runs: a small mixed inbox, output bytes, a spy executor."""

from __future__ import annotations

import shutil
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from support import PAPERS

from benchmarks.corpus import agenda_pack, altered_docx
from extractors.settings import Settings
from pipeline.run.executors import Read
from pipeline.run.outcome import Outcome

#: Files of the history, which records when it was written; every other output is compared.
HISTORY_FILES = ("history.sqlite", "history.sqlite-wal", "history.sqlite-shm")


def mixed_inbox(folder: Path) -> Path:
    """The samples in both formats, an agenda pack, an altered Word copy and a bad file."""
    folder.mkdir(parents=True)
    for paper in sorted(PAPERS.iterdir()):
        shutil.copy(paper, folder)
    agenda_pack(folder / "pack.pdf", 24, ("tracker_nov2025", range(1, 6)), 9, seed=3)
    altered_docx(folder / "word_copy.docx", "tracker_may2025", seed=5)
    (folder / "notes.pdf").write_text("not a PDF at all")
    return folder


def output_bytes(out: Path) -> dict[str, bytes]:
    """Every output file's bytes by name, the history left out."""
    return {p.name: p.read_bytes() for p in sorted(out.iterdir())
            if p.is_file() and p.name not in HISTORY_FILES and not p.name.startswith(".")}


@dataclass
class Spy:
    """An executor that notes which files it was asked to read, then reads them with ``read``."""

    read: Read
    asked: list[str] = field(default_factory=list)

    def __call__(self, paths: Sequence[Path], settings: Settings) -> Iterator[tuple[Path, Outcome]]:
        self.asked.extend(p.name for p in paths)
        return self.read(paths, settings)
