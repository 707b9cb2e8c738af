"""The kinds of paper rectrack recognises, each with what it reads and what a page must show.

A kind takes the blocks a format reader made (lines or paragraphs, and
``grid.Table``s) and returns what it found; the PDF page screen asks each kind
whether a page's text shows it, so that only pages worth parsing are parsed.
``extractors.registry`` lists the kinds; a new kind of paper is a ``Kind``
built in its own module and added to that list.

- ``TRACKER``: tracker tables, the status key in any form, ratings tables.
  Its tables are found from ruling, so the screen wants its pages ruled and
  reads the ruled pages a table runs over (``pages="tables"``).
- ``NARRATIVE``: recommendations and judgements listed in the running text;
  a list may run on to the next page (``pages="prose"``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal, TypeAlias

from extractors import status_key
from extractors.grid import Table
from extractors.model import Inspection, Judgement, LocationKind, Recommendation, StatusKeyEntry
from extractors.narrative import read_narrative
from extractors.narrative_nlp import rules
from extractors.tracker import read_tables
from extractors.vocab import built_from_words, fold, names_a_header, vocabulary

if TYPE_CHECKING:
    from extractors.docx_reader import DocxParagraph
    from extractors.pdf_reader import PdfLine
    from extractors.xlsx_reader import SheetLine

#: What a format reader gives a kind: lines or paragraphs and tables, in reading order.
Block: TypeAlias = "PdfLine | DocxParagraph | SheetLine | Table"

#: A page with fewer status phrases than this is not a tracker page for them alone.
MIN_STATUS = 2
#: Lines ending in a rating that make a page a ratings table or a judgements list.
MIN_RATINGS = 2
#: Printed lines (PDFium's) a header wrapped over its cells may take.
HEADER_WINDOW = 6


@dataclass(frozen=True)
class Found:
    """What one kind found in one paper, as printed."""

    recommendations: tuple[Recommendation, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    status_key: tuple[StatusKeyEntry, ...] = ()


@dataclass(frozen=True)
class Context:
    """What a kind may use beyond a paper's own blocks.

    Attributes:
        title: the paper's title (``extractors.identity``), where a report often
            names its inspection.
        key: the status key its file prints elsewhere, for a paper that prints none
            of its own (a pack's "Appendix B: Status key" on a page of its own).
    """

    title: str = ""
    key: tuple[StatusKeyEntry, ...] = ()


@dataclass(frozen=True)
class PageText:
    """A PDF page's text as the screen reads it, folded: whole (padded with spaces for
    phrase look-ups) and by printed line."""

    folded: str
    lines: tuple[str, ...]


@dataclass(frozen=True)
class Kind:
    """A kind of paper.

    Attributes:
        name: what the kind is called ("tracker").
        read: its reader, given a paper's blocks, the kind of place they are in
            ("page", "paragraph", "cell") and the paper's ``Context``.
        shows: whether a PDF page's text shows this kind (the screen's test).
        pages: which pages around a matching page the screen reads too:
            "tables" (the ruled pages a table runs over; the page itself must
            be ruled) or "prose" (the next page).
        formats: the file types it reads.
        unruled_table: whether a PDF page's text prints a table of this kind
            without ruling (its header as a line of words), which the screen
            then takes for ruling.
    """

    name: str
    read: Callable[[Sequence[Block], LocationKind, Context], Found]
    shows: Callable[[PageText], bool]
    pages: Literal["tables", "prose"]
    formats: frozenset[str]
    unruled_table: Callable[[PageText], bool] = lambda text: False

    def __post_init__(self) -> None:
        if self.pages not in ("tables", "prose"):
            raise ValueError(f"kind {self.name}: pages must be 'tables' or 'prose'")


# --- trackers ---------------------------------------------------------------------------


def read_tracker(blocks: Sequence[Block], unit: LocationKind, context: Context) -> Found:
    """Tracker tables, then the paper's key (from its tables and its text, else its
    file's) applied."""
    found = read_tables([b for b in blocks if isinstance(b, Table)])
    key, records = status_key.paper_key(
        found.status_key, status_key.block_texts(blocks), found.recommendations, vocabulary(),
        context.key,
    )
    return Found(records, found.inspections, found.judgements, key)


def shows_tracker(text: PageText) -> bool:
    """A tracker header, enough status phrases, or a ratings table's cells."""
    if names_a_header(role for phrase, role in _headers() if phrase in text.folded):
        return True
    if sum(text.folded.count(phrase) for phrase in _statuses()) >= MIN_STATUS:
        return True
    return rating_lines(text) >= MIN_RATINGS


def prints_header_line(text: PageText) -> bool:
    """A tracker header printed as text (``extractors.pdf_unruled`` reads such tables):
    a line mostly of header words that, with the few lines after it (a header wraps),
    names a tracker header's columns."""
    for index, line in enumerate(text.lines):
        if not vocabulary().mostly_header_words(line):
            continue
        window = f" {' '.join(text.lines[index : index + HEADER_WINDOW])} "
        if names_a_header(role for phrase, role in _headers() if phrase in window):
            return True
    return False


# --- narrative reports ------------------------------------------------------------------


def read_prose(blocks: Sequence[Block], unit: LocationKind, context: Context) -> Found:
    """Recommendations and judgements listed in the running text, and its inspection
    (named in the text or the title)."""
    story = read_narrative(blocks, unit, context.title)  # type: ignore[arg-type]
    return Found(story.recommendations, story.inspections, story.judgements)


def shows_narrative(text: PageText) -> bool:
    """An item word, inspection type or inspectorate, or a list of ratings."""
    return any(p in text.folded for p in _narrative_phrases()) or rating_lines(text) >= MIN_RATINGS


def rating_lines(text: PageText) -> int:
    """Printed lines that end in a rating ("... is Good", a ratings table cell)."""
    return sum(1 for line in text.lines if f" {line}".endswith(_ratings()))


TRACKER = Kind("tracker", read_tracker, shows_tracker, "tables",
               frozenset({"pdf", "docx", "xlsx"}), prints_header_line)
NARRATIVE = Kind("narrative", read_prose, shows_narrative, "prose", frozenset({"pdf", "docx"}))


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
