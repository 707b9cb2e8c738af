"""The rows of the reviewer's report: each change row with what a reviewer needs beside it.

Works on plain row dicts (the columns of records.csv and changes.csv), so it
does not depend on how reconciliation is done. Each change row becomes one
``Item``, in exactly one section, so the report's counts can be checked
against changes.csv; records of an edition that no change row covers (the
first edition of a series) are items "not compared", so flags such as
``overdue`` are seen from the first run. ``pipeline.outputs.report`` lays
the items out on the page.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from pipeline.outputs.display import STATUS_COLOURS, clean_text
from pipeline.outputs.evidence import Source
from pipeline.outputs.redline import Piece, redline
from pipeline.outputs.tables import Row
from pipeline.outputs.why import reason
from pipeline.problems import ALERT_FLAGS, CHANGE_CODES, FLAGS, alerts_of

NOT_COMPARED = "not_compared"
#: Between two reviewed-flag notes: "; " followed by a flag name and a colon.
_NOTE_SPLIT = re.compile(rf"; (?=(?:{'|'.join(FLAGS)}):)")


@dataclass(frozen=True)
class Side:
    """One edition's side of a change: value (or status code), and where it is printed."""

    edition: str
    value: str
    status: str
    source: str
    present: bool
    label: str = ""
    sources: tuple[Source, ...] = ()


@dataclass(frozen=True)
class Item:
    """One row of the report: a change row with what the reviewer needs beside it.

    ``review`` is the reviewer's decisions that apply (a pinned or rejected pair,
    reviewed flags); a reviewed flag no longer makes an alert. ``chips`` are
    (code, why in words, is an alert); ``redline`` marks a text change word by
    word; ``edition`` (the newer side's) and the keys are what a decision made
    in the report names.
    """

    series: str
    directorate: str
    inspection: str
    label: str
    record_key: str
    text: str
    change: str
    field: str
    old: Side
    new: Side
    match_score: str
    fuzzy: bool
    flags: tuple[str, ...]
    alerts: tuple[str, ...]
    review: str
    section: str
    to_confirm: bool
    old_key: str = ""
    signed_off: tuple[str, ...] = ()
    edition: str = ""
    status: str = ""
    chips: tuple[tuple[str, str, bool], ...] = ()
    redline: tuple[Piece, ...] = ()

    @property
    def old_record_key(self) -> str:
        """The key of the older side's record (``old_key`` only when it differs)."""
        return self.old_key or self.record_key


RecordIndex = dict[tuple[str, str, str], list[Row]]


def build_items(records: Sequence[Row], changes: Sequence[Row], confirm_below: float) -> list[Item]:
    """One item per change row, plus one per record of an edition no change row covers."""
    index = index_records(records)
    items = [_item(change, index, confirm_below) for change in changes]
    items += _uncompared(index, changes)
    return sorted(items, key=_sort_key)


def index_records(records: Iterable[Row]) -> RecordIndex:
    """Records by (series, edition, record_key); a PDF and a DOCX copy share one entry."""
    index: RecordIndex = defaultdict(list)
    for row in sorted(records, key=lambda r: str(r.get("source_file", ""))):
        index[cell(row, "series"), cell(row, "edition"), cell(row, "record_key")].append(row)
    return index


