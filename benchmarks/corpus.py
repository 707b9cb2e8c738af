"""Synthetic papers built from the samples, for the benchmark and the speed tests.

Real inputs are agenda packs: a few hundred pages of minutes, reports and
budget tables, with a tracker as one appendix. The samples are single papers,
so this module makes the rest: filler pages of neutral committee prose (some
with a ruled budget table, so that "ruled" alone never selects a page), drawn
with PDFium and the standard Helvetica font (no extra dependency), page
subsets and concatenations of the sample PDFs, and Word copies of the sample
.docx files with altered text. Everything is seeded, and the dates a PDF or a
Word file would stamp into itself are fixed (``_fixed_pdf``, ``docx_tools.save_deterministic``), so
a corpus is the same bytes every time it is built (tests/test_bench.py builds
one twice).

The filler avoids every word the extractors look for (status phrases,
inspectorates, item words), so a pack's records are its appendix's.
"""

from __future__ import annotations

import ctypes
import hashlib
import random
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from samples.generate.docx_tools import save_deterministic

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "papers"
TRACKERS = ("tracker_may2025", "tracker_nov2025")
NARRATIVE = "sif_2018"

_FILLER_TEXT = (
    "the council committee members noted agreed budget forecast housing transport planning "
    "highways waste libraries parks leisure ward councillor resident community services funding "
    "capital revenue quarter year spending plan scheme consultation proposal strategy officers "
    "cabinet chair minutes apologies declarations interest item agenda public questions petition "
    "motion amendment carried district borough street lighting school places fees charges "
    "contract procurement tender allocation reserves balance savings income grant energy"
)
_WORDS = tuple(_FILLER_TEXT.split())
_PAGE = (595.0, 842.0)
_MARGIN = 56.0
_LINE = 13.0
#: Lines of prose on a filler page: sparse (covers, agendas, short items) keeps the
#: benchmark's floor affordable and is the harder case for the screen (less to skip);
#: report pages are what most of a real pack holds.
SPARSE_LINES = (3, 10)
REPORT_LINES = (12, 24)


@dataclass(frozen=True)
class Corpus:
    """A built corpus: its papers (sorted) and the long paper among them."""

    folder: Path
    papers: tuple[Path, ...]
    long_paper: Path
    short_paper: Path

    @property
    def pdfs(self) -> tuple[Path, ...]:
        return tuple(p for p in self.papers if p.suffix == ".pdf")

    @property
    def docx(self) -> tuple[Path, ...]:
        return tuple(p for p in self.papers if p.suffix == ".docx")


# --- filler pages -----------------------------------------------------------------


def _text(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, text: str, x: float, y: float,
          size: float) -> None:
    """Draw one line of Helvetica text with its baseline at (x, y)."""
    obj = pdfium_c.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", ctypes.c_float(size))
    buffer = ctypes.create_string_buffer((text + "\x00").encode("utf-16-le"))
    pdfium_c.FPDFText_SetText(obj, ctypes.cast(buffer, ctypes.POINTER(pdfium_c.FPDF_WCHAR)))
    pdfium_c.FPDFPageObj_Transform(obj, 1, 0, 0, 1, x, y)
    pdfium_c.FPDFPage_InsertObject(page.raw, obj)


def _rule_box(page: pdfium.PdfPage, x: float, y: float, width: float, height: float) -> None:
    """Draw a stroked rectangle (a table cell border)."""
    rect = pdfium_c.FPDFPageObj_CreateNewRect(x, y, width, height)
    pdfium_c.FPDFPath_SetDrawMode(rect, pdfium_c.FPDF_FILLMODE_NONE, True)
    pdfium_c.FPDFPage_InsertObject(page.raw, rect)


def _sentence(rng: random.Random) -> str:
    words = rng.choices(_WORDS, k=rng.randint(8, 16))
    return " ".join(words).capitalize() + "."


def _prose_lines(rng: random.Random, count: int) -> list[str]:
    """Lines of about 90 characters of neutral prose."""
    lines: list[str] = []
    current = ""
    while len(lines) < count:
        current = f"{current} {_sentence(rng)}".strip()
        while len(current) > 90:
            cut = current.rfind(" ", 0, 90)
            lines.append(current[:cut])
            current = current[cut + 1 :]
    return lines[:count]


