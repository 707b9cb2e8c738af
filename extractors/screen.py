"""Pick the pages of a PDF worth parsing, from PDFium's text at about 1 ms a page.

pdfplumber costs 55-85 ms a page, ~80% of it pdfminer parsing the page, and
asking for less (rects alone) still parses everything. A committee agenda
pack runs to 100-300 pages with the tracker a few pages of one appendix, so
the only big saving is not parsing pages that hold nothing. This screen reads
each page's text with PDFium and keeps:

- pages 1-3, where the title is looked for (``extractors.identity``), and
  the first page of each paper of an agenda pack (``extractors.packs``);
- tracker pages: pages that a kind of paper read from tables shows itself on
  (``extractors.kinds``: the tracker's header phrases, status phrases or
  ratings), if ruled or printing a table header as a line of header words
  (``pdf_unruled`` reads tables without ruling from such a header);
- the pages a table running over several pages needs: ruled pages between two
  tracker pages close together, and the ruled page after each run (a row split
  by the page break, or a page of one long row, has no status of its own);
- narrative pages: pages that a kind read from running text shows itself on
  (item words, inspection types, inspectorates, lines ending in a rating),
  with the page after each (a list carried over the page break).

The screen does not know the kinds' words: it asks each registered kind
(``extractors.registry.KINDS``) what the page shows, so a new kind of paper
needs no edit here. Pages with no text at all are reported as ``scanned``.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.kinds import Kind, PageText
from extractors.packs import start_key
from extractors.vocab import fold

#: Pages always read: the title is looked for on the first three.
TITLE_PAGES = 3
#: Ruled pages between two tracker pages at most this far apart are read too.
MAX_GAP = 4
#: A "Title:" label anywhere in a line (``prose.labelled_title`` wants it at the start
#: of a line of ``pdf_reader``'s, which PDFium may join to text printed beside it).
_TITLE_LABEL = re.compile(r"\btitle\s*:", re.IGNORECASE)


@dataclass(frozen=True)
class PageSigns:
    """What one page's text shows, as the screen reads it."""

    number: int
    has_text: bool
    ruled: bool
    tracker: bool
    narrative: bool
    title_label: bool = False
    start: str = ""


@dataclass(frozen=True)
class Screen:
    """The pages of one PDF to parse (1-based, ascending) and why.

    ``tracker`` and ``narrative`` are the pages whose own text matched;
    ``pages`` adds the title pages and the pages around the matches.
    """

    page_count: int
    pages: tuple[int, ...]
    tracker: tuple[int, ...]
    narrative: tuple[int, ...]
    scanned: tuple[int, ...]
    starts: tuple[int, ...] = ()


def screen_pdf(path: Path, kinds: Sequence[Kind] | None = None) -> Screen:
    """Screen every page of the PDF at ``path`` for ``kinds`` (default: every registered
    kind that reads PDFs); PDFium errors propagate to the caller.

    Text first, every page; ruling only near tracker text, where it decides
    (walking a page's objects costs as much as reading its text). A table header
    printed as a line of text stands in for ruling: unruled tables have none.
    """
    if kinds is None:
        from extractors.registry import KINDS

        kinds = [kind for kind in KINDS if "pdf" in kind.formats]
    pdf = pdfium.PdfDocument(path)
    try:
        texts = [_page_text(pdf, index) for index in range(len(pdf))]
        shown = [_shown(text.page, kinds) for text in texts]
        near = _near_tracker_text(shown)
        ruled = {number for number in near if _is_ruled(pdf, number)
                 or any(kind.unruled_table(texts[number - 1].page) for kind in kinds)}
    finally:
        pdf.close()
    return choose_pages([
        _page_signs(n, text, n in ruled, pages) for n, (text, pages) in
        enumerate(zip(texts, shown, strict=True), 1)
    ])  # fmt: skip


