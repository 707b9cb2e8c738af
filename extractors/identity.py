"""Which paper a file (or a part of an agenda pack) is: its title, committee and meeting.

A committee paper's first line is often not its title: report templates open
with the committee's name and meeting date ("Audit and Governance Committee –
14 October 2025"), an agenda item number ("Agenda item 7"), "Report to …" /
"Report of …" lines and a cover table ("Meeting date | 14 October 2025"). The
title is the heading that names the tracker or report: the text after a
"Title:" label, else an "Appendix N: …" heading, else the most prominent line
that is none of those front-sheet lines. The committee and the meeting date
are read as their own fields, as printed; ``pipeline.normalise.edition`` normalises them
and decides the edition.

Every format is reduced to ``FrontLine``s first (a PDF line with its font
size, a Word paragraph with its style, a cover table's row as "label: value"),
so the rules are written once.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extractors.grid import Table
from extractors.prose import labelled_title

if TYPE_CHECKING:
    from extractors.docx_reader import DocxParagraph
    from extractors.pdf_reader import PdfLine

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: A printed date: "14 October 2025", "Monday 3rd March 2025", "October 2025", "14/10/2025".
DATE_TEXT = re.compile(
    r"\b(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?(?:\d{1,2}(?:st|nd|rd|th)?\s+)?"
    + _MONTH + r"\.?,?\s+\d{4}\b|\b\d{1,2}/\d{1,2}/\d{2,4}\b",
    re.IGNORECASE,
)
_COMMITTEE_WORDS = re.compile(
    r"\b(?:committee|panel|board|cabinet|council|forum|sub-committee|scrutiny commission)\b",
    re.IGNORECASE,
)
#: What a paper is about, not who meets: a line with these words is no committee heading.
_PAPER_WORDS = re.compile(
    r"\b(?:tracker|recommendations?|report|update|progress|findings|action plan|appendix"
    r"|minutes|agenda|pack)\b",
    re.IGNORECASE,
)
_LABEL = re.compile(
    r"^\s*(?P<label>meeting date|date of meeting|meeting|date|committee|report to|"
    r"decision maker|meeting of)\s*[:|]\s*(?P<value>.*)$",
    re.IGNORECASE,
)
#: Words left around a committee's name once its date is cut out.
_CONNECTORS = re.compile(r"^(?:the\s+)|\s+(?:held\s+)?(?:on|at|of)$", re.IGNORECASE)
_REPORT_TO = re.compile(r"^\s*report\s+to\s*:?\s+(?P<value>.+)$", re.IGNORECASE)
_FRONT_SHEET = re.compile(
    r"^\s*(?:agenda\s+item\b|item\s+\d|report\s+(?:of|by|author|from)\b|(?:lead\s+)?officer\b"
    r"|contact\b|wards?\b|classification\b|key decision\b|purpose\b|part\s+[ib12]\b"
    r"|public\b|open\b|exempt\b|\d{1,4}$|page\s+\d)",
    re.IGNORECASE,
)
_APPENDIX = re.compile(r"^\s*(?:appendix|annex|enclosure)\s+[\w.]{1,4}\s*[:–—-]\s*\S", re.I)
#: A committee heading is looked for in a front's first lines only (below, a bold
#: "Consideration by any other Committee" is a section of the report).
TOP_LINES = 4
_AGENDA_PACK = re.compile(r"\b(?:agenda\s+pack|agenda\s+and\s+reports|public\s+pack)\b", re.I)


@dataclass(frozen=True)
class FrontLine:
    """One line of a paper's front matter, in reading order.

    ``emphasis`` ranks how prominent it is printed (a PDF line's font size,
    plus a little for bold; a Word heading's level); ``heading`` says the
    format marks it as a heading (Word heading style, bold, or larger type).
    """

    text: str
    emphasis: float = 0.0
    heading: bool = False


@dataclass(frozen=True)
class Identity:
    """Which paper it is, as printed: title, committee and meeting date."""

    title: str
    committee: str = ""
    meeting_date_text: str = ""


def identify(lines: Sequence[FrontLine], later: Sequence[str] = ()) -> Identity:
    """The title, committee and meeting date of a paper from its front lines.

    ``later`` is text of the next pages, where a "Title:" label is still
    looked for (front sheets run over); nothing else is read there.
    """
    committee, meeting = _meeting(lines)
    labelled = labelled_title([*(line.text for line in lines), *later])
    return Identity(labelled or _title(lines), committee, meeting)


def table_lines(table: Table) -> list[FrontLine]:
    """A cover table's rows as "label: value" lines (two-cell rows), else their cells.

    Report templates print "Meeting date | 14 October 2025" in a table, and a
    label read with its value is a labelled line like any other.
    """
    out = []
    for row in table.rows:
        texts = [cell.text for cell in row.cells if cell.text]
        if len(texts) == 2 and len(texts[0]) < 40:
            out.append(FrontLine(f"{texts[0].rstrip(':')}: {texts[1]}"))
        else:
            out.extend(FrontLine(text) for text in texts)
    return out


# --- the meeting ------------------------------------------------------------------


def _meeting(lines: Sequence[FrontLine]) -> tuple[str, str]:
    """(committee, meeting date as printed): labelled lines first, else a committee heading."""
    committee = date = ""
    for index, line in enumerate(lines):
        label, value = _labelled(line.text)
        if label in ("meeting date", "date of meeting", "date") and not date:
            date = _date_in(value)
        elif label in ("committee", "report to", "meeting", "decision maker", "meeting of"):
            committee = committee or _without_date(value)
            date = date or _date_in(value)
        elif index < TOP_LINES and not committee and _committee_name(line.text):
            committee, date = _committee_name(line.text), date or _date_in(line.text)
    return committee, date


def _labelled(text: str) -> tuple[str, str]:
    """(label, value) of "Meeting date: …", "Report to: …" or "Report to the … Committee"."""
    match = _LABEL.match(text)
    if match:
        return match.group("label").lower(), match.group("value").strip()
    match = _REPORT_TO.match(text)
    return ("report to", match.group("value").strip()) if match else ("", "")


def _date_in(text: str) -> str:
    match = DATE_TEXT.search(text)
    return match.group(0) if match else ""


def _without_date(text: str) -> str:
    """A committee name without the meeting date printed beside it ("Report to the Audit
    Committee on 14 October 2025" -> "Audit Committee")."""
    bare = DATE_TEXT.sub("", text).strip(" ,–—:-|") if text else ""
    return _CONNECTORS.sub("", bare).strip(" ,–—:-|")


def _committee_name(text: str) -> str:
    """The committee a short heading names ("Audit and Governance Committee – 14 October
    2025", a pack's cover "… – Agenda pack"), or "" when it names a paper ("… tracker")."""
    words = _AGENDA_PACK.sub("", _without_date(text)).strip(" ,–—:-|")
    if (not _COMMITTEE_WORDS.search(words) or _PAPER_WORDS.search(words)
            or len(words.split()) > 10 or words.lower().startswith("that ")):
        return ""
    return "" if text.rstrip().endswith((".", ";", ",")) else words


# --- the title --------------------------------------------------------------------


def _title(lines: Sequence[FrontLine]) -> str:
    """The heading that names the paper, when no "Title:" label does: an appendix's
    heading, else the most prominent line that is no front-sheet line."""
    candidates = [line for line in lines if _may_be_title(line.text)]
    appendix = next((line for line in candidates if _APPENDIX.match(line.text)), None)
    if appendix is not None:
        return _joined(lines, appendix)
    headed = [line for line in candidates if line.heading] or candidates
    if not headed:
        return ""
    top = max(line.emphasis for line in headed)
    return _joined(lines, next(line for line in headed if line.emphasis >= top - 0.5))


def _may_be_title(text: str) -> bool:
    """Not a front-sheet line: no label, committee heading, agenda item, date alone or cover."""
    text = text.strip()
    if not text or _labelled(text)[0] or _FRONT_SHEET.match(text) or _AGENDA_PACK.search(text):
        return False
    if _committee_name(text) or not _without_date(text):
        return False
    return not text.endswith(".") or len(text.split()) <= 12


def _joined(lines: Sequence[FrontLine], first: FrontLine) -> str:
    """The title starting at ``first`` with the lines printed the same way right after it
    (a title wrapped over two lines, its date alone on the second)."""
    start = lines.index(first)
    parts = [first.text.strip()]
    for line in lines[start + 1 :]:
        if line.emphasis != first.emphasis or line.heading != first.heading or not first.heading:
            break
        parts.append(line.text.strip())
    return " ".join(parts)


# --- front lines of each format ------------------------------------------------------

#: Word front matter ends at the first list item or wide table, or after this many blocks.
FRONT_BLOCKS = 40
#: A "Title:" label is looked for in this many first blocks of a Word paper.
LABEL_BLOCKS = 200
_WORD_EMPHASIS = {"Title": 5.0, "Heading 1": 4.0, "Heading 2": 3.0, "Heading 3": 2.0}


def pdf_front(blocks: Sequence[PdfLine | Table]) -> list[FrontLine]:
    """The front lines of a PDF paper: its first page's lines and narrow (cover) tables.

    A line's emphasis is its font size, a bold line's a little more; it is a
    heading when bold or larger than the page's body text.
    """
    first = min((block_page(b) for b in blocks), default=0)
    page = [b for b in blocks if block_page(b) == first]
    sizes = sorted(round(b.size) for b in page if not isinstance(b, Table))
    body = sizes[len(sizes) // 2] if sizes else 0
    out: list[FrontLine] = []
    for block in page:
        if isinstance(block, Table):
            out += table_lines(block) if block.columns <= 3 else []
        else:
            bold = block.paragraph.bold
            out.append(FrontLine(block.paragraph.text, block.size + 0.25 * bold,
                                 bold or round(block.size) > body))
    return out


def docx_front(blocks: Sequence[DocxParagraph | Table]) -> list[FrontLine]:
    """The front lines of a Word paper: paragraphs and narrow tables before its first
    list or wide table (a "Title:" label is looked for further: ``docx_later``)."""
    out: list[FrontLine] = []
    for block in blocks[:FRONT_BLOCKS]:
        if isinstance(block, Table):
            if block.columns > 3:
                break
            out += table_lines(block)
        elif block.num_id is not None:
            break
        else:
            style = _WORD_EMPHASIS.get(block.style, 1.0 if block.paragraph.bold else 0.0)
            out.append(FrontLine(block.paragraph.text, style,
                                 block.style.startswith(("Heading", "Title"))))
    return out


def block_page(block: PdfLine | Table) -> int:
    """The page a PDF block starts on."""
    if isinstance(block, Table):
        return block.rows[0].location.number if block.rows else 0
    return block.page


def docx_later(blocks: Sequence[DocxParagraph | Table]) -> list[str]:
    """The texts of a Word paper's first paragraphs, where a "Title:" label may stand
    below the front sheet's other labels."""
    return [b.paragraph.text for b in blocks[:LABEL_BLOCKS] if not isinstance(b, Table)]
