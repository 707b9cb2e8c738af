"""Tables printed without column rules, found from their text.

Many trackers are printed with no ruling at all (columns aligned by white
space, sections as bold lines across the page), with only horizontal rules
between rows, or with a ruled header box over an unruled body. Such a table is
found the way a reader finds it:

- the header: one to three printed lines whose words are mostly header words
  and name a recommendation column and two more (``vocab.names_a_header``),
  or a one-row ruled table that reads so;
- the columns: one per header cell (words of the header lines grouped by the
  gaps between them), each boundary in the white space between the text
  under one header and the text under the next;
- the rows: a new row where the label column (Ref) has text again, at a
  horizontal rule, or, without a label column, after a gap wider than line
  spacing; a bold line across columns (or alone in a Ref column) is a section
  row of one cell across the table;
- the end: a plain line running across columns (prose), or a gap of several
  lines (a page footer). A table that reaches the foot of its page hands its
  columns to the next page, whose rows continue it with or without a header.

The result is the same ``Fragment`` of cells the ruled finder makes, so tables
join across pages and rows get their meaning exactly as ruled ones do. This is
pdfplumber's "explicit vertical lines" idea done on the page's own objects: its
``text`` strategy guesses columns from any three aligned words, which splits
ragged text and merges narrow columns, so the header decides here.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from extractors.labels import LABEL
from extractors.pdf_page import (
    BBox,
    Fragment,
    Obj,
    PrintedLine,
    RawCell,
    fill_of,
    line_paragraph,
    text_lines,
    union,
)
from extractors.vocab import fold, names_a_header, vocabulary

HEADER_LINES = 3
"""A header cell wraps over at most this many printed lines."""
CELL_GAP = 0.6
"""Words on a header line further apart than this (em) are in two header cells."""
ALIGN = 3.0
"""Text starting this close (pt) left of a header's start is still under it."""
ROW_GAP = 0.45
"""Without a label column, a gap between lines wider than this (em) starts a row."""
END_GAP = 2.5
"""A gap wider than this (em) after the table's last line ends the table (a footer)."""
FOOT = 0.88
"""Lines below this share of the page height are its footer, not content after a table."""


@dataclass(frozen=True)
class Columns:
    """An unruled table's column grid: ``bounds`` are the n + 1 boundaries, left to
    right; ``starts`` where each header cell's text starts (to know a repeated header);
    ``key`` the label column's index, or -1."""

    bounds: tuple[float, ...]
    starts: tuple[float, ...]
    roles: tuple[str, ...]
    key: int

    def column(self, x: float) -> int:
        """The column a word starting at ``x`` is in."""
        inside = [k for k, bound in enumerate(self.bounds[:-1]) if bound <= x + ALIGN]
        return inside[-1] if inside else 0


@dataclass(frozen=True)
class Unruled:
    """What the finder made of one page: its fragments (ruled and unruled, top to
    bottom), the chars left outside every table, and the columns the next page
    continues on (None when the table ended on this page)."""

    fragments: tuple[Fragment, ...]
    rest: tuple[Obj, ...]
    carry: Columns | None


@dataclass(frozen=True)
class _Header:
    """A header found in the page's text: where it is and its cells (x0, x1, text)."""

    first: int
    count: int
    cells: tuple[tuple[float, float, str], ...]
    roles: tuple[str, ...]


@dataclass(frozen=True)
class _Start:
    """Where an unruled body starts: the header rows above it, its columns, its
    first line, the header's own lines (text header) or ruled fragment, and
    whether the columns are new here (and so are fitted to the body)."""

    header_rows: tuple[tuple[RawCell, ...], ...]
    columns: Columns
    body_from: int
    header_lines: tuple[PrintedLine, ...] = ()
    ruled_header: Fragment | None = None
    fresh: bool = False


def find_unruled(
    page: int,
    chars: Sequence[Obj],
    rules: Sequence[BBox],
    ruled: Sequence[Fragment],
    carried: Columns | None,
    height: float,
    fills: list[Obj],
) -> Unruled:
    """The page's unruled table, if it has one, among its ruled ``fragments``.

    ``chars`` are the page's chars outside every ruled table (in vertical
    order); ``rules`` its horizontal rules outside them; ``carried`` the
    columns of a table the previous page ended in; ``fills`` its filled
    rectangles (cell colours).
    """
    lines = [PrintedLine.of(line) for line in text_lines(list(chars))]
    start = _start(lines, ruled, carried)
    if start is None:
        return Unruled(tuple(ruled), tuple(chars), None)
    body = _body(lines[start.body_from :], start.columns)
    columns = _refined(start.columns, body) if start.fresh else start.columns
    header_rows = start.header_rows
    if start.header_lines:
        header_rows = (_cells(list(start.header_lines), columns, fills),)
    rows = list(header_rows) + _rows(body, columns, rules, fills)
    if len(rows) < 2:
        return Unruled(tuple(ruled), tuple(chars), None)
    made = Fragment(page, union([c.bbox for row in rows for c in row]), tuple(rows))
    kept = [f for f in ruled if f is not start.ruled_header]
    fragments = sorted([*kept, made], key=lambda f: (f.bbox[1], f.bbox[0]))
    used = {id(c) for line in (*start.header_lines, *body) for c in line.chars}
    rest = tuple(c for c in chars if id(c) not in used)
    after = [line for line in lines[start.body_from + len(body) :] if line.top < FOOT * height]
    return Unruled(tuple(fragments), rest, columns if not after else None)


