"""The reviewer's report: change rows -> one self-contained, escaped HTML page.

Works on plain row dicts (the columns of records.csv and changes.csv), so it
does not depend on how reconciliation is done. Each change row becomes one row
of the report, in exactly one section, so the report's counts can be checked
against changes.csv. A section is chosen for what a reviewer must act on first:
alerts (missing, reopened, regressed, or a record flagged overdue or
inconsistent), then slipped targets, completed, new, other changes, and
unchanged (collapsed). Records of an edition that no change row covers (the
first edition of a series) are shown as "not compared", so flags such as
``overdue`` are seen from the first run.

Rendering is apart from writing: ``build_context`` gathers the data,
``render_report`` turns it into text with one Jinja template (autoescape on,
no external resources, a Content-Security-Policy that allows only the page's
own inline style and script by their SHA-256 hashes), and ``write_report``
writes it atomically.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from pipeline.outputs.display import STATUS_COLOURS, STATUS_WORDS, clean_text
from pipeline.outputs.files import atomic_write
from pipeline.outputs.tables import Row
from pipeline.problems import ALERT_FLAGS, CHANGE_CODES, FLAGS, PROBLEMS, alerts_of

NOT_COMPARED = "not_compared"
#: Between two reviewed-flag notes: "; " followed by a flag name and a colon.
_NOTE_SPLIT = re.compile(rf"; (?=(?:{'|'.join(FLAGS)}):)")
#: key, heading, what it holds, collapsed?
SECTIONS = (
    ("alerts", "Alerts", "Missing, reopened or regressed items, and records flagged overdue, "
     "inconsistent with the status key, or with colour and words in conflict.", False),
    ("signed_off", "Signed-off alerts", "Alerts a reviewer signed off (an ack in reviews.csv); "
     "they come back if the item changes again.", False),
    ("slipped", "Slipped targets", "Target dates moved later.", False),
    ("completed", "Completed", "Items now complete, or dropped after completion.", False),
    ("new", "New", "Items first seen in the newer edition.", False),
    ("other", "Other changes", "Wording, earlier targets and other status moves.", False),
    ("unchanged", "Unchanged", "Items the same in both editions.", True),
    (NOT_COMPARED, "Not compared", "Records of an edition with no other edition to compare.",
     True),
)  # fmt: skip
LABELS = {
    **{p.code: p.title for p in PROBLEMS},
    "original_target": "Original target",
    "revised_target": "Revised target",
    NOT_COMPARED: "Not compared",
}
TEMPLATES = Path(__file__).resolve().parent / "templates"


@dataclass(frozen=True)
class Side:
    """One edition's side of a change: value (or status code), and where it is printed."""

    edition: str
    value: str
    status: str
    source: str
    present: bool
    label: str = ""


@dataclass(frozen=True)
class Item:
    """One row of the report: a change row with what the reviewer needs beside it.

    ``review`` is the reviewer's decisions that apply (a pinned or rejected pair,
    reviewed flags); a reviewed flag no longer makes an alert.
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


RecordIndex = dict[tuple[str, str, str], list[Row]]


def write_report(
    path: Path,
    records: Sequence[Row],
    changes: Sequence[Row],
    inspections: Sequence[Row],
    failures: Sequence[Row],
    candidates: Sequence[Row] = (),
    *,
    register: Sequence[Row] = (),
    title: str = "Recommendations tracker: changes between editions",
    generated: str = "",
    confirm_below: float = 100.0,
) -> None:
    """Render the report of these rows and write it to ``path`` atomically."""
    context = build_context(records, changes, inspections, failures, candidates, title=title,
                            generated=generated, confirm_below=confirm_below,
                            register=register)  # fmt: skip
    with atomic_write(path) as handle:
        handle.write(render_report(context))


def render_report(context: dict[str, Any]) -> str:
    """The report's HTML for a context made by ``build_context``."""
    return _environment().get_template("report.html.j2").render(**context)