def _budget_table(pdf: pdfium.PdfDocument, page: pdfium.PdfPage, rng: random.Random,
                  top: float) -> float:
    """A ruled table of figures (not a tracker); returns the y below it."""
    widths = (200.0, 90.0, 90.0, 90.0)
    header = ("Service", "Budget", "Forecast", "Variance")
    y = top
    for row in range(rng.randint(3, 8)):
        x = _MARGIN
        cells = header if row == 0 else (
            rng.choice(_WORDS).capitalize(), *(f"{rng.randint(10, 9999):,}" for _ in range(3)))
        for width, cell in zip(widths, cells, strict=True):
            _rule_box(page, x, y - 16, width, 16)
            _text(pdf, page, cell, x + 3, y - 12, 9)
            x += width
        y -= 16
    return y - _LINE


def add_filler(pdf: pdfium.PdfDocument, count: int, rng: random.Random,
               lines: tuple[int, int] = SPARSE_LINES) -> None:
    """Append ``count`` pages of committee prose (``lines`` lines each), a quarter of them
    with a budget table."""
    for _ in range(count):
        page = pdf.new_page(*_PAGE)
        y = _PAGE[1] - _MARGIN
        _text(pdf, page, " ".join(rng.choices(_WORDS, k=5)).title(), _MARGIN, y, 14)
        y -= 2 * _LINE
        if rng.random() < 1 / 4:
            y = _budget_table(pdf, page, rng, y)
        room = int((y - _MARGIN) / _LINE)
        for line in _prose_lines(rng, min(room, rng.randint(*lines))):
            _text(pdf, page, line, _MARGIN, y, 10)
            y -= _LINE
        page.gen_content()
        page.close()


# --- whole papers -------------------------------------------------------------------


def build_pdf(out: Path, parts: Sequence[tuple[str, Sequence[int]] | int], seed: int,
              lines: tuple[int, int] = SPARSE_LINES) -> Path:
    """Write a PDF of ``parts`` in order: (sample name, 1-based pages) or a filler page count."""
    rng = random.Random(seed)
    pdf = pdfium.PdfDocument.new()
    try:
        for part in parts:
            if isinstance(part, int):
                add_filler(pdf, part, rng, lines)
                continue
            name, pages = part
            source = pdfium.PdfDocument(SAMPLES / f"{name}.pdf")
            try:
                pdf.import_pages(source, [n - 1 for n in pages], index=len(pdf))
            finally:
                source.close()
        out.parent.mkdir(parents=True, exist_ok=True)
        pdf.save(out)
    finally:
        pdf.close()
    return _fixed_pdf(out)


def agenda_pack(out: Path, total: int, appendix: tuple[str, Sequence[int]], at: int,
                seed: int = 0, lines: tuple[int, int] = SPARSE_LINES) -> Path:
    """A ``total``-page pack: filler, the ``appendix`` pages from page ``at``, filler."""
    before = at - 1
    after = total - before - len(appendix[1])
    if before < 1 or after < 0:
        raise ValueError(f"appendix of {len(appendix[1])} pages does not fit at page {at}")
    return build_pdf(out, [before, appendix, after], seed, lines)


def altered_docx(out: Path, name: str, seed: int) -> Path:
    """A copy of a sample .docx with a few words added to some table cells and paragraphs."""
    from docx import Document

    rng = random.Random(seed)
    document = Document(str(SAMPLES / f"{name}.docx"))
    paragraphs = list(document.paragraphs)
    cells = [cell for table in document.tables for row in table.rows for cell in row.cells]
    paragraphs += [p for cell in cells for p in cell.paragraphs]
    for paragraph in paragraphs:
        runs = paragraph.runs
        if runs and runs[-1].text.strip() and rng.random() < 0.1:
            runs[-1].text += f" ({rng.choice(_WORDS)} {seed})"
    return save_deterministic(document, out)


#: What PDFium stamps into a saved PDF from the clock: its creation time and its /ID.
_CREATED = re.compile(rb"(/CreationDate\(D:)\d{14}")
_ID = re.compile(rb"/ID\[<[0-9A-F]{32}><[0-9A-F]{32}>\]")


