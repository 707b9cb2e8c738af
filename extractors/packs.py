"""Agenda packs: one file, several papers, cut at the papers' title pages.

A committee's agenda pack is one PDF (or Word file) holding the agenda, the
minutes of the last meeting and every report with its appendices. Each paper
opens on a new page with a front sheet: "Agenda item 7", "Report to …",
"Minutes of the meeting …", or an appendix's own heading ("Appendix 2: …").
A page (PDF) whose first lines open that way, or such a short heading
paragraph (Word, bold or in a heading style), starts a paper; everything up
to the next one belongs to it. Each paper is then read on its own
(``extractors.assemble``), so a tracker appendix in the middle of a pack gets
its own title, series and edition, and the facts one report states
never leak into another.

Consecutive starts with nothing between them (an "Agenda item 7" line, then
"Report to …" on the same front sheet) open one paper, and a running header
repeated at the top of every page of an appendix does not cut it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

from extractors.grid import Table

#: How a paper's front sheet opens.
START = re.compile(
    r"^\s*(?:agenda\s+item\s*(?:no\.?\s*)?\d{1,3}[a-z]?\b|report\s+to\b|minutes\s+of\b"
    r"|(?:appendix|annex)\s+[a-z0-9]{1,3}\s*[:–—-])",
    re.IGNORECASE,
)
#: Lines at the top of a page looked at for a start.
TOP_LINES = 3
#: A Word paragraph longer than this is running text, not a front-sheet heading.
MAX_START_WORDS = 16

Block = TypeVar("Block")


@dataclass(frozen=True)
class Section:
    """One paper's share of a file: its blocks and, for a PDF, its pages."""

    blocks: tuple[object, ...]
    first_page: int = 0
    last_page: int = 0


def start_key(lines: Iterable[str]) -> str:
    """The opening line that starts a page's paper (PDFium's text; ``screen``), folded,
    "" if none; a repeated running header is told from a new paper by it."""
    top = [line for line in lines if line.strip()][:TOP_LINES]
    return next((" ".join(line.lower().split()) for line in top if _is_start(line)), "")


def _is_start(line: str) -> bool:
    """A short heading line that opens a paper, not a sentence that mentions one."""
    return (bool(START.match(line)) and len(line.split()) <= MAX_START_WORDS
            and not line.rstrip().endswith("."))


def cut_pdf(
    blocks: Sequence[Block], page: Callable[[Block], int], starts: Sequence[int],
    page_count: int,
) -> list[Section]:
    """The blocks of a PDF cut at the ``starts`` pages (1-based, ascending).

    Pages before the first start (a pack's cover and agenda) are a section too.
    """
    bounds = sorted({1, *starts})
    sections = []
    for first, nxt in zip(bounds, [*bounds[1:], page_count + 1], strict=True):
        inside = tuple(b for b in blocks if first <= page(b) < nxt)
        sections.append(Section(inside, first, nxt - 1))
    return sections


def cut_docx(blocks: Sequence[Block], text: Callable[[Block], tuple[str, bool]]) -> list[Section]:
    """The blocks of a Word file cut before each short heading that opens a paper.

    ``text`` gives a block's (text, heading); a start right after another,
    with no table or running text between, joins it.
    """
    sections: list[list[Block]] = [[]]
    opened = False
    for block in blocks:
        words, heading = text(block)
        starts = _opens(words, heading)
        if starts and not opened and sections[-1]:
            sections.append([])
        opened = starts or (opened and not _body(block, words))
        sections[-1].append(block)
    return [Section(tuple(s)) for s in sections if s] or [Section(())]


def _opens(text: str, heading: bool) -> bool:
    """A Word heading (style or bold) that opens a paper; a plain "Appendix 1: Action
    plan" line is an entry of a report's list of appendices, not the appendix."""
    return heading and _is_start(text)


def _body(block: object, text: str) -> bool:
    """A table or a paragraph of running text: what ends a paper's front sheet."""
    return isinstance(block, Table) or len(text.split()) > MAX_START_WORDS