def _item(change: Row, index: RecordIndex, confirm_below: float) -> Item:
    """The report row of one change row."""
    series, key = cell(change, "series"), cell(change, "record_key")
    old_key = cell(change, "old_record_key") or key
    old_records = index.get((series, cell(change, "old_edition"), old_key), [])
    new_records = index.get((series, cell(change, "new_edition"), key), [])
    latest = new_records or old_records
    flags = _flags([change, *latest])
    reviewed = _reviewed_flags(latest)
    signed_off = tuple(filter(None, cell(change, "signed_off").split(";")))
    alerts = tuple(a for a in _alerts(change, tuple(f for f in flags if f not in reviewed))
                   if a not in signed_off)
    fuzzy = _is_fuzzy(change, confirm_below)
    old, new = _side(change, "old", old_records), _side(change, "new", new_records)
    record = latest[0] if latest else {}
    return Item(
        series=series, directorate=cell(change, "directorate"),
        inspection=cell(change, "inspection"), label=cell(change, "label"), record_key=key,
        text=cell(latest[0], "recommendation") if latest else "",
        change=cell(change, "change"), field=cell(change, "field"),
        old=old, new=new,
        match_score=score(change.get("match_score")), fuzzy=fuzzy, flags=flags, alerts=alerts,
        review="; ".join(n for n in (_change_note(change), *reviewed.values()) if n),
        section="signed_off" if signed_off and not alerts else _section_of(change, alerts),
        to_confirm=fuzzy or ("low_confidence" in flags and "low_confidence" not in reviewed),
        old_key=old_key if old_key != key else "", signed_off=signed_off,
        edition=(new if new_records else old).edition, status=cell(record, "status"),
        chips=_chips(alerts, flags, record, change), redline=_redline(change),
    )  # fmt: skip


def _uncompared(index: RecordIndex, changes: Sequence[Row]) -> list[Item]:
    """Records of editions that appear in no change row: first editions of their series."""
    covered = {(cell(c, "series"), cell(c, e)) for c in changes
               for e in ("old_edition", "new_edition")}  # fmt: skip
    return [_single(rows) for (series, edition, _), rows in index.items()
            if (series, edition) not in covered]  # fmt: skip


def _single(rows: list[Row]) -> Item:
    """The report row of a record that has nothing to be compared with."""
    first, flags, reviewed = rows[0], _flags(rows), _reviewed_flags(rows)
    alerts = tuple(f for f in ALERT_FLAGS if f in flags and f not in reviewed)
    empty = Side("", "", "", "", False)
    return Item(
        series=cell(first, "series"), directorate=cell(first, "directorate"),
        inspection=cell(first, "inspection"), label=cell(first, "label"),
        record_key=cell(first, "record_key"), text=cell(first, "recommendation"),
        change=NOT_COMPARED, field="", old=empty,
        new=Side(cell(first, "edition"), *_status_value(cell(first, "status")), _where(rows),
                 True),
        match_score="", fuzzy=False, flags=flags, alerts=alerts,
        review="; ".join(reviewed.values()), section="alerts" if alerts else NOT_COMPARED,
        to_confirm="low_confidence" in flags and "low_confidence" not in reviewed,
        edition=cell(first, "edition"), status=cell(first, "status"),
        chips=_chips(alerts, flags, first, {}),
    )  # fmt: skip


def _chips(
    alerts: tuple[str, ...], flags: tuple[str, ...], record: Row, change: Row
) -> tuple[tuple[str, str, bool], ...]:
    """(code, why, is an alert) for each alert, then each other flag of the record."""
    codes = (*alerts, *(f for f in flags if f not in alerts))
    return tuple((code, reason(code, record, change), code in alerts) for code in codes)


def _redline(change: Row) -> tuple[Piece, ...]:
    """The word-level redline of a text change; none for other changes."""
    if cell(change, "change") != "text_changed":
        return ()
    return tuple(redline(cell(change, "old_value"), cell(change, "new_value")))


def _side(change: Row, which: str, records: list[Row]) -> Side:
    """The old or new side of a change; a change without a field shows the status."""
    edition = cell(change, f"{which}_edition")
    file = cell(change, f"{which}_source_file")
    chosen = [r for r in records if not file or r.get("source_file") == file]
    if cell(change, "field"):
        value = cell(change, f"{which}_value")
        status = value if cell(change, "field") == "status" and value in STATUS_COLOURS else ""
    else:
        status_of = cell(change, f"{which}_status") or (cell(chosen[0], "status") if chosen
                                                         else "")  # fmt: skip
        value, status = _status_value(status_of)
    source = _where(chosen) or place(change, which)
    label = cell(chosen[0], "label") if chosen else ""
    return Side(edition, value, status, source, bool(chosen or source), label)


def _status_value(status: str) -> tuple[str, str]:
    """(value, status code) for a status shown for context: the code only if it has a colour."""
    return status, (status if status in STATUS_COLOURS else "")