def _fixed_pdf(path: Path) -> Path:
    """``path`` with its creation time fixed and its /ID a digest of the rest, in place:
    each is replaced by as many bytes, so the cross-reference offsets still hold."""
    data = _CREATED.sub(rb"\g<1>19800101000000", path.read_bytes())
    digest = hashlib.md5(_ID.sub(b"", data), usedforsecurity=False).hexdigest().upper()
    path.write_bytes(_ID.sub(f"/ID[<{digest}><{digest}>]".encode(), data))
    return path


def _sample_pages(name: str) -> int:
    pdf = pdfium.PdfDocument(SAMPLES / f"{name}.pdf")
    try:
        return len(pdf)
    finally:
        pdf.close()


def build_corpus(
    folder: Path, scale: float = 1.0, long_pages: int = 500, samples: bool = True
) -> Corpus:
    """Build the benchmark corpus in ``folder`` (emptied first).

    At scale 1: the six samples, page subsets of the trackers, 45 agenda packs
    of 20-45 pages with a tracker or narrative appendix, 50 altered Word
    copies, and a ``long_pages`` pack with the whole tracker as its appendix
    (and a pack a tenth as long): 107 papers and over 2,000 pages. Without
    ``samples``, the samples and their subsets are left out.
    """
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    rng = random.Random(2025)
    papers: list[Path] = []
    if samples:  # every page of these is parsed: the costly part of a small corpus
        papers += [Path(shutil.copy(SAMPLES / f"{n}.{s}", folder))
                   for n in (*TRACKERS, NARRATIVE) for s in ("pdf", "docx")]
        papers += _subsets(folder, 2)
    papers += _packs(folder, max(2, round(45 * scale)), rng)
    papers += [altered_docx(folder / f"word_{i:03d}.docx", rng.choice([*TRACKERS, NARRATIVE]), i)
               for i in range(max(2, round(50 * scale)))]
    whole = (TRACKERS[0], range(1, _sample_pages(TRACKERS[0]) + 1))
    long_paper = agenda_pack(folder / "long_pack.pdf", long_pages, whole, long_pages // 2, 1)
    short_paper = agenda_pack(folder / "short_pack.pdf", max(long_pages // 10, 20), whole, 3, 2)
    papers += [long_paper, short_paper]
    return Corpus(folder, tuple(sorted(papers)), long_paper, short_paper)


def _subsets(folder: Path, per_tracker: int) -> list[Path]:
    """The first k pages of each tracker, for ``per_tracker`` values of k."""
    out = []
    for name in TRACKERS:
        pages = _sample_pages(name)
        for k in range(2, min(pages, per_tracker + 1) + 1):
            out.append(build_pdf(folder / f"{name}_p1-{k}.pdf", [(name, range(1, k + 1))], k))
    return out


def _packs(folder: Path, count: int, rng: random.Random) -> list[Path]:
    """Agenda packs with one appendix each: a tracker's first pages or the narrative report."""
    out = []
    for index in range(count):
        name = rng.choice([*TRACKERS, NARRATIVE])
        length = _sample_pages(name)
        pages = range(1, (rng.randint(3, 7) if name != NARRATIVE else length) + 1)
        total = rng.randint(20, 45)
        at = rng.randint(2, total - len(pages) + 1)
        out.append(agenda_pack(folder / f"pack_{index:03d}.pdf", total, (name, pages), at, index))
    return out


def repeated_tracker(out: Path, pages: int) -> Path:
    """A PDF of ``pages`` pages: the May 2025 tracker again and again (every page parsed)."""
    length = _sample_pages(TRACKERS[0])
    parts = [(TRACKERS[0], range(1, min(length, pages - done) + 1))
             for done in range(0, pages, length)]
    return build_pdf(out, parts, pages)


def scanned_tracker(out: Path, pages: int) -> Path:
    """An image-only PDF of ``pages`` pages: the May 2025 tracker's pages in turn, scanned
    (``tests/scans.py``'s scanner: tilt, grain, JPEG), for the OCR figures."""
    from tests.scans import write_scan

    length = _sample_pages(TRACKERS[0])
    return write_scan(SAMPLES / f"{TRACKERS[0]}.pdf", out, [1 + n % length for n in range(pages)])
