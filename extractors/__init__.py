"""Extractors: turn one file into a Paper (records with provenance).

``extract_path`` is the single entry point the pipeline calls, in a worker
process. It sniffs the real type from the file's bytes (not its name), checks
the limits, reads the file once with its format reader, and lets each kind of
paper take what it recognises:

- ``extractors.tracker``: tracker tables, status keys and ratings tables;
- ``extractors.narrative``: recommendations and judgements listed in the
  running text, and the inspection facts it states;

A file that yields nothing is reported as ``no_records``, never as an empty
success.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from extractors.grid import Table
from extractors.limits import Limits
from extractors.model import ExtractionError, Paper
from extractors.narrative import read_narrative
from extractors.prose import labelled_title
from extractors.sniff import sniff
from extractors.tracker import read_tables

if TYPE_CHECKING:
    from extractors.docx_reader import DocxParagraph
    from extractors.pdf_reader import PdfLine

#: Bump when extraction changes what it yields, so cached results are redone.
EXTRACTOR_VERSION = "3"


def extract_path(path: Path, limits: Limits | None = None) -> Paper:
    """Read ``path`` into a Paper of records as printed (not yet normalised).

    ``source_sha256`` is left for the caller, which hashes every input anyway
    to recognise papers it has already read.
    """
    limits = limits or Limits()
    file_type = sniff(path, limits)
    title, blocks = _read_pdf(path) if file_type == "pdf" else _read_docx(path)
    found = read_tables([b for b in blocks if isinstance(b, Table)])
    story = read_narrative(blocks, "page" if file_type == "pdf" else "paragraph")
    recommendations = found.recommendations + story.recommendations
    inspections = found.inspections + story.inspections
    judgements = found.judgements + story.judgements
    if not (recommendations or inspections or judgements):
        raise ExtractionError(
            "no_records",
            "readable, but no recommendations, inspections or ratings were recognised in it",
        )
    return Paper(
        source_file=path.name,
        source_sha256="",
        file_type=file_type,
        extractor=f"tracker+narrative/{EXTRACTOR_VERSION}",
        title=title,
        page_count=_page_count(path, file_type),
        recommendations=recommendations,
        inspections=inspections,
        judgements=judgements,
        status_key=found.status_key,
    )


def _read_pdf(path: Path) -> tuple[str, tuple[PdfLine | Table, ...]]:
    """(title, blocks) of a PDF: the title after a "Title:" label on the first
    pages, else the largest text at the top of page 1."""
    from extractors.pdf_reader import read_pdf
    from extractors.screen import screen_pdf

    # Only the pages that can hold records are parsed: pdfplumber costs ~60 ms a
    # page, the screen ~1 ms, and an agenda pack is mostly other reports.
    document = read_pdf(path, pages=screen_pdf(path).pages)
    labelled = labelled_title(line.paragraph.text for line in document.lines if line.page <= 3)
    first_page = [line for line in document.lines if line.page == 1]
    if labelled or not first_page:
        return labelled, document.blocks
    largest = max(line.size for line in first_page)
    title_lines = []
    for line in first_page:
        if line.size >= largest - 0.5:
            title_lines.append(line.paragraph.text)
        elif title_lines:
            break
    return " ".join(title_lines), document.blocks


def _read_docx(path: Path) -> tuple[str, tuple[DocxParagraph | Table, ...]]:
    """(title, blocks) of a Word file: the title after a "Title:" label, else
    the first heading, else the first paragraph."""
    from extractors.docx_reader import read_docx

    document = read_docx(path)
    paragraphs = document.paragraphs
    labelled = labelled_title(p.paragraph.text for p in paragraphs[:200])
    headings = [p for p in paragraphs if p.style.startswith(("Heading", "Title"))]
    first = (headings or list(paragraphs))[:1]
    title = labelled or (first[0].paragraph.text if first else "")
    return title, document.blocks


def _page_count(path: Path, file_type: str) -> int:
    """Pages of a PDF (0 for Word, which has no fixed pages)."""
    if file_type != "pdf":
        return 0
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()
