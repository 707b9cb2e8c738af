"""The benchmark's quick mode runs end to end and prints a full table; its corpus is
the same bytes on every build."""

from __future__ import annotations

import re
import time
from dataclasses import replace
from pathlib import Path

import pypdfium2 as pdfium
import pytest
from docx import Document

from benchmarks import bench, peers
from benchmarks.corpus import build_corpus


def test_quick_benchmark_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--quick"]) == 0
    printed = capsys.readouterr().out
    rows = [line for line in printed.splitlines() if line.startswith("| ") and "---" not in line]
    names = [row.split(" | ")[0] for row in rows[1:]]
    assert len(names) == 29
    for wanted in ("pages/s", "floor", "2 workers vs 1", "unchanged-inbox rerun",
                   "one-new-paper rerun", "paper inbox, cold run", "byte-identical copy",
                   "page runs", "ms a page", "peak RSS", "tracker appendix", "reused pool worker",
                   "parent process", "largest child", "--help", "Word papers/s", "spaCy", "OCR"):
        assert any(wanted in name for name in names), wanted
    assert all(row.count("|") == 5 for row in rows)
    assert "python -m benchmarks.bench --quick" in printed
    optional = {row.split(" | ")[0][2:]: row.split(" | ")[1] for row in rows
                if row.startswith(("| peer: ", "| Dask "))}
    tools = ("peer: pdfplumber", "peer: PyMuPDF", "peer: Camelot", "peer: PDFium", "Dask")
    assert len(optional) == len(tools)
    assert all(name.startswith(tool) for name, tool in zip(optional, tools, strict=True))
    for value in optional.values():  # a ratio with its two times, or the tool is absent
        assert value == "not installed" or re.fullmatch(r"\d+\.\d+ \(\d+\.\d s / \d+\.\d s.*\)",
                                                        value), value
    memory = [row.split(" | ")[1] for row in rows if "peak RSS" in row and "OCR" not in row]
    assert len(memory) == 5
    for value in memory:  # each process's own high-water mark, read: tens of MB, not 0
        assert all(20 <= int(mb) <= 2000 for mb in re.fullmatch(r"(\d+) / (\d+) MB",
                                                                   value).groups()), value
    floor = next(row for row in rows if "PDFium text" in row)
    assert "<= 3" in floor and "chars" in floor


def test_a_tool_that_is_not_importable_is_a_row_saying_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    absent = replace(peers.PEERS[1], module="pymupdf_is_not_here")
    assert peers.peer_figure(absent, [], 1.0).value == "not installed"
    monkeypatch.setattr(peers.importlib.util, "find_spec", lambda name: None)
    assert peers.dask_figure(tmp_path, tmp_path, 1.0, 1).value == "not installed"


def test_the_tracker_peers_read_tracker_pdfs_only(tmp_path: Path) -> None:
    """Camelot's row times tracker PDFs: the corpus's, or (without samples) two of their pages."""
    corpus = build_corpus(tmp_path / "inbox", 0.05, 30, samples=False)
    folder = peers.tracker_inbox(corpus, tmp_path)
    assert sorted(p.name for p in folder.iterdir()) == [
        "tracker_may2025_p1-2.pdf", "tracker_nov2025_p1-2.pdf"]
    assert peers.pdfium_text(sorted(folder.iterdir())) > 1000


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
