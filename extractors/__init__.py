"""Extractors: turn one file into a Paper (records with provenance).

``extract_path`` is the entry point the pipeline calls, in a worker process.
It sniffs the real type from the file's bytes (not its name), checks the
limits, reads the file once with its format's reader, and lets each kind of
paper take what it recognises. The formats (PDF, Word, Excel) and the kinds
(tracker, narrative) are declared in ``extractors.registry``:

- ``extractors.kinds.TRACKER``: tracker tables, the status key in any form
  (``extractors.status_key``) and ratings tables;
- ``extractors.kinds.NARRATIVE``: recommendations and judgements listed in
  the running text, and the inspection facts it states.

A file that yields nothing is reported as ``no_records``, never as an empty
success. ``extract_path`` is three stages run in a row (``plan_file``,
``read_part``, ``assemble``), which the pipeline may instead run in several
processes to read a long PDF's pages in parallel; the Paper is the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from extractors.limits import Limits
from extractors.model import ExtractionError, Paper
from extractors.registry import KINDS, file_format
from extractors.sniff import FileType, sniff

if TYPE_CHECKING:
    from extractors.docx_reader import DocxDocument
    from extractors.pdf_reader import PageContents
    from extractors.xlsx_reader import Workbook

#: Bump when extraction changes what it yields, so cached results are redone.
EXTRACTOR_VERSION = "4"
#: A PDF with more pages to parse than this may be read in parts by several
#: processes at once (``Plan.parts``).
SPLIT_PAGES = 24


def extract_path(path: Path, limits: Limits | None = None) -> Paper:
    """Read ``path`` into a Paper of records as printed (not yet normalised).

    ``source_sha256`` is left for the caller, which hashes every input anyway
    to recognise papers it has already read.
    """
    return read_planned(path, plan_file(path, limits or Limits()))


# --- reading in stages: plan, parts, assemble ------------------------------------------
#
# A long PDF can be read by several processes: ``plan_file`` takes the cheap
# first look, ``read_part`` parses one run of ``Plan.parts`` (its result
# pickles), and ``assemble`` joins the parts, in page order, into the Paper.
# Tables and rows running across a part boundary are joined there, as they are
# across any page break, so the Paper does not depend on how the pages were cut.


@dataclass(frozen=True)
class Plan:
    """What the first look at a file found: its real type and the pages worth parsing.

    Attributes:
        file_type: "pdf", "docx" or "xlsx", sniffed from the bytes.
        page_count: pages of a PDF (0 for Word and Excel, which have no fixed pages).
        pages: the PDF pages to parse, 1-based, ascending (the screen's choice;
            empty for Word and Excel, read whole).
        scanned: those of ``pages`` to read from their image, by OCR: pages
            with no text, when Tesseract is there (``extractors.ocr``).
    """

    file_type: FileType
    page_count: int
    pages: tuple[int, ...]
    scanned: tuple[int, ...] = ()

    def parts(self, most: int) -> tuple[tuple[int, ...], ...]:
        """``pages`` cut into runs for up to ``most`` processes, in page order.

        One run unless there are more than ``SPLIT_PAGES`` pages to parse;
        then as many near-equal runs as ``most`` allows, but none shorter
        than ``SPLIT_PAGES / 2`` pages (a part costs an open of the file and
        a process hand-over). Depends on nothing else, timing included.
        """
        count = min(most, -(-len(self.pages) // SPLIT_PAGES))
        if count < 2:
            return (self.pages,)
        size, extra = divmod(len(self.pages), count)
        ends = list(itertools.accumulate(size + (n < extra) for n in range(count)))
        return tuple(self.pages[end - size - (n < extra) : end] for n, end in enumerate(ends))


#: What ``read_part`` gives: a run of parsed PDF pages, or a whole Word or Excel file.
Part: TypeAlias = "PageContents | DocxDocument | Workbook"


def plan_file(path: Path, limits: Limits) -> Plan:
    """Sniff the type and check the limits; for a PDF, screen its pages (PDFium, ~1 ms a page).

    Only the pages that can hold records are parsed: pdfplumber costs ~60 ms a
    page, and an agenda pack is mostly other reports. A page without text
    cannot be screened by its words, so with OCR every such page is read.
    """
    file_type = sniff(path, limits)
    return Plan(file_type, *file_format(file_type).plan(path))


def read_part(path: Path, plan: Plan, pages: Sequence[int]) -> Part:
    """Parse ``pages`` of a planned PDF (a run of ``plan.pages``), or read a file whole."""
    part: Part = file_format(plan.file_type).read(path, pages, plan.scanned)
    return part


def read_planned(path: Path, plan: Plan) -> Paper:
    """The Paper of a planned file, every page to parse read here in one part."""
    return assemble(path, plan, [read_part(path, plan, plan.pages)])


def assemble(path: Path, plan: Plan, parts: Sequence[Part]) -> Paper:
    """The Paper that ``parts`` (every run of ``plan.pages``, in page order) make.

    Raises ExtractionError ``no_records`` when nothing was recognised: a file
    that yields nothing is never an empty success.
    """
    form = file_format(plan.file_type)
    title, blocks = form.blocks(plan.page_count, parts)
    found = [kind.read(blocks, form.unit) for kind in KINDS if form.name in kind.formats]
    recommendations = tuple(r for f in found for r in f.recommendations)
    status_key = tuple(e for f in found for e in f.status_key)
    if plan.scanned:
        from extractors.ocr import marked, ocr_pages

        recommendations = marked(recommendations, ocr_pages(parts), status_key)
    inspections = tuple(i for f in found for i in f.inspections)
    judgements = tuple(j for f in found for j in f.judgements)
    if not (recommendations or inspections or judgements):
        raise ExtractionError(
            "no_records",
            "readable, but no recommendations, inspections or ratings were recognised in it",
        )
    return Paper(
        source_file=path.name,
        source_sha256="",
        file_type=plan.file_type,
        extractor=f"{'+'.join(k.name for k in KINDS)}/{EXTRACTOR_VERSION}",
        title=title,
        page_count=plan.page_count,
        recommendations=recommendations,
        inspections=inspections,
        judgements=judgements,
        status_key=status_key,
    )
