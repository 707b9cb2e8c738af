"""Extractors: turn one file into a Paper (records with provenance).

``extract_path`` is the entry point the pipeline calls, in a worker process.
It sniffs the real type from the file's bytes (not its name), checks the
limits, reads the file once with its format reader, and lets each kind of
paper take what it recognises:

- ``extractors.tracker``: tracker tables, status keys and ratings tables;
- ``extractors.narrative``: recommendations and judgements listed in the
  running text, and the inspection facts it states;

A file that yields nothing is reported as ``no_records``, never as an empty
success. ``extract_path`` is three stages run in a row (``plan_file``,
``read_part``, ``assemble``), which the pipeline may instead run in several
processes to read a long PDF's pages in parallel; the Paper is the same.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeAlias

from extractors.grid import Table
from extractors.identity import Identity, block_page, docx_front, docx_later, identify, pdf_front
from extractors.limits import Limits
from extractors.model import ExtractionError, Paper
from extractors.narrative import read_narrative
from extractors.packs import Section, cut_docx, cut_pdf
from extractors.sniff import FileType, sniff
from extractors.tracker import read_tables

if TYPE_CHECKING:
    from extractors.docx_reader import DocxDocument, DocxParagraph
    from extractors.pdf_reader import PageContents, PdfLine

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
        file_type: "pdf" or "docx", sniffed from the bytes.
        page_count: pages of a PDF (0 for Word, which has no fixed pages).
        pages: the PDF pages to parse, 1-based, ascending (the screen's choice;
            empty for Word, read whole).
        scanned: those of ``pages`` to read from their image, by OCR: pages
            with no text, when Tesseract is there (``extractors.ocr``).
        starts: the PDF pages that open a paper of an agenda pack (page 1 aside).
    """

    file_type: FileType
    page_count: int
    pages: tuple[int, ...]
    scanned: tuple[int, ...] = ()
    starts: tuple[int, ...] = ()

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


#: What ``read_part`` gives: a run of parsed PDF pages, or a whole Word document.
Part: TypeAlias = "PageContents | DocxDocument"


def plan_file(path: Path, limits: Limits) -> Plan:
    """Sniff the type and check the limits; for a PDF, screen its pages (PDFium, ~1 ms a page).

    Only the pages that can hold records are parsed: pdfplumber costs ~60 ms a
    page, and an agenda pack is mostly other reports. A page without text
    cannot be screened by its words, so with OCR every such page is read.
    """
    file_type = sniff(path, limits)
    if file_type != "pdf":
        return Plan(file_type, 0, ())
    from extractors.ocr import ocr_engine
    from extractors.screen import screen_pdf

    screen = screen_pdf(path)
    scanned = screen.scanned if ocr_engine() else ()
    pages = tuple(sorted({*screen.pages, *scanned}))
    return Plan(file_type, screen.page_count, pages, scanned, screen.starts)


def read_part(path: Path, plan: Plan, pages: Sequence[int]) -> Part:
    """Parse ``pages`` of a planned PDF (a run of ``plan.pages``), or read a Word file whole."""
    if plan.file_type != "pdf":
        from extractors.docx_reader import read_docx

        return read_docx(path)
    from extractors.ocr import read_scanned_page
    from extractors.pdf_reader import page_content, read_pages

    scanned = [n for n in pages if n in plan.scanned]
    texts = read_pages(path, [n for n in pages if n not in plan.scanned])[1]
    images = []
    for number in scanned:
        page = read_scanned_page(path, number)
        images.append(page_content(number, page.objects, page.confidence))
    return tuple(sorted((*texts, *images), key=lambda content: content.number))


def read_planned(path: Path, plan: Plan) -> Paper:
    """The Paper of a planned file, every page to parse read here in one part."""
    return assemble(path, plan, [read_part(path, plan, plan.pages)])


