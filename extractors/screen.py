"""Pick the pages of a PDF worth parsing, from PDFium's text at about 1 ms a page.

pdfplumber costs 55-85 ms a page, ~80% of it pdfminer parsing the page, and
asking for less (rects alone) still parses everything. A committee agenda
pack runs to 100-300 pages with the tracker a few pages of one appendix, so
the only big saving is not parsing pages that hold nothing. This screen reads
each page's text with PDFium and keeps:

- pages 1-3, where the title is looked for (``extractors._read_pdf``), and
  the first page of each paper of an agenda pack (``extractors.packs``);
- tracker pages: ruled (``pdf_reader`` builds tables from ruling alone, so an
  unruled page holds no table) and showing a header (phrases of three column
  roles, one of them the recommendation, as ``tracker._find_header`` wants),
  status phrases or ratings (status keys, ratings tables, header-less pages
  of a long tracker);
- the pages a table running over several pages needs: ruled pages between two
  tracker pages close together, and the ruled page after each run (a row split
  by the page break, or a page of one long row, has no status of its own);
- narrative pages: an item word ("recommendations", "areas for improvement"),
  an inspection type or an inspectorate (``extractors.narrative_nlp``'s rules and
  the vocabulary, the same data, not a copy), or lines ending in a rating;
  with the page after each (a list carried over the page break).

Pages with no text at all are reported as ``scanned``. Everything is read
from the shared word lists, so a council's ``--vocab`` words count here too.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.narrative_nlp import rules
from extractors.packs import start_key
from extractors.vocab import built_from_words, fold, vocabulary

#: Pages always read: the title is looked for on the first three.
TITLE_PAGES = 3
#: Ruled pages between two tracker pages at most this far apart are read too.
MAX_GAP = 4
#: A page with fewer status phrases than this is not a tracker page for them alone.
MIN_STATUS = 2
#: Lines ending in a rating that make a page a ratings table or a judgements list.
MIN_RATINGS = 2
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


def screen_pdf(path: Path) -> Screen:
    """Screen every page of the PDF at ``path``; PDFium errors propagate to the caller.

    Text first, every page; ruling only near tracker text, where it decides
    (walking a page's objects costs as much as reading its text).
    """
    pdf = pdfium.PdfDocument(path)
    try:
        texts = [_page_text(pdf, index) for index in range(len(pdf))]
        near = _near_tracker_text(texts)
        ruled = {number for number in near if _is_ruled(pdf, number)}
    finally:
        pdf.close()
    return choose_pages([_page_signs(n, text, n in ruled) for n, text in enumerate(texts, 1)])


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
    follow the label on the next line), as ``extractors._read_pdf`` reads them."""
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
    """A page's text, folded: whole (padded with spaces for phrase look-ups) and by line."""

    folded: str
    lines: tuple[str, ...]
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
    return _Text(
        folded=f" {' '.join(line for line in folded_lines if line)} ",
        lines=folded_lines,
        title_label=_TITLE_LABEL.search(text) is not None,
        start=start_key(text.splitlines()),
    )


def _near_tracker_text(texts: list[_Text]) -> set[int]:
    """Pages whose ruling matters: tracker text, and the pages a run may reach after it."""
    near: set[int] = set()
    for number, text in enumerate(texts, 1):
        if _tracker_words(text):
            near.update(range(number, min(number + MAX_GAP, len(texts)) + 1))
    return near


def _is_ruled(pdf: pdfium.PdfDocument, number: int) -> bool:
    """Whether the page draws any vector path (the borders of a ruled table are paths)."""
    page = pdf[number - 1]
    try:
        paths = page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_PATH])
        return next(paths, None) is not None
    finally:
        page.close()


def _page_signs(number: int, text: _Text, ruled: bool) -> PageSigns:
    return PageSigns(
        number=number,
        has_text=bool(text.folded.strip()),
        ruled=ruled,
        tracker=ruled and _tracker_words(text),
        narrative=_narrative_words(text),
        title_label=text.title_label,
        start=text.start,
    )


def _tracker_words(text: _Text) -> bool:
    """A tracker header, enough status phrases, or a ratings table's cells."""
    roles = {role for phrase, role in _headers() if phrase in text.folded}
    if "recommendation" in roles and len(roles) >= 3:
        return True
    if sum(text.folded.count(phrase) for phrase in _statuses()) >= MIN_STATUS:
        return True
    return _rating_lines(text) >= MIN_RATINGS


def _narrative_words(text: _Text) -> bool:
    """An item word, inspection type or inspectorate, or a list of ratings."""
    return any(p in text.folded for p in _narrative_phrases()) or _rating_lines(text) >= MIN_RATINGS


def _rating_lines(text: _Text) -> int:
    """Printed lines that end in a rating ("... is Good", a ratings table cell)."""
    return sum(1 for line in text.lines if f" {line}".endswith(_ratings()))


# --- the shared word lists, folded once per process ----------------------------------


@built_from_words
def _headers() -> tuple[tuple[str, str], ...]:
    """(folded header phrase, column role) from the vocabulary's header table."""
    return tuple((f" {fold(phrase)} ", role) for phrase, role in vocabulary().headers.items())


@built_from_words
def _statuses() -> tuple[str, ...]:
    """Folded status phrases from the vocabulary, padded to match whole words."""
    return tuple(f" {phrase} " for phrase in vocabulary().status)


@built_from_words
def _ratings() -> tuple[str, ...]:
    """Folded rating phrases from the vocabulary, with a space before (line ends)."""
    return tuple(f" {phrase}" for phrase in vocabulary().ratings)


@built_from_words
def _narrative_phrases() -> tuple[str, ...]:
    """Folded item words, inspection types and inspectorates the narrative reader knows."""
    found = rules()
    groups: Iterable[tuple[str, ...]] = (
        *found.items.values(),
        *found.inspection_types.values(),
        *vocabulary().bodies.values(),
    )
    return tuple(sorted({f" {fold(p)} " for group in groups for p in group if fold(p)}))
