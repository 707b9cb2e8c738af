"""Tracker tables -> recommendation, inspection, judgement and status-key records.

Both format readers reduce a paper to ``grid.Table``s; this module gives the
rows their meaning once, for every format:

1. find the header row and map columns by what the header *says*, not where
   it stands (``vocab.header_role``);
2. join a row that a page break split (only a PDF row marked ``page_top``;
   ``extractors.continued``);
3. read each logical row as a directorate heading, an inspection, an
   "Overall progress" row, or a recommendation, carrying the directorate and
   inspection down across rows, tables and pages;
4. read any ratings table, and hand key tables to ``extractors.status_key``.

Everything here keeps the words as printed; ``pipeline.normalise.paper`` maps them
to codes and dates.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from extractors.continued import logical_rows
from extractors.grid import Cell, Row, Table
from extractors.labels import LABEL, split_label, split_notes
from extractors.model import Inspection, Judgement, Recommendation, StatusKeyEntry
from extractors.narrative_nlp import rules
from extractors.ratings import ratings_table
from extractors.status_key import colour_name, key_table
from extractors.titles import title_parts
from extractors.vocab import Vocabulary, first_named, names_a_header, vocabulary

_OUTCOME = re.compile(r"overall\s+outcome\s*:?", re.IGNORECASE)
_PROGRESS = re.compile(r"overall\s+progress\s*:?", re.IGNORECASE)
_FRAGMENT = "starts mid-sentence: its beginning may be on a page missing from the paper"


@dataclass(frozen=True)
class TrackerResult:
    """What the tracker tables of one paper hold, as printed."""

    recommendations: tuple[Recommendation, ...] = ()
    inspections: tuple[Inspection, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    status_key: tuple[StatusKeyEntry, ...] = ()


@dataclass
class _Section:
    """Reading state carried down the rows: where we are in the paper."""

    directorate: str = ""
    inspection: Inspection | None = None
    items: int = 0
    inspections: list[Inspection] = field(default_factory=list)
    records: list[Recommendation] = field(default_factory=list)


def read_tables(tables: Sequence[Table], vocab: Vocabulary | None = None) -> TrackerResult:
    """Read every tracker, status-key and ratings table of a paper, in order."""
    vocab = vocab or vocabulary()
    state = _Section()
    judgements: list[Judgement] = []
    key: list[StatusKeyEntry] = []
    roles: dict[int, str] = {}
    for table in tables:
        header_at, found = _find_header(table, vocab)
        if found:
            if roles and found != roles:
                _new_tracker(state)
            roles = found
        elif not (roles and table.columns == max(roles) + 1 and _looks_continued(table, vocab)):
            joined = replace(table, rows=tuple(_logical_rows(table, 0, {}, vocab)))
            key.extend(key_table(joined, vocab))
            judgements.extend(ratings_table(joined, vocab))
            continue
        rows = _logical_rows(table, header_at + 1, roles, vocab)
        for row, after in zip(rows, [*rows[1:], None], strict=True):
            _read_row(row, roles, state, _Place(table.columns, after), vocab)
    _close_inspection(state)
    return TrackerResult(
        tuple(state.records), tuple(state.inspections), tuple(judgements), tuple(key)
    )


def _new_tracker(state: _Section) -> None:
    """A table whose header names other columns is another tracker (a workbook's next
    sheet): its directorate and audit are not those the last one ended in."""
    _close_inspection(state)
    state.directorate, state.inspection, state.items = "", None, 0


# --- headers -----------------------------------------------------------------


def _find_header(table: Table, vocab: Vocabulary) -> tuple[int, dict[int, str]]:
    """The index and column roles of the table's header row, if it has one.

    A header names a recommendation column and at least two other known
    columns; only the first few rows are looked at.
    """
    for index, row in enumerate(table.rows[:3]):
        roles = _finding_as_recommendation(_header_roles(row, vocab))
        if names_a_header(roles.values()):
            return index, roles
    return -1, {}


def _finding_as_recommendation(roles: dict[int, str]) -> dict[int, str]:
    """A Finding column is the item itself when the table has no Recommendation column
    ("Issue | Agreed action | Owner"); beside one, it is what the recommendation answers."""
    if "recommendation" in roles.values():
        return roles
    return {c: "recommendation" if r == "finding" else r for c, r in roles.items()}


def _header_roles(row: Row, vocab: Vocabulary) -> dict[int, str]:
    """Grid column -> role for every cell of ``row`` that reads as a header."""
    roles: dict[int, str] = {}
    for cell in row.cells:
        role = vocab.header_role(cell.text) if len(cell.text) < 60 else ""
        for column in range(cell.first, cell.last + 1):
            if role:
                roles[column] = role
    return roles


def _is_header_repeat(row: Row, roles: dict[int, str], vocab: Vocabulary) -> bool:
    """True for a header row repeated at the top of a later page."""
    again = _header_roles(row, vocab)
    return len(again) >= 3 and all(roles.get(c) == r for c, r in again.items())


def _looks_continued(table: Table, vocab: Vocabulary) -> bool:
    """A header-less table that carries on the tracker before it (same grid)."""
    return not key_table(table, vocab) and not ratings_table(table, vocab)


def _column(roles: dict[int, str], role: str) -> int | None:
    """The first grid column with ``role``."""
    return next((c for c, r in sorted(roles.items()) if r == role), None)


# --- rows split by page breaks -----------------------------------------------


def _logical_rows(
    table: Table, start: int, roles: dict[int, str], vocab: Vocabulary
) -> list[Row]:
    """The table's rows from ``start``, as the author wrote them
    (``extractors.continued``): page-split halves joined, header repeats dropped."""
    return logical_rows(
        table.rows[start:],
        lambda row: _is_header_repeat(row, roles, vocab),
        lambda row: _opens(row, roles, table.columns),
    )


def _opens(row: Row, roles: dict[int, str], columns: int) -> bool:
    """The row starts something: a heading across the table, a label in its Ref
    column or opening its recommendation cell, or an "Overall outcome" (so it is
    not the rest of a row a page break cut: a Ref cell never runs on over a page,
    and a row's rest has a cell in each column it goes on in)."""
    if _full_width(row, columns):
        return True
    ref = _cell(row, roles, "ref")
    if ref is not None and ref.text:
        return True
    rec = _cell(row, roles, "recommendation")
    if rec is not None and rec.text and LABEL.match(rec.text):
        return True
    return any(_OUTCOME.match(c.text) for c in row.cells if c.text)


# --- reading a logical row ---------------------------------------------------


@dataclass(frozen=True)
class _Place:
    """Where a row stands: its table's width, and the row after it (if any)."""

    columns: int
    after: Row | None


def _read_row(
    row: Row, roles: dict[int, str], state: _Section, place: _Place, vocab: Vocabulary
) -> None:
    """Update ``state`` with what ``row`` says."""
    texts = [c for c in row.cells if c.text]
    if not texts:
        return
    if _full_width(row, place.columns):
        _read_section(row, texts[0], roles, state, place, vocab)
        return
    title = _cell(row, roles, "title")
    overall = [c for c in texts if _is_overall(c, roles)]
    rec = _cell(row, roles, "recommendation")
    rec = rec if rec is not None and rec not in overall and rec.text else None
    if title is not None and title.text and (rec is None or _title_differs(title, state)):
        _start_inspection(row, title, state, vocab)
    if state.inspection is not None:
        _add_to_inspection(row, roles, overall, state)
    if rec is not None:
        state.items += 1
        state.records.append(_recommendation(row, rec, roles, state, vocab))


def _full_width(row: Row, columns: int) -> bool:
    """A row of one cell of text across (nearly) the whole table: a section heading."""
    texts = [c for c in row.cells if c.text]
    return len(texts) == 1 and texts[0].first == 0 and texts[0].last >= columns - 2 > 0


def _read_section(
    row: Row, cell: Cell, roles: dict[int, str], state: _Section, place: _Place,
    vocab: Vocabulary,
) -> None:
    """A full-width heading: a directorate, or an audit in a table with no title column.

    Trackers that print audits as headings across the table (no column names
    the audit) give each audit its own heading line; a heading directly
    followed by another heading is the directorate above them.
    """
    _close_inspection(state)
    has_title = "title" in roles.values()
    if has_title or (place.after is not None and _full_width(place.after, place.columns)):
        state.directorate, state.inspection, state.items = cell.text, None, 0
    else:
        _start_inspection(row, cell, state, vocab)


def _cell(row: Row, roles: dict[int, str], role: str) -> Cell | None:
    """The cell of ``row`` in the column that has ``role``."""
    column = _column(roles, role)
    return row.cell_at(column) if column is not None else None


def _is_overall(cell: Cell, roles: dict[int, str]) -> bool:
    """An inspection's "Overall outcome / Overall progress" cell.

    It either says so, or spans the recommendation column and at least two
    more (the inspection row's merged cell).
    """
    if _OUTCOME.match(cell.text) or _PROGRESS.match(cell.text):
        return True
    spanned = {roles.get(c) for c in range(cell.first, cell.last + 1)}
    return "recommendation" in spanned and cell.last - cell.first >= 2


def _title_differs(title: Cell, state: _Section) -> bool:
    """In layouts that print the audit on every row, a new name starts a new one."""
    name, _, _ = title_parts(title)
    return state.inspection is None or name != state.inspection.title


def _start_inspection(row: Row, title: Cell, state: _Section, vocab: Vocabulary) -> None:
    """Open a new inspection block under the current directorate."""
    _close_inspection(state)
    name, purpose, is_new = title_parts(title)
    state.inspection = Inspection(
        location=row.location,
        directorate=state.directorate,
        title=name,
        is_new=is_new,
        inspection_body=vocab.body(name, purpose),
        inspection_type=first_named(rules().inspection_types, name, purpose),
        purpose=purpose,
    )
    state.items = 0


def _add_to_inspection(
    row: Row, roles: dict[int, str], overall: list[Cell], state: _Section
) -> None:
    """Add the row's date and overall outcome/progress text to the inspection.

    Some papers print the inspection's dates beside its recommendations
    (a title cell merged down the block), so every row of the block counts.
    """
    assert state.inspection is not None
    current = state.inspection
    date = _cell(row, roles, "date")
    date_text = date.text if date is not None and date not in overall else ""
    outcome, progress = _split_overall(" ".join(c.text for c in overall))
    state.inspection = replace(
        current,
        date_text=_joined(current.date_text, date_text),
        overall_outcome=_joined(current.overall_outcome, outcome),
        overall_progress=_joined(current.overall_progress, progress),
    )


def _split_overall(text: str) -> tuple[str, str]:
    """("outcome", "progress") from an "Overall outcome: … Overall progress: …" cell."""
    progress_at = _PROGRESS.search(text)
    outcome_part = text[: progress_at.start()] if progress_at else text
    progress_part = text[progress_at.end() :] if progress_at else ""
    return _OUTCOME.sub("", outcome_part, count=1).strip(), progress_part.strip()


def _joined(before: str, more: str) -> str:
    """Two texts as one, single-spaced, either possibly empty."""
    return " ".join(t for t in (before, more) if t)


def _close_inspection(state: _Section) -> None:
    """Record the inspection being read, now that all its rows are in."""
    if state.inspection is not None and state.inspection not in state.inspections:
        state.inspections.append(state.inspection)


# --- one recommendation ------------------------------------------------------


def _recommendation(
    row: Row, rec: Cell, roles: dict[int, str], state: _Section, vocab: Vocabulary
) -> Recommendation:
    """A recommendation record from its row, with everything as printed."""
    text, rec_notes = split_notes(rec.text)
    ref = _cell(row, roles, "ref")
    label, text = split_label(text)
    if ref is not None and ref.text:
        label = ref.text
    from_position = not label
    label = label or f"Recommendation {state.items}"
    status_cell = _cell(row, roles, "status")
    progress_cell = _cell(row, roles, "progress")
    status_text, progress = _status_and_progress(status_cell, progress_cell, vocab)
    progress, progress_notes = split_notes(progress)
    inspection = state.inspection
    return Recommendation(
        location=row.location,
        directorate=state.directorate,
        inspection=inspection.title if inspection else "",
        inspection_is_new=inspection.is_new if inspection else False,
        inspection_body=inspection.inspection_body if inspection else "",
        label=label,
        label_from_position=from_position,
        recommendation=text,
        original_target_text=_text(_cell(row, roles, "original_target")),
        revised_target_text=_text(_cell(row, roles, "revised_target")),
        status_text=status_text,
        status_colour=status_cell.fill if status_cell is not None else "",
        progress=progress,
        priority=_text(_cell(row, roles, "priority")),
        owner=_text(_cell(row, roles, "owner")),
        finding=_text(_cell(row, roles, "finding")),
        management_response=_text(_cell(row, roles, "management_response")),
        notes=_joined(rec_notes, progress_notes),
        warnings=_warnings(text, status_text, vocab),
    )


def _status_and_progress(
    status: Cell | None, progress: Cell | None, vocab: Vocabulary
) -> tuple[str, str]:
    """(status words, progress text): words from the Status cell, else from the
    start of the progress update, where many papers print them."""
    progress_text = progress.text if progress is not None else ""
    if status is not None and status.text:
        return status.text, progress_text
    if progress is None or not progress.paragraphs:
        return "", progress_text
    lead = vocab.leading_status(progress_text)
    first_line = progress.paragraphs[0].text
    if lead and (vocab.status_code(first_line) or len(lead.split()) >= 2):
        return lead, progress_text[len(lead) :].strip()
    return "", progress_text


def _text(cell: Cell | None) -> str:
    """A cell's text, "" when there is no cell."""
    return cell.text if cell is not None else ""


def _warnings(text: str, status_text: str, vocab: Vocabulary) -> tuple[str, ...]:
    """Why this record needed a guess (each becomes ``low_confidence``)."""
    warnings = []
    if text[:1].islower():
        warnings.append(_FRAGMENT)
    if status_text and not vocab.status_code(status_text) and not colour_name(status_text):
        warnings.append(f"status words not in the vocabulary: {status_text!r}")
    return tuple(warnings)