# --- where the table starts --------------------------------------------------------


def _start(
    lines: list[PrintedLine], ruled: Sequence[Fragment], carried: Columns | None
) -> _Start | None:
    """Where the body starts, under a header printed as text, under a ruled one-row
    header, or (no header) at the top of a page the previous page's table runs onto."""
    header = _text_header(lines)
    if header is not None:
        columns = _header_columns(header, carried)
        band = tuple(lines[header.first : header.first + header.count])
        end = header.first + header.count
        return _Start((), columns, end, band, fresh=columns is not carried)
    for fragment in ruled:
        ruled_columns = _ruled_header(fragment)
        if ruled_columns is not None:
            below = next((i for i, line in enumerate(lines) if line.top >= fragment.bbox[3] - 1),
                         len(lines))  # fmt: skip
            return _Start(fragment.rows, ruled_columns, below, ruled_header=fragment)
    if carried is not None and not ruled:
        return _Start((), carried, 0)
    return None


def _text_header(lines: list[PrintedLine]) -> _Header | None:
    """The first header printed as text: the band of up to three lines naming the most roles."""
    for first, line in enumerate(lines):
        if not vocabulary().mostly_header_words(fold(line.text)):
            continue
        best: _Header | None = None
        for count in range(1, HEADER_LINES + 1):
            band = lines[first : first + count]
            if len(band) < count or (count > 1 and _gap(band[-2], band[-1])):
                break
            cells = _header_cells(band)
            roles = tuple(_role(text) for _, _, text in cells)
            better = best is None or len(set(roles) - {""}) > len(set(best.roles) - {""})
            if names_a_header([r for r in roles if r]) and better:
                best = _Header(first, count, cells, roles)
        if best is not None:
            return best
    return None


def _header_cells(band: list[PrintedLine]) -> tuple[tuple[float, float, str], ...]:
    """The header's cells: its words grouped left to right, a wide gap parting two cells.

    Words of a cell wrapped over several lines overlap across the lines, so they
    group together; each cell's text reads line by line.
    """
    words = sorted(
        ((w[0]["x0"], w[-1]["x1"], row, "".join(c["text"] for c in w), line.size)
         for row, line in enumerate(band) for w in line.words),
    )  # fmt: skip
    groups: list[list[tuple[float, float, int, str, float]]] = []
    for word in words:
        if groups and word[0] <= max(w[1] for w in groups[-1]) + CELL_GAP * word[4]:
            groups[-1].append(word)
        else:
            groups.append([word])
    return tuple(
        (min(w[0] for w in g), max(w[1] for w in g),
         " ".join(w[3] for w in sorted(g, key=lambda w: (w[2], w[0]))))
        for g in groups
    )  # fmt: skip


def _header_columns(header: _Header, carried: Columns | None) -> Columns:
    """Columns from a header's cells; the carried ones when this is the same header again."""
    starts = tuple(x0 for x0, _, _ in header.cells)
    if carried is not None and len(carried.starts) == len(starts) and all(
        abs(a - b) <= ALIGN for a, b in zip(carried.starts, starts, strict=True)
    ):
        return carried
    bounds = (starts[0] - ALIGN, *(x - ALIGN for x in starts[1:]), header.cells[-1][1] + ALIGN)
    return Columns(bounds, starts, header.roles, _key(header.roles))


def _ruled_header(fragment: Fragment) -> Columns | None:
    """Columns from a ruled table of one row that reads as a header (over an unruled body)."""
    if len(fragment.rows) != 1:
        return None
    cells = sorted(fragment.rows[0], key=lambda c: c.bbox[0])
    roles = tuple(_role(" ".join(p.text for p in c.paragraphs)) for c in cells)
    if not names_a_header([r for r in roles if r]):
        return None
    bounds = (*(c.bbox[0] for c in cells), cells[-1].bbox[2])
    return Columns(bounds, tuple(c.bbox[0] for c in cells), roles, _key(roles))


def _key(roles: tuple[str, ...]) -> int:
    """The label column: Ref if the table has one, else -1."""
    return roles.index("ref") if "ref" in roles else -1


# --- the body: lines, columns, rows -------------------------------------------------


def _body(lines: list[PrintedLine], columns: Columns) -> list[PrintedLine]:
    """The table's lines, up to a prose line across columns or a wide gap."""
    body: list[PrintedLine] = []
    for line in lines:
        if body and line.top - body[-1].bottom > END_GAP * line.size:
            break
        if not line.bold and _crossings(line, columns) >= 2:
            break
        body.append(line)
    return body