def assemble(path: Path, plan: Plan, parts: Sequence[Part]) -> Paper:
    """The Paper that ``parts`` (every run of ``plan.pages``, in page order) make.

    The file is cut into its papers first (``extractors.packs``); each is read
    on its own. A file with one paper that has records is that Paper; a pack
    with several is a Paper whose ``parts`` are they. A paper without a status
    key of its own uses the file's (printed on a page of its own, "Appendix B:
    Status key", it is a section without records). Raises ExtractionError
    ``no_records`` when nothing was recognised: a file that yields nothing is
    never an empty success.
    """
    sections = _pdf_sections(plan, parts) if plan.file_type == "pdf" else _docx_sections(parts)
    cover = sections[0][1]
    read = [_paper(path, plan, section, who, cover) for section, who in sections]
    key = next((p.status_key for p in read if p.status_key), ())
    papers = [_ocr_marked(replace(p, status_key=p.status_key or key), plan, parts) for p in read
              if p.recommendations or p.inspections or p.judgements]
    if not papers:
        raise ExtractionError(
            "no_records",
            "readable, but no recommendations, inspections or ratings were recognised in it",
        )
    if len(papers) == 1:
        return papers[0]
    numbered = tuple(replace(p, part=n) for n, p in enumerate(papers, 1))
    return replace(papers[0], title=cover.title, committee=cover.committee,
                   meeting_date_text=cover.meeting_date_text, recommendations=(),
                   inspections=(), judgements=(), status_key=(), first_page=0, last_page=0,
                   parts=numbered)


def _paper(path: Path, plan: Plan, section: Section, who: Identity, cover: Identity) -> Paper:
    """The Paper of one section (without records for a cover, minutes, a status key)."""
    kind = "page" if plan.file_type == "pdf" else "paragraph"
    found = read_tables([b for b in section.blocks if isinstance(b, Table)])
    story = read_narrative(section.blocks, kind, who.title)  # type: ignore[arg-type]
    return Paper(
        source_file=path.name,
        source_sha256="",
        file_type=plan.file_type,
        extractor=f"tracker+narrative/{EXTRACTOR_VERSION}",
        title=who.title,
        committee=who.committee or cover.committee,
        meeting_date_text=who.meeting_date_text or cover.meeting_date_text,
        page_count=plan.page_count,
        first_page=section.first_page,
        last_page=section.last_page,
        recommendations=found.recommendations + story.recommendations,
        inspections=found.inspections + story.inspections,
        judgements=found.judgements + story.judgements,
        status_key=found.status_key,
    )


def _pdf_sections(plan: Plan, parts: Sequence[Part]) -> list[tuple[Section, Identity]]:
    """A PDF's papers, cut at the pages the screen saw open one, each with its identity."""
    from extractors.pdf_reader import join_pages

    document = join_pages(plan.page_count, [page for part in parts for page in _pages(part)])
    cut = cut_pdf(document.blocks, block_page, plan.starts, plan.page_count)
    return [(section, _pdf_identity(section)) for section in cut]


def _pdf_identity(section: Section) -> Identity:
    """Who a PDF section is: from its first page, a "Title:" label also on the next two."""
    blocks: list[PdfLine | Table] = list(section.blocks)  # type: ignore[arg-type]
    first = min((block_page(b) for b in blocks), default=0)
    later = [b.paragraph.text for b in blocks
             if not isinstance(b, Table) and first < b.page <= first + 2]
    return identify(pdf_front(blocks), later)


def _ocr_marked(paper: Paper, plan: Plan, parts: Sequence[Part]) -> Paper:
    """The paper with its records on pages read by OCR marked so (``extractors.ocr``)."""
    if not plan.scanned:
        return paper
    from extractors.ocr import marked

    pages = {p.number: p.ocr for part in parts for p in _pages(part) if p.ocr is not None}
    return replace(paper, recommendations=marked(paper.recommendations, pages, paper.status_key))


def _pages(part: Part) -> PageContents:
    """A PDF part's parsed pages (a Word document here is a caller's bug)."""
    if isinstance(part, tuple):
        return part
    raise TypeError(f"a PDF part must be parsed pages, not {type(part).__name__}")


def _docx_sections(parts: Sequence[Part]) -> list[tuple[Section, Identity]]:
    """A Word file's (its one part's) papers, each with its identity."""
    from extractors.docx_reader import DocxDocument

    (document,) = parts
    if not isinstance(document, DocxDocument):
        raise TypeError(f"a Word part must be a read document, not {type(document).__name__}")
    cut = cut_docx(document.blocks, _docx_text)
    return [(s, identify(docx_front(s.blocks), docx_later(s.blocks)))  # type: ignore[arg-type]
            for s in cut]


def _docx_text(block: DocxParagraph | Table) -> tuple[str, bool]:
    if isinstance(block, Table):
        return "", False
    heading = block.style.startswith(("Heading", "Title")) or block.paragraph.bold
    return block.paragraph.text, heading
