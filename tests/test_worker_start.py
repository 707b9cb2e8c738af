"""What a reading worker loads and holds: only what its files need, and the same memory
however many papers it reads (``pipeline.run.worker``).

A worker reports its peak resident memory (``VmHWM``) and the heavy libraries it
has imported after each file (``isolation_children.read_reporting_worker``);
the figures are counts and sizes, never timings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from isolation_children import read_reporting_worker
from support import PAPERS

from extractors.model import Paper
from extractors.settings import Settings
from pipeline.run.isolation import extract_many

#: MB a reused worker's peak may rise between its second paper and its last.
FLAT_MB = 6


def _reports(paths: list[Path]) -> list[tuple[int, set[str]]]:
    """(peak kB, heavy libraries loaded) after each of ``paths``, read by one reused worker."""
    reports = []
    for _, paper in extract_many(paths, Settings(), read_reporting_worker, workers=1):
        assert isinstance(paper, Paper), paper
        peak, *loaded = paper.title.split()
        reports.append((int(peak), set(loaded)))
    return reports


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="needs /proc (VmHWM)")
def test_a_reused_worker_stays_flat_reading_the_same_paper_again_and_again() -> None:
    """Each read left its parsed XML trees in reference cycles, freed only by a rare full
    collection: the worker grew by about 2 MB a read (46 -> 84 MB in 20 reads)."""
    peaks = [peak for peak, _ in _reports([PAPERS / "tracker_may2025.docx"] * 24)]
    assert (peaks[-1] - peaks[1]) / 1024 <= FLAT_MB, [p // 1024 for p in peaks]


@pytest.mark.parametrize(("paper", "needs"), [
    ("tracker_may2025.docx", {"docx"}),
    ("tracker_may2025.pdf", {"pypdfium2", "pdfplumber"}),
    ("sif_2018.docx", {"docx", "spacy"}),
])  # fmt: skip
def test_a_fresh_worker_loads_only_what_its_paper_needs(paper: str, needs: set[str]) -> None:
    """A Word tracker needs neither PDFium nor spaCy; only a list of recommendations in
    running text (a narrative report) loads spaCy; nothing reading a paper loads pandas
    or dateparser when every date matches the regexes."""
    [(_, loaded)] = _reports([PAPERS / paper])
    assert loaded == needs