def _crossings(line: PrintedLine, columns: Columns) -> int:
    """How many inner column boundaries the line's text runs across.

    A boundary is crossed by a word over it, or by a word space (not a
    column's padding) around it.
    """
    count = 0
    for bound in columns.bounds[1:-1]:
        for left, right in zip(line.words, line.words[1:], strict=False):
            gap = right[0]["x0"] - left[-1]["x1"]
            if left[-1]["x1"] <= bound <= right[0]["x0"] and gap < CELL_GAP * line.size:
                count += 1
                break
        else:
            count += any(w[0]["x0"] < bound < w[-1]["x1"] for w in line.words)
    return count


def _refined(columns: Columns, body: list[PrintedLine]) -> Columns:
    """Each inner boundary moved into the middle of the white space between the
    text under one header and the text under the next."""
    words = [w for line in body if not _is_section(line, columns) for w in line.words]
    bounds = list(columns.bounds)
    for k in range(1, len(bounds) - 1):
        left = [w[-1]["x1"] for w in words if columns.column(w[0]["x0"]) == k - 1]
        right = [w[0]["x0"] for w in words if columns.column(w[0]["x0"]) == k]
        low, high = max(left, default=bounds[k]), min(right, default=bounds[k] + ALIGN)
        if low < high:
            bounds[k] = (low + high) / 2
    return Columns(tuple(bounds), columns.starts, columns.roles, columns.key)


def _is_section(line: PrintedLine, columns: Columns) -> bool:
    """A bold line across columns, or bold and alone in a first column that is no title."""
    if not line.bold:
        return False
    if _crossings(line, columns) >= 1:
        return True
    spread = {columns.column(w[0]["x0"]) for w in line.words}
    return spread == {0} and columns.roles[0] != "title"


def _rows(
    body: list[PrintedLine], columns: Columns, rules: Sequence[BBox], fills: list[Obj]
) -> list[tuple[RawCell, ...]]:
    """The body's lines grouped into rows of cells, sections as rows of one cell
    (a heading wrapped over two lines of one size is one section)."""
    groups: list[tuple[bool, list[PrintedLine]]] = []
    for line in body:
        section = _is_section(line, columns)
        previous = groups[-1] if groups else None
        if previous is None:
            groups.append((section, [line]))
        elif section and previous[0]:
            last = previous[1][-1]
            if abs(last.size - line.size) < 0.5 and not _gap(last, line):
                previous[1].append(line)
            else:
                groups.append((section, [line]))
        elif section or previous[0] or _new_row(previous[1][-1], line, columns, rules):
            groups.append((section, [line]))
        else:
            previous[1].append(line)
    return [
        _section_row(lines, columns, fills) if section else _cells(lines, columns, fills)
        for section, lines in groups
    ]


def _new_row(
    previous: PrintedLine, line: PrintedLine, columns: Columns, rules: Sequence[BBox]
) -> bool:
    """Whether ``line`` starts a row: a rule above it, else label text, else a gap."""
    width = columns.bounds[-1] - columns.bounds[0]
    if any(previous.bottom - 1 <= r[1] <= line.top + 1 and r[2] - r[0] >= width / 2 for r in rules):
        return True
    if columns.key >= 0:
        key = _has_text_in(line, columns, columns.key)
        return key and (not _has_text_in(previous, columns, columns.key) or _gap(previous, line))
    rec = columns.roles.index("recommendation")
    text = " ".join(_word_text(w) for w in line.words if columns.column(w[0]["x0"]) == rec)
    return _gap(previous, line) or bool(text and LABEL.match(text))


def _gap(previous: PrintedLine, line: PrintedLine) -> bool:
    return line.top - previous.bottom > ROW_GAP * line.size


def _has_text_in(line: PrintedLine, columns: Columns, column: int) -> bool:
    return any(columns.column(w[0]["x0"]) == column for w in line.words)


def _word_text(word: tuple[Obj, ...]) -> str:
    return "".join(c["text"] for c in word)


def _cells(lines: list[PrintedLine], columns: Columns, fills: list[Obj]) -> tuple[RawCell, ...]:
    """One row: a cell per column, each line's words dealt to the column they start in."""
    top, bottom = lines[0].top - 1, lines[-1].bottom + 1
    cells = []
    for k in range(len(columns.bounds) - 1):
        box = (columns.bounds[k], top, columns.bounds[k + 1], bottom)
        paragraphs = []
        for line in lines:
            chars = [c for w in line.words if columns.column(w[0]["x0"]) == k for c in w]
            if chars:
                paragraphs.append(line_paragraph(chars))
        cells.append(RawCell(box, tuple(paragraphs), fill_of(box, fills)))
    return tuple(cells)


def _section_row(
    lines: list[PrintedLine], columns: Columns, fills: list[Obj]
) -> tuple[RawCell, ...]:
    """A section line (or lines) as one cell across the table."""
    box = (columns.bounds[0], lines[0].top - 1, columns.bounds[-1], lines[-1].bottom + 1)
    paragraphs = tuple(line_paragraph(list(line.chars)) for line in lines)
    return (RawCell(box, paragraphs, fill_of(box, fills)),)


@cache
def _role(text: str) -> str:
    """A header cell's role (cached: the same header words repeat on every page)."""
    return vocabulary().header_role(text) if len(text) < 60 else ""