def build_context(
    records: Sequence[Row],
    changes: Sequence[Row],
    inspections: Sequence[Row],
    failures: Sequence[Row],
    candidates: Sequence[Row] = (),
    *,
    title: str,
    generated: str = "",
    confirm_below: float = 100.0,
    register: Sequence[Row] = (),
) -> dict[str, Any]:
    """Everything the template shows, sorted so that the same rows give the same page.

    ``candidates`` are match_candidates.csv rows: look-alike records that were
    not paired. ``confirm_below`` is used only for change rows without a
    ``match`` column: a score (rapidfuzz's 0-100) below it counts as fuzzy.
    """
    index = _index(records)
    items = build_items(records, changes, confirm_below)
    compared = [i for i in items if i.change != NOT_COMPARED]
    return {
        "title": clean_text(title),
        "generated": clean_text(generated),
        "pairs": _pairs(changes),
        "summary": _summary(compared),
        "register": _register_summary(register, records),
        "not_compared": len(items) - len(compared),
        "directorates": sorted({i.directorate for i in items}),
        "change_codes": [c for c in (*CHANGE_CODES, NOT_COMPARED) if any(i.change == c
                                                                          for i in items)],
        "sections": _sections(items),
        "confirm": [i for i in items if i.to_confirm],
        "candidates": sorted((_candidate(c, index) for c in candidates),
                             key=lambda c: tuple(c.values())),
        "inspections": _inspection_rows(inspections),
        "failures": _clean_rows(failures, ("source_file", "error_type", "reason")),
        "status_colours": STATUS_COLOURS,
    }  # fmt: skip


def build_items(records: Sequence[Row], changes: Sequence[Row], confirm_below: float) -> list[Item]:
    """One item per change row, plus one per record of an edition no change row covers."""
    index = _index(records)
    items = [_item(change, index, confirm_below) for change in changes]
    items += _uncompared(index, changes)
    return sorted(items, key=_sort_key)


def _index(records: Iterable[Row]) -> RecordIndex:
    """Records by (series, edition, record_key); a PDF and a DOCX copy share one entry."""
    index: RecordIndex = defaultdict(list)
    for row in sorted(records, key=lambda r: str(r.get("source_file", ""))):
        index[_text(row, "series"), _text(row, "edition"), _text(row, "record_key")].append(row)
    return index


def _item(change: Row, index: RecordIndex, confirm_below: float) -> Item:
    """The report row of one change row."""
    series, key = _text(change, "series"), _text(change, "record_key")
    old_key = _text(change, "old_record_key") or key
    old_records = index.get((series, _text(change, "old_edition"), old_key), [])
    new_records = index.get((series, _text(change, "new_edition"), key), [])
    latest = new_records or old_records
    flags = _flags([change, *latest])
    reviewed = _reviewed_flags(latest)
    signed_off = tuple(filter(None, _text(change, "signed_off").split(";")))
    alerts = tuple(a for a in _alerts(change, tuple(f for f in flags if f not in reviewed))
                   if a not in signed_off)
    fuzzy = _is_fuzzy(change, confirm_below)
    return Item(
        series=series, directorate=_text(change, "directorate"),
        inspection=_text(change, "inspection"), label=_text(change, "label"), record_key=key,
        text=_text(latest[0], "recommendation") if latest else "",
        change=_text(change, "change"), field=_text(change, "field"),
        old=_side(change, "old", old_records), new=_side(change, "new", new_records),
        match_score=_score(change.get("match_score")), fuzzy=fuzzy, flags=flags, alerts=alerts,
        review="; ".join(n for n in (_change_note(change), *reviewed.values()) if n),
        section="signed_off" if signed_off and not alerts else _section_of(change, alerts),
        to_confirm=fuzzy or ("low_confidence" in flags and "low_confidence" not in reviewed),
        old_key=old_key if old_key != key else "", signed_off=signed_off,
    )  # fmt: skip


def _uncompared(index: RecordIndex, changes: Sequence[Row]) -> list[Item]:
    """Records of editions that appear in no change row: first editions of their series."""
    covered = {(_text(c, "series"), _text(c, e)) for c in changes
               for e in ("old_edition", "new_edition")}  # fmt: skip
    return [_single(rows) for (series, edition, _), rows in index.items()
            if (series, edition) not in covered]  # fmt: skip


def _single(rows: list[Row]) -> Item:
    """The report row of a record that has nothing to be compared with."""
    first, flags, reviewed = rows[0], _flags(rows), _reviewed_flags(rows)
    alerts = tuple(f for f in ALERT_FLAGS if f in flags and f not in reviewed)
    empty = Side("", "", "", "", False)
    return Item(
        series=_text(first, "series"), directorate=_text(first, "directorate"),
        inspection=_text(first, "inspection"), label=_text(first, "label"),
        record_key=_text(first, "record_key"), text=_text(first, "recommendation"),
        change=NOT_COMPARED, field="", old=empty,
        new=Side(_text(first, "edition"), *_status_value(_text(first, "status")), _where(rows),
                 True),
        match_score="", fuzzy=False, flags=flags, alerts=alerts,
        review="; ".join(reviewed.values()), section="alerts" if alerts else NOT_COMPARED,
        to_confirm="low_confidence" in flags and "low_confidence" not in reviewed,
    )  # fmt: skip