def _where(records: list[Row]) -> str:
    """Every place a record is printed: "file.pdf, page 3; file.docx, table row 5"."""
    return "; ".join(f"{cell(r, 'source_file')}, {cell(r, 'location')}" for r in records)


def place(row: Row, which: str) -> str:
    """The file and place a change or candidate row itself gives for one side."""
    page = cell(row, f"{which}_page")
    where = cell(row, f"{which}_location") or (f"page {page}" if page else "")
    return ", ".join(p for p in (cell(row, f"{which}_source_file"), where) if p)


def _flags(rows: list[Row]) -> tuple[str, ...]:
    """The flags any copy of a record carries, in the contract's order."""
    found = {f for r in rows for f in cell(r, "flags").split(";") if f}
    return tuple(f for f in FLAGS if f in found) + tuple(sorted(found - set(FLAGS)))


def _reviewed_flags(records: list[Row]) -> dict[str, str]:
    """Reviewed flags -> the reviewer's note, from records' ``flags_reviewed``.

    Notes are "; "-joined and each starts with its flag ("overdue: reason (who,
    date)"); a reason may itself hold "; ", so notes are split only before a flag name.
    """
    notes = {n for r in records for n in _NOTE_SPLIT.split(cell(r, "flags_reviewed")) if n}
    return {n.split(":", 1)[0]: n for n in sorted(notes) if n.split(":", 1)[0] in FLAGS}


def _alerts(change: Row, flags: tuple[str, ...]) -> tuple[str, ...]:
    """Why a change row is an alert, if it is one (``flags``: those not yet reviewed)."""
    return alerts_of(cell(change, "change"), cell(change, "old_value"),
                     cell(change, "new_value"), flags)


def _section_of(change: Row, alerts: tuple[str, ...]) -> str:
    """The one section a change row is shown in."""
    code, new = cell(change, "change"), cell(change, "new_value")
    if alerts:
        return "alerts"
    if code == "target_changed" and _later(cell(change, "old_value"), new):
        return "slipped"
    if code == "dropped_complete" or (code == "status_changed" and new == "complete"):
        return "completed"
    return code if code in ("new", "unchanged") else "other"


def _later(old: str, new: str) -> bool:
    """A target moved later (``YYYY-MM`` or ``YYYY-MM-DD``), or set where there was none."""
    if not new:
        return False
    return not old or new[:7] > old[:7] or (len(old) == len(new) == 10 and new > old)


def _is_fuzzy(change: Row, confirm_below: float) -> bool:
    """Paired on similar text, not on the key or a reviewer's pin."""
    how = cell(change, "match")
    if how:
        return how == "fuzzy"
    return score(change.get("match_score")) != "" and float(change["match_score"]) < confirm_below


def _change_note(change: Row) -> str:
    """The reviewer's decision on a change row: reconciliation's note, or a bare marker.

    Reconciliation writes ``reviewed`` as "pinned: reason (who, date)"; a plain
    "1"/"true" marker with a ``review_reason`` column is accepted too.
    """
    note = cell(change, "reviewed")
    if note.lower() in ("1", "true", "yes"):
        return cell(change, "review_reason") or "reviewed"
    return "" if note.lower() in ("0", "false", "no") else note


def _sort_key(item: Item) -> tuple[Any, ...]:
    """Reading order: directorate, inspection, label (numbers in order), then the change."""
    order = (*CHANGE_CODES, NOT_COMPARED)
    return (item.directorate, item.inspection, _natural(item.label), item.series,
            item.new.edition, order.index(item.change) if item.change in order else len(order),
            item.change, item.field, item.record_key)  # fmt: skip


def _natural(text: str) -> tuple[Any, ...]:
    """``text`` with its digit runs as numbers, so "Rec 10" comes after "Rec 9"."""
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text))


def cell(row: Row, column: str) -> str:
    """A cell as display text: empty for None, control characters removed."""
    value = row.get(column)
    return "" if value is None else clean_text(str(value))


def score(value: Any) -> str:
    """A match score as short text ("87.5"); empty when there is none."""
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return ""
