"""The formats rectrack reads and the kinds of paper it recognises, declared in one place.

A file's bytes decide its format (``extractors.sniff`` finds the PDF header or
the zip's main part named here); its format's reader turns it into blocks
(lines or paragraphs, and ``grid.Table``s); every kind of paper that reads that
format takes what it recognises from the blocks. Adding a format is one
``Format`` here and its reader module; adding a kind of paper is one ``Kind``
(``extractors.kinds``) added to ``KINDS``; the PDF page screen asks the kinds
what a page must show, so it needs no edit either.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from extractors.kinds import NARRATIVE, TRACKER, Block, Kind
from extractors.model import LocationKind
from extractors.prose import labelled_title

if TYPE_CHECKING:
    from extractors.sniff import FileType

#: A format's blocks: (the paper's title, its blocks in reading order).
Blocks = tuple[str, tuple[Block, ...]]


@dataclass(frozen=True)
class Format:
    """A file format.

    Attributes:
        name: the file type sniffed from the bytes.
        described: what a person calls it, for messages ("Word document").
        zip_part: for an Office Open XML format, the main part its zip must hold
            (``extractors.sniff`` tells the formats apart by it); "" for others.
        unit: the kind of place its records are at ("page", "paragraph", "cell").
        plan: (page count, pages to parse, those of them to read by OCR) from a
            first look (PDF pages are screened).
        read: reads the given pages (or the whole file) into one part, the
            scanned ones from their image.
        blocks: the paper's title and blocks from its parts, in order.
    """

    name: FileType
    described: str
    zip_part: str
    unit: LocationKind
    plan: Callable[[Path], tuple[int, tuple[int, ...], tuple[int, ...]]]
    read: Callable[[Path, Sequence[int], Sequence[int]], Any]
    blocks: Callable[[int, Sequence[Any]], Blocks]


def _whole_file(path: Path) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """Word and Excel files have no fixed pages: read whole."""
    return 0, (), ()


def _plan_pdf(path: Path) -> tuple[int, tuple[int, ...], tuple[int, ...]]:
    """Screen the PDF's pages (PDFium, ~1 ms a page) for the registered kinds; a page
    without text cannot be screened by its words, so with OCR every such page is read."""
    from extractors import screen
    from extractors.ocr import ocr_engine

    found = screen.screen_pdf(path)  # asks KINDS what each page must show
    scanned = found.scanned if ocr_engine() else ()
    return found.page_count, tuple(sorted({*found.pages, *scanned})), scanned


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


def _pdf_blocks(page_count: int, parts: Sequence[Any]) -> Blocks:
    """The title after a "Title:" label on the first pages, else the largest text at
    the top of page 1; the parts' pages joined (tables across part boundaries too)."""
    from extractors.pdf_reader import PdfLine, join_pages

    pages = [page for part in parts for page in _checked(part, tuple)]
    document = join_pages(page_count, pages)
    labelled = labelled_title(line.paragraph.text for line in document.lines if line.page <= 3)
    first_page = [line for line in document.lines if line.page == 1]
    if labelled or not first_page:
        return labelled, document.blocks
    largest = max(line.size for line in first_page)
    title_lines: list[PdfLine] = []
    for line in first_page:
        if line.size >= largest - 0.5:
            title_lines.append(line)
        elif title_lines:
            break
    return " ".join(line.paragraph.text for line in title_lines), document.blocks


def _docx_blocks(page_count: int, parts: Sequence[Any]) -> Blocks:
    """The title after a "Title:" label, else the first heading, else the first paragraph."""
    from extractors.docx_reader import DocxDocument

    (document,) = parts
    paragraphs = _checked(document, DocxDocument).paragraphs
    labelled = labelled_title(p.paragraph.text for p in paragraphs[:200])
    headings = [p for p in paragraphs if p.style.startswith(("Heading", "Title"))]
    first = (headings or list(paragraphs))[:1]
    return labelled or (first[0].paragraph.text if first else ""), document.blocks


def _xlsx_blocks(page_count: int, parts: Sequence[Any]) -> Blocks:
    """The title after a "Title:" label, else the first line of text on the first sheet."""
    from extractors.xlsx_reader import SheetLine, Workbook

    (workbook,) = parts
    blocks = _checked(workbook, Workbook).blocks
    lines = [b.paragraph.text for b in blocks if isinstance(b, SheetLine)]
    return labelled_title(lines[:50]) or (lines[0] if lines else ""), blocks


def _checked(part: Any, wanted: type) -> Any:
    """``part`` if it is what this format's reader makes (anything else is a caller's bug)."""
    if not isinstance(part, wanted):
        raise TypeError(f"expected a {wanted.__name__} part, not {type(part).__name__}")
    return part


FORMATS: tuple[Format, ...] = (
    Format("pdf", "PDF", "", "page", _plan_pdf, _read_pdf, _pdf_blocks),
    Format("docx", "Word file", "word/document.xml", "paragraph", _whole_file, _read_docx,
           _docx_blocks),
    Format("xlsx", "Excel workbook", "xl/workbook.xml", "cell", _whole_file, _read_xlsx,
           _xlsx_blocks),
)  # fmt: skip
KINDS: tuple[Kind, ...] = (TRACKER, NARRATIVE)


def file_format(name: str) -> Format:
    """The registered format of a sniffed file type."""
    return next(f for f in FORMATS if f.name == name)