def _side(change: Row, which: str, records: list[Row]) -> Side:
    """The old or new side of a change; a change without a field shows the status."""
    edition = _text(change, f"{which}_edition")
    file = _text(change, f"{which}_source_file")
    chosen = [r for r in records if not file or r.get("source_file") == file]
    if _text(change, "field"):
        value = _text(change, f"{which}_value")
        status = value if _text(change, "field") == "status" and value in STATUS_COLOURS else ""
    else:
        status_of = _text(change, f"{which}_status") or (_text(chosen[0], "status") if chosen
                                                         else "")  # fmt: skip
        value, status = _status_value(status_of)
    source = _where(chosen) or _place(change, which)
    label = _text(chosen[0], "label") if chosen else ""
    return Side(edition, value, status, source, bool(chosen or source), label)


def _status_value(status: str) -> tuple[str, str]:
    """(value, status code) for a status shown for context: the code only if it has a colour."""
    return status, (status if status in STATUS_COLOURS else "")


def _where(records: list[Row]) -> str:
    """Every place a record is printed: "file.pdf, page 3; file.docx, table row 5"."""
    return "; ".join(f"{_text(r, 'source_file')}, {_text(r, 'location')}" for r in records)


def _place(row: Row, which: str) -> str:
    """The file and place a change or candidate row itself gives for one side."""
    page = _text(row, f"{which}_page")
    place = _text(row, f"{which}_location") or (f"page {page}" if page else "")
    return ", ".join(p for p in (_text(row, f"{which}_source_file"), place) if p)


def _flags(rows: list[Row]) -> tuple[str, ...]:
    """The flags any copy of a record carries, in the contract's order."""
    found = {f for r in rows for f in _text(r, "flags").split(";") if f}
    return tuple(f for f in FLAGS if f in found) + tuple(sorted(found - set(FLAGS)))


def _reviewed_flags(records: list[Row]) -> dict[str, str]:
    """Reviewed flags -> the reviewer's note, from records' ``flags_reviewed``.

    Notes are "; "-joined and each starts with its flag ("overdue: reason (who,
    date)"); a reason may itself hold "; ", so notes are split only before a flag name.
    """
    notes = {n for r in records for n in _NOTE_SPLIT.split(_text(r, "flags_reviewed")) if n}
    return {n.split(":", 1)[0]: n for n in sorted(notes) if n.split(":", 1)[0] in FLAGS}


def _alerts(change: Row, flags: tuple[str, ...]) -> tuple[str, ...]:
    """Why a change row is an alert, if it is one (``flags``: those not yet reviewed)."""
    return alerts_of(_text(change, "change"), _text(change, "old_value"),
                     _text(change, "new_value"), flags)


def _section_of(change: Row, alerts: tuple[str, ...]) -> str:
    """The one section a change row is shown in."""
    code, new = _text(change, "change"), _text(change, "new_value")
    if alerts:
        return "alerts"
    if code == "target_changed" and _later(_text(change, "old_value"), new):
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
    how = _text(change, "match")
    if how:
        return how == "fuzzy"
    return _score(change.get("match_score")) != "" and float(change["match_score"]) < confirm_below


def _change_note(change: Row) -> str:
    """The reviewer's decision on a change row: reconciliation's note, or a bare marker.

    Reconciliation writes ``reviewed`` as "pinned: reason (who, date)"; a plain
    "1"/"true" marker with a ``review_reason`` column is accepted too.
    """
    note = _text(change, "reviewed")
    if note.lower() in ("1", "true", "yes"):
        return _text(change, "review_reason") or "reviewed"
    return "" if note.lower() in ("0", "false", "no") else note


def _candidate(row: Row, index: RecordIndex) -> dict[str, str]:
    """A look-alike pair that was not made, for the reviewer to pin or reject."""
    series, new_key = _text(row, "series"), _text(row, "new_key")
    new_records = index.get((series, _text(row, "new_edition"), new_key), [])
    return {
        "directorate": _text(new_records[0], "directorate") if new_records else "",
        "score": _score(row.get("match_score")),
        "old_key": _text(row, "old_key"), "new_key": new_key,
        "old_label": _text(row, "old_label"), "new_label": _text(row, "new_label"),
        "old_text": _text(row, "old_recommendation"), "new_text": _text(row, "new_recommendation"),
        "old_edition": _text(row, "old_edition"), "new_edition": _text(row, "new_edition"),
        "old_source": _place(row, "old"), "new_source": _place(row, "new"),
    }  # fmt: skip


