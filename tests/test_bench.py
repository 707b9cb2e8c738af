"""The benchmark's quick mode runs end to end and prints a full table; its corpus is
the same bytes on every build."""

from __future__ import annotations

import time
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document

from benchmarks import bench
from benchmarks.corpus import build_corpus


def test_quick_benchmark_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--quick"]) == 0
    printed = capsys.readouterr().out
    rows = [line for line in printed.splitlines() if line.startswith("| ") and "---" not in line]
    names = [row.split(" | ")[0] for row in rows[1:]]
    assert len(names) == 18
    for wanted in ("pages/s", "floor", "2 workers vs 1", "unchanged-inbox rerun",
                   "one-new-paper rerun", "page runs", "peak RSS", "tracker appendix", "--help",
                   "Word papers/s", "spaCy", "OCR"):
        assert any(wanted in name for name in names), wanted
    assert all(row.count("|") == 5 for row in rows)
    assert "python -m benchmarks.bench --quick" in printed


def test_the_corpus_is_the_same_bytes_every_build(tmp_path: Path) -> None:
    """Built twice, a clock tick apart (PDFium stamps a creation time and an /ID, zip a
    time per member), every paper is the same bytes, and still opens."""
    first = build_corpus(tmp_path / "a", 0.05, 30)
    time.sleep(1.1)
    second = build_corpus(tmp_path / "b", 0.05, 30)
    assert [p.name for p in first.papers] == [p.name for p in second.papers]
    assert len(first.papers) >= 12
    for one, other in zip(first.papers, second.papers, strict=True):
        assert one.read_bytes() == other.read_bytes(), one.name
    assert len(pdfium.PdfDocument(first.long_paper)) == 30
    altered = next(p for p in first.papers if p.name.startswith("word_"))
    assert any(paragraph.text for paragraph in Document(str(altered)).paragraphs)
