"""How a pair of records becomes rows: changes.csv rows, and match_candidates.csv rows.

A pair (``pipeline.reconcile.model.Pair``) gives at least one change row, so
every record of both editions is accounted for: ``new`` or ``missing`` /
``dropped_complete`` when unpaired; else one row per difference (``compare``),
or one ``unchanged``.
"""

from __future__ import annotations

from extractors.model import Location, Recommendation
from pipeline.outputs.tables import Row
from pipeline.reconcile.model import Edition, Pair


def change_rows(old: Edition, new: Edition, pair: Pair) -> list[Row]:
    """The change rows of one pair: at least one, so every record is accounted for."""
    if pair.old is None or pair.new is None:
        return [_row(old, new, pair, unpaired_code(pair), "", "", "")]
    return [_row(old, new, pair, *change) for change in compare(pair.old, pair.new)]


def unpaired_code(pair: Pair) -> str:
    """new, or what became of an old record the newer edition no longer lists."""
    if pair.old is None:
        return "new"
    return "dropped_complete" if pair.old.status == "complete" else "missing"


def compare(old: Recommendation, new: Recommendation) -> list[tuple[str, str, str, str]]:
    """(change, field, old value, new value) for each difference, or one ``unchanged``."""
    found = []
    if old.status != new.status:
        code = "reopened" if old.status == "complete" else "status_changed"
        found.append((code, "status", old.status, new.status))
    for name in ("original_target", "revised_target"):
        if getattr(old, name) != getattr(new, name):
            found.append(("target_changed", name, getattr(old, name), getattr(new, name)))
    if old.record_key != new.record_key and old.label != new.label:
        found.append(("text_changed", "label", old.label, new.label))
    if " ".join(old.recommendation.split()) != " ".join(new.recommendation.split()):
        found.append(("text_changed", "recommendation", old.recommendation, new.recommendation))
    return found or [("unchanged", "", "", "")]


def _row(
    old: Edition, new: Edition, pair: Pair, change: str, name: str, before: str, after: str
) -> Row:
    """One changes.csv row; identity columns come from the newer record when there is one."""
    current = pair.new or pair.old
    assert current is not None
    return {
        "series": new.series,
        "old_edition": old.edition,
        "new_edition": new.edition,
        "record_key": current.record_key,
        "old_record_key": pair.old.record_key if pair.old else "",
        "old_label": pair.old.label if pair.old else "",
        "directorate": current.directorate,
        "inspection": current.inspection,
        "label": current.label,
        "change": change,
        "field": name,
        "old_value": before,
        "new_value": after,
        "match_score": "" if pair.score is None else pair.score,
        "match": pair.how,
        "old_status": pair.old.status if pair.old else "",
        "new_status": pair.new.status if pair.new else "",
        "flags": ";".join(current.flags),
        **_sides(old, new, pair),
        "reviewed": pair.reviewed,
        "signed_off": "",
    }


def _sides(old: Edition, new: Edition, pair: Pair) -> Row:
    """Source file, page and place of each side of a pair ("" for a missing side)."""
    row: Row = {}
    for side, edition, rec in (("old", old, pair.old), ("new", new, pair.new)):
        row[f"{side}_source_file"] = edition.paper.source_file if rec else ""
        row[f"{side}_page"] = _page(rec.location) if rec else ""
        row[f"{side}_location"] = str(rec.location) if rec else ""
    return row


def _page(location: Location) -> int | str:
    """The PDF page number, or "" for a place in a Word file."""
    return location.number if location.kind == "page" else ""


def candidate_row(old: Edition, new: Edition, pair: Pair) -> Row:
    """A low-confidence pair listed for a reviewer to pin or reject."""
    assert pair.old is not None and pair.new is not None
    return {
        "series": new.series,
        "old_edition": old.edition,
        "new_edition": new.edition,
        "old_key": pair.old.record_key,
        "new_key": pair.new.record_key,
        "match_score": pair.score,
        "old_label": pair.old.label,
        "new_label": pair.new.label,
        "old_recommendation": pair.old.recommendation,
        "new_recommendation": pair.new.recommendation,
        **_sides(old, new, pair),
    }