def _summary(items: list[Item]) -> dict[str, Any]:
    """Counts of change rows by change code, by directorate and code, and records by flag."""
    by_change = Counter(i.change for i in items)
    by_directorate: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        by_directorate[item.directorate][item.change] += 1
    flagged = {(i.series, i.record_key, f) for i in items for f in i.flags}
    return {
        "total": len(items),
        "by_change": {code: by_change[code] for code in CHANGE_CODES},
        "by_directorate": {d: dict(by_directorate[d]) for d in sorted(by_directorate)},
        "flags": {flag: sum(1 for (_, _, f) in flagged if f == flag) for flag in FLAGS},
    }


def _register_summary(register: Sequence[Row], records: Sequence[Row]) -> dict[str, int]:
    """Recommendations counted once (register rows), by where they stand, and the files read.

    A paper that came as PDF and Word is one edition: its recommendations count once.
    """
    gone = sum(1 for r in register if _text(r, "gone_since"))
    closed = sum(1 for r in register if not _text(r, "gone_since")
                 and _text(r, "status") == "complete")
    return {"total": len(register), "open": len(register) - gone - closed, "complete": closed,
            "gone": gone, "files": len({_text(r, "source_file") for r in records}),
            "file_rows": len(records)}


def _sections(items: list[Item]) -> list[dict[str, Any]]:
    """The report's sections with their items; "not compared" only when it has some."""
    sections = [{"key": key, "heading": heading, "blurb": blurb, "collapsed": collapsed,
                 "rows": [i for i in items if i.section == key]}
                for key, heading, blurb, collapsed in SECTIONS]  # fmt: skip
    return [s for s in sections if s["rows"] or s["key"] != NOT_COMPARED]


def _pairs(changes: Sequence[Row]) -> list[tuple[str, str, str]]:
    """The (series, old edition, new edition) pairs the change rows compare."""
    keys = ("series", "old_edition", "new_edition")
    return sorted({tuple(_text(c, k) for k in keys) for c in changes})  # type: ignore[misc]


def _inspection_rows(rows: Sequence[Row]) -> list[Row]:
    """Inspections once per edition (a PDF and a DOCX copy list the same ones)."""
    columns = ("series", "edition", "directorate", "inspection", "inspection_body",
               "inspection_date", "overall_progress", "source_file", "location")  # fmt: skip
    seen: dict[tuple[str, ...], Row] = {}
    for row in _clean_rows(rows, columns):
        seen.setdefault(tuple(row[c] for c in columns[:4]), row)
    return [seen[k] for k in sorted(seen)]


def _clean_rows(rows: Sequence[Row], columns: Sequence[str]) -> list[Row]:
    """Rows reduced to ``columns``, each value clean text, sorted."""
    clean = [{c: _text(row, c) for c in columns} for row in rows]
    return sorted(clean, key=lambda r: tuple(r.values()))


def _sort_key(item: Item) -> tuple[Any, ...]:
    """Reading order: directorate, inspection, label (numbers in order), then the change."""
    order = (*CHANGE_CODES, NOT_COMPARED)
    return (item.directorate, item.inspection, _natural(item.label), item.series,
            item.new.edition, order.index(item.change) if item.change in order else len(order),
            item.change, item.field, item.record_key)  # fmt: skip


def _natural(text: str) -> tuple[Any, ...]:
    """``text`` with its digit runs as numbers, so "Rec 10" comes after "Rec 9"."""
    return tuple(int(p) if p.isdigit() else p.casefold() for p in re.split(r"(\d+)", text))


def _text(row: Row, column: str) -> str:
    """A cell as display text: empty for None, control characters removed."""
    value = row.get(column)
    return "" if value is None else clean_text(str(value))


def _score(value: Any) -> str:
    """A match score as short text ("87.5"); empty when there is none."""
    try:
        return f"{float(value):g}"
    except (TypeError, ValueError):
        return ""


def _label(code: str) -> str:
    """A code as words ("status_changed" -> "Status changed")."""
    return LABELS.get(code) or STATUS_WORDS.get(code) or code.replace("_", " ").capitalize()


def _csp_hash(text: str) -> Markup:
    """The CSP source that allows exactly this inline script or style (base64: safe as is)."""
    digest = hashlib.sha256(str(text).encode("utf-8")).digest()
    return Markup(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")


def _environment() -> Environment:
    """Jinja with autoescape on for every template (``select_autoescape`` skips ``.j2``)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    env.filters["label"] = _label
    env.filters["csp_hash"] = _csp_hash
    return env
