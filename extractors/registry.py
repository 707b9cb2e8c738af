"""The formats rectrack reads and the kinds of paper it recognises, declared in one place.

A file's bytes decide its format (``extractors.sniff`` finds the PDF header or
the zip's main part named here); its format's reader turns it into blocks
(lines or paragraphs, and ``grid.Table``s), cut into the papers the file holds
(``extractors.packs``: an agenda pack holds several), each named by its front
(``extractors.identity``); every kind of paper that reads that format takes
what it recognises from each paper's blocks. Adding a format is one
``Format`` here and its reader module; adding a kind of paper is one ``Kind``
(``extractors.kinds``) added to ``KINDS``; the PDF page screen asks the kinds
what a page must show, so it needs no edit either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors.grid import Table
from extractors.identity import (
    FrontLine,
    Identity,
    block_page,
    docx_front,
    docx_later,
    identify,
    pdf_front,
)
from extractors.kinds import NARRATIVE, TRACKER, Kind
from extractors.model import LocationKind
from extractors.packs import Section, cut_docx, cut_pdf

if TYPE_CHECKING:
    from extractors.sniff import FileType

#: A workbook's front: its first lines of text outside tables.
XLSX_FRONT = 6

#: A format's papers: each part of the file that is a paper of its own (its blocks in
#: reading order and, for a PDF, its pages), with who it is.
Papers = list[tuple[Section, Identity]]
#: A first look at a file: page count, pages to parse, those of them to read by OCR,
#: and the pages that open a paper of an agenda pack (page 1 aside).
Planned = tuple[int, tuple[int, ...], tuple[int, ...], tuple[int, ...]]


@dataclass(frozen=True)
class Format:
    """A file format.

    Attributes:
        name: the file type sniffed from the bytes.
        described: what a person calls it, for messages ("Word document").
        zip_part: for an Office Open XML format, the main part its zip must hold
            (``extractors.sniff`` tells the formats apart by it); "" for others.
        unit: the kind of place its records are at ("page", "paragraph", "cell").
        plan: (page count, pages to parse, those of them to read by OCR, pages
            opening a paper of a pack) from a first look (PDF pages are screened).
        read: reads the given pages (or the whole file) into one part, the
            scanned ones from their image.
        papers: the file's papers from its parts (in order), given the page
            count and the pages that open a paper.
    """

    name: FileType
    described: str
    zip_part: str
    unit: LocationKind
    plan: Callable[[Path], Planned]
    read: Callable[[Path, Sequence[int], Sequence[int]], Any]
    papers: Callable[[int, Sequence[int], Sequence[Any]], Papers]


def _whole_file(path: Path) -> Planned:
    """Word and Excel files have no fixed pages: read whole."""
    return 0, (), (), ()


def _plan_pdf(path: Path) -> Planned:
    """Screen the PDF's pages (PDFium, ~1 ms a page) for the registered kinds; a page
    without text cannot be screened by its words, so with OCR every such page is read."""
    from extractors import screen
    from extractors.ocr import ocr_engine

    found = screen.screen_pdf(path)  # asks KINDS what each page must show
    scanned = found.scanned if ocr_engine() else ()
    return found.page_count, tuple(sorted({*found.pages, *scanned})), scanned, found.starts


def _read_pdf(path: Path, pages: Sequence[int], scanned: Sequence[int]) -> Any:
    """The pages with text parsed by pdfplumber, the scanned ones by OCR, in page order."""
    from extractors.ocr import read_scanned_page
    from extractors.pdf_reader import page_content, read_pages

    texts = read_pages(path, [n for n in pages if n not in scanned])[1]
    images = []
    for number in (n for n in pages if n in scanned):
        page = read_scanned_page(path, number)
        images.append(page_content(number, page.objects, page.height, page.confidence))
    return tuple(sorted((*texts, *images), key=lambda content: content.number))


def _read_docx(path: Path, pages: Sequence[int], scanned: Sequence[int]) -> Any:
    from extractors.docx_reader import read_docx

    return read_docx(path)


def _read_xlsx(path: Path, pages: Sequence[int], scanned: Sequence[int]) -> Any:
    from extractors.xlsx_reader import read_xlsx

    return read_xlsx(path)


def _pdf_papers(page_count: int, starts: Sequence[int], parts: Sequence[Any]) -> Papers:
    """The parts' pages joined (tables across part boundaries too), cut at the pages the
    screen saw open a paper; each named from its first page (a "Title:" label also on
    the next two)."""
    from extractors.pdf_reader import join_pages

    pages = [page for part in parts for page in _checked(part, tuple)]
    document = join_pages(page_count, pages)
    papers = []
    for section in cut_pdf(document.blocks, block_page, starts, page_count):
        blocks: list[Any] = list(section.blocks)
        first = min((block_page(b) for b in blocks), default=0)
        later = [b.paragraph.text for b in blocks
                 if not isinstance(b, Table) and first < b.page <= first + 2]
        papers.append((section, identify(pdf_front(blocks), later)))
    return papers


def _docx_papers(page_count: int, starts: Sequence[int], parts: Sequence[Any]) -> Papers:
    """The document cut before each heading that opens a paper, each named by its front."""
    from extractors.docx_reader import DocxDocument

    (document,) = parts
    cut = cut_docx(_checked(document, DocxDocument).blocks, _docx_text)
    return [(s, identify(docx_front(s.blocks), docx_later(s.blocks)))  # type: ignore[arg-type]
            for s in cut]


def _docx_text(block: Any) -> tuple[str, bool]:
    """A Word block's (text, heading): a heading style or bold may open a paper."""
    if isinstance(block, Table):
        return "", False
    heading = block.style.startswith(("Heading", "Title")) or block.paragraph.bold
    return block.paragraph.text, heading


def _xlsx_papers(page_count: int, starts: Sequence[int], parts: Sequence[Any]) -> Papers:
    """A workbook is one paper, named by its first lines of text (a "Title:" label in the
    first fifty), else its first line."""
    from extractors.xlsx_reader import SheetLine, Workbook

    (workbook,) = parts
    blocks = _checked(workbook, Workbook).blocks
    lines = [b.paragraph.text for b in blocks if isinstance(b, SheetLine)]
    who = identify([FrontLine(line) for line in lines[:XLSX_FRONT]], lines[:50])
    if not who.title and lines:
        who = Identity(lines[0], who.committee, who.meeting_date_text)
    return [(Section(tuple(blocks)), who)]


def _checked(part: Any, wanted: type) -> Any:
    """``part`` if it is what this format's reader makes (anything else is a caller's bug)."""
    if not isinstance(part, wanted):
        raise TypeError(f"expected a {wanted.__name__} part, not {type(part).__name__}")
    return part


FORMATS: tuple[Format, ...] = (
    Format("pdf", "PDF", "", "page", _plan_pdf, _read_pdf, _pdf_papers),
    Format("docx", "Word file", "word/document.xml", "paragraph", _whole_file, _read_docx,
           _docx_papers),
    Format("xlsx", "Excel workbook", "xl/workbook.xml", "cell", _whole_file, _read_xlsx,
           _xlsx_papers),
)  # fmt: skip
KINDS: tuple[Kind, ...] = (TRACKER, NARRATIVE)


def file_format(name: str) -> Format:
    """The registered format of a sniffed file type."""
    return next(f for f in FORMATS if f.name == name)