def choose_pages(signs: list[PageSigns]) -> Screen:
    """The pages to parse, given each page's signs (in page order)."""
    tracker = [s.number for s in signs if s.tracker]
    narrative = [s.number for s in signs if s.narrative]
    starts = _paper_starts(signs)
    chosen = set(_title_pages(signs)) | set(starts)
    chosen.update(_table_runs(signs, tracker))
    chosen.update(narrative)
    chosen.update(n + 1 for n in narrative if n < len(signs) and signs[n].has_text)
    return Screen(
        page_count=len(signs),
        pages=tuple(sorted(chosen)),
        tracker=tuple(tracker),
        narrative=tuple(narrative),
        scanned=tuple(s.number for s in signs if not s.has_text),
        starts=starts,
    )


def _paper_starts(signs: list[PageSigns]) -> tuple[int, ...]:
    """Pages that open a paper of a pack (``extractors.packs``), page 1 aside; a page
    opening as the page before it did carries a running header, not a new paper."""
    return tuple(
        s.number for before, s in itertools.pairwise(signs)
        if s.start and s.start != before.start
    )


def _title_pages(signs: list[PageSigns]) -> range:
    """Page 1, and up to the page after a "Title:" label on pages 1-3 (the title may
    follow the label on the next line), as ``extractors.identity`` reads them."""
    labelled = [s.number for s in signs[:TITLE_PAGES] if s.title_label]
    last = min(labelled[0] + 1, TITLE_PAGES, len(signs)) if labelled else 1
    return range(1, last + 1)


def _table_runs(signs: list[PageSigns], tracker: list[int]) -> set[int]:
    """Tracker pages, the ruled pages between close ones, and the ruled page after a run."""
    ruled = {s.number for s in signs if s.ruled}
    pages = set(tracker)
    for first, second in itertools.pairwise(tracker):
        between = range(first + 1, second)
        if second - first <= MAX_GAP and all(n in ruled for n in between):
            pages.update(between)
    pages.update(n + 1 for n in tracker if n + 1 in ruled)
    return pages


# --- one page ------------------------------------------------------------------


@dataclass(frozen=True)
class _Text:
    """A page's text as the kinds read it, whether it has a "Title:" label, and the
    opening line that starts a paper of a pack on it ("" if none)."""

    page: PageText
    title_label: bool
    start: str = ""


def _page_text(pdf: pdfium.PdfDocument, index: int) -> _Text:
    """Read one page's text with PDFium (printed lines split by line breaks), then close it."""
    page = pdf[index]
    try:
        textpage = page.get_textpage()
        try:
            text = str(textpage.get_text_range())
        finally:
            textpage.close()
    finally:
        page.close()
    folded_lines = tuple(fold(line) for line in text.splitlines())
    folded = f" {' '.join(line for line in folded_lines if line)} "
    return _Text(PageText(folded, folded_lines), _TITLE_LABEL.search(text) is not None,
                 start_key(text.splitlines()))


def _shown(text: PageText, kinds: Sequence[Kind]) -> frozenset[str]:
    """How the kinds that the page shows want their pages read: "tables", "prose"."""
    return frozenset(kind.pages for kind in kinds if kind.shows(text))


def _near_tracker_text(shown: list[frozenset[str]]) -> set[int]:
    """Pages whose ruling matters: a table kind's text, and the pages a run may reach after it."""
    near: set[int] = set()
    for number, pages in enumerate(shown, 1):
        if "tables" in pages:
            near.update(range(number, min(number + MAX_GAP, len(shown)) + 1))
    return near


def _is_ruled(pdf: pdfium.PdfDocument, number: int) -> bool:
    """Whether the page draws any vector path (the borders of a ruled table are paths)."""
    page = pdf[number - 1]
    try:
        paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])
        return next(paths, None) is not None
    finally:
        page.close()


def _page_signs(number: int, text: _Text, ruled: bool, shown: frozenset[str]) -> PageSigns:
    return PageSigns(
        number=number,
        has_text=bool(text.page.folded.strip()),
        ruled=ruled,
        tracker=ruled and "tables" in shown,
        narrative="prose" in shown,
        title_label=text.title_label,
        start=text.start,
    )


