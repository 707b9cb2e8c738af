"""Reconcile successive editions of a tracker: pair records, list changes, track slippage.

Papers of one tracker form a *series* (the title without its date) and each
date is an *edition* (``pipeline.series``, which also joins reworded editions). When an
edition came as several files (its PDF and its Word original), every file keeps
its rows in records.csv, but reconciliation uses one of them: the PDF, because
it is the form that is published and cited by page; the first PDF by file name
if there are several, else the first Word file. Each other file of the edition
is compared with it record by record, and every difference is a row of
``disagreements``. Papers whose title gives no date are not reconciled.

Records of consecutive editions are paired in three passes, each over what the
previous ones left:

1. reviewer pins (``pipeline.reviews``), whatever the keys and texts say;
2. equal ``record_key`` (score 100), in paper order when a key repeats;
3. fuzzy matching for renumbered or relabelled items. A pair's score is the
   lower of two rapidfuzz ``token_set_ratio`` scores, one on the recommendation
   texts and one on the inspection titles, so short texts under one long
   inspection title cannot pair on the title alone. Best scores pair first. At
   ``FUZZY_MATCH`` (90) or above the records are paired; from
   ``FUZZY_CANDIDATE`` (75) up to 90 they are *not* paired (each shows as
   ``new`` / ``missing``) but listed in ``candidates`` for a reviewer to pin or
   reject. Pairs a reviewer rejected are never made.

Change codes per pair: ``reopened`` (was complete, now not) or
``status_changed``; ``target_changed`` per date field; ``text_changed`` for
the recommendation text, and for the label when the keys differ; else one
``unchanged`` row. Unpaired records are ``new``, ``missing`` (was not complete)
or ``dropped_complete``. So every record of both editions has at least one row.

Slippage (``record_notes``, keyed by file hash and record_key) follows
each record back through its pairs: ``slip_streak`` is the number of
consecutive editions, up to this one, in which the target in force (revised,
else original) moved later; ``months_slipped`` the months from the first target
seen for it to the one in force now (negative when brought forward; blank
while either is unknown); ``first_seen_edition`` and ``first_seen_target`` the
edition it first appeared in and the original target printed then (or the first
one printed later, if that edition had none), kept when later papers stop
printing it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, fields, replace
from itertools import pairwise
from typing import Any

from rapidfuzz import fuzz, utils

from extractors.model import Location, Paper, Recommendation
from pipeline.dates import month_of, months_between
from pipeline.flags import target
from pipeline.reviews import Reviews
from pipeline.series import join_series
from pipeline.tables import Row

FUZZY_MATCH = 90.0
FUZZY_CANDIDATE = 75.0
RecordId = tuple[str, str]  # (source_sha256, record_key)
#: Fields compared between the files of one edition (everything but the place).
COMPARED = tuple(f.name for f in fields(Recommendation) if f.name != "location")


@dataclass(frozen=True)
class Edition:
    """One edition of a series: the file reconciliation uses, and the others."""

    series: str
    edition: str
    paper: Paper
    others: tuple[Paper, ...] = ()


@dataclass(frozen=True)
class Pair:
    """Two records taken for the same recommendation (either side None: unpaired)."""

    old: Recommendation | None
    new: Recommendation | None
    score: float | None = None
    how: str = ""
    reviewed: str = ""


@dataclass(frozen=True)
class Reconciliation:
    """Everything reconciliation found, as rows for the output tables; ``placed`` is
    every paper reconciled, packs taken apart, in the series it was placed in."""

    changes: tuple[Row, ...] = ()
    candidates: tuple[Row, ...] = ()
    disagreements: tuple[Row, ...] = ()
    record_notes: dict[RecordId, Row] = field(default_factory=dict)
    placed: tuple[Paper, ...] = ()


# ------------------------------------------------------------------ editions


def group_editions(papers: Iterable[Paper]) -> dict[str, list[Edition]]:
    """Series -> its editions in date order; files of one edition made one."""
    by_edition: dict[tuple[str, str], dict[str, Paper]] = defaultdict(dict)
    for paper in papers:
        if paper.edition:
            identity = paper.source_sha256 or paper.source_file
            by_edition[(paper.series, paper.edition)].setdefault(identity, paper)
    series: dict[str, list[Edition]] = defaultdict(list)
    for (name, edition), files in sorted(by_edition.items()):
        ranked = sorted(files.values(), key=lambda p: (p.file_type != "pdf", p.source_file))
        series[name].append(Edition(name, edition, ranked[0], tuple(ranked[1:])))
    return dict(series)


def reconcile(papers: Sequence[Paper], reviews: Reviews) -> Reconciliation:
    """Reconcile every series among ``papers`` (``rectrack run``), packs taken apart and
    each paper placed in its series (``pipeline.series``)."""
    placed = join_series(papers, reviews)
    parts = [reconcile_series(eds, reviews) for eds in group_editions(placed).values()]
    return replace(_combine(parts, placed, reviews), placed=tuple(placed))


def diff_papers(old: Paper, new: Paper, reviews: Reviews) -> Reconciliation:
    """Reconcile two given papers as consecutive editions (``rectrack diff``).

    They are compared whatever their titles say; an undated paper is named by
    its file instead of an edition. Of a pack, its paper with most records is used.
    """
    old, new = (max(p.papers(), key=lambda part: len(part.recommendations)) for p in (old, new))
    series = new.series or old.series
    editions = [Edition(series, p.edition or p.source_file, p) for p in (old, new)]
    return _combine([reconcile_series(editions, reviews)], (old, new), reviews)


def _combine(
    parts: Sequence[Reconciliation], papers: Sequence[Paper], reviews: Reviews
) -> Reconciliation:
    """One Reconciliation of several series, with every record's reviewed flags noted."""
    notes = {k: v for part in parts for k, v in part.record_notes.items()}
    for paper in papers:
        for rec in paper.recommendations:
            note = reviews.flag_notes(paper.series, paper.edition, rec.record_key, rec.flags)
            notes[(paper.source_sha256, rec.record_key)] = {
                **notes.get((paper.source_sha256, rec.record_key), {}), "flags_reviewed": note}
    return Reconciliation(
        changes=tuple(row for part in parts for row in part.changes),
        candidates=tuple(row for part in parts for row in part.candidates),
        disagreements=tuple(row for part in parts for row in part.disagreements),
        record_notes=notes,
    )


def reconcile_series(editions: Sequence[Edition], reviews: Reviews) -> Reconciliation:
    """Changes between each pair of consecutive editions, slippage, disagreements."""
    changes: list[Row] = []
    candidates: list[Row] = []
    slips = _first_seen(editions[0])
    notes = _slip_notes(editions[0], slips)
    for old, new in pairwise(editions):
        pairs, near = match_records(old, new, reviews)
        changes += [row for pair in pairs for row in change_rows(old, new, pair)]
        candidates += [_candidate_row(old, new, pair) for pair in near]
        slips = _slipped(slips, pairs, new)
        notes.update(_slip_notes(new, slips))
    return Reconciliation(
        changes=tuple(changes),
        candidates=tuple(candidates),
        disagreements=tuple(row for ed in editions for row in disagreement_rows(ed)),
        record_notes=notes,
    )


# ------------------------------------------------------------------ matching


def match_records(
    old: Edition, new: Edition, reviews: Reviews
) -> tuple[list[Pair], list[Pair]]:
    """(every record of both editions as Pairs, in report order; low-confidence pairs).

    Report order: the newer edition's records in paper order (paired or new),
    then the older edition's unpaired records in paper order.
    """
    olds, news = list(old.paper.recommendations), list(new.paper.recommendations)
    paired: dict[int, tuple[int, Pair]] = {}  # new index -> (old index, pair)
    for how in ("pinned", "key", "fuzzy"):
        free_old = [i for i in range(len(olds)) if i not in {o for o, _ in paired.values()}]
        free_new = [j for j in range(len(news)) if j not in paired]
        paired.update(_PASSES[how](new.series, olds, news, free_old, free_new, reviews))
    near = _near_misses(new.series, olds, news, paired, reviews)
    used = {o for o, _ in paired.values()}
    rejected = _rejection_notes(new.series, olds, news, paired, reviews)
    ordered = [
        paired[j][1] if j in paired else Pair(None, rec, reviewed=rejected.get(("new", j), ""))
        for j, rec in enumerate(news)
    ]
    ordered += [Pair(rec, None, reviewed=rejected.get(("old", i), ""))
                for i, rec in enumerate(olds) if i not in used]
    return ordered, near


def _by_pins(
    series: str, olds: list[Recommendation], news: list[Recommendation],
    free_old: list[int], free_new: list[int], reviews: Reviews,
) -> dict[int, tuple[int, Pair]]:
    """Pairs a reviewer pinned (both keys present and still unpaired)."""
    found: dict[int, tuple[int, Pair]] = {}
    for pin in reviews.pins(series):
        i = next((i for i in free_old if olds[i].record_key == pin.old_key), None)
        j = next((j for j in free_new if news[j].record_key == pin.new_key), None)
        if i is not None and j is not None and j not in found:
            free_old.remove(i)
            found[j] = (i, Pair(olds[i], news[j], score(olds[i], news[j]), "pinned",
                                pin.note("pinned")))
    return found


def _by_key(
    series: str, olds: list[Recommendation], news: list[Recommendation],
    free_old: list[int], free_new: list[int], reviews: Reviews,
) -> dict[int, tuple[int, Pair]]:
    """Pairs of equal record_key, the n-th old with the n-th new when a key repeats."""
    found: dict[int, tuple[int, Pair]] = {}
    for j in free_new:
        i = next((i for i in free_old if olds[i].record_key == news[j].record_key), None)
        if i is not None:
            free_old.remove(i)
            found[j] = (i, Pair(olds[i], news[j], 100.0, "key"))
    return found


def _by_fuzz(
    series: str, olds: list[Recommendation], news: list[Recommendation],
    free_old: list[int], free_new: list[int], reviews: Reviews,
) -> dict[int, tuple[int, Pair]]:
    """Pairs scoring FUZZY_MATCH or more, best first, never a rejected pair."""
    found: dict[int, tuple[int, Pair]] = {}
    taken: set[int] = set()
    for value, i, j in _scored(series, olds, news, free_old, free_new, reviews):
        if value >= FUZZY_MATCH and i not in taken and j not in found:
            taken.add(i)
            found[j] = (i, Pair(olds[i], news[j], value, "fuzzy"))
    return found


_PASSES = {"pinned": _by_pins, "key": _by_key, "fuzzy": _by_fuzz}


def _scored(
    series: str, olds: list[Recommendation], news: list[Recommendation],
    free_old: Iterable[int], free_new: Iterable[int], reviews: Reviews,
) -> list[tuple[float, int, int]]:
    """(score, old index, new index) of unrejected pairs at FUZZY_CANDIDATE or more, best first."""
    scored = [
        (score(olds[i], news[j]), i, j) for i in free_old for j in free_new
        if not reviews.rejection(series, olds[i].record_key, news[j].record_key)
    ]
    return sorted(((v, i, j) for v, i, j in scored if v >= FUZZY_CANDIDATE),
                  key=lambda t: (-t[0], t[1], t[2]))


def score(old: Recommendation, new: Recommendation) -> float:
    """How alike two records are, 0-100: the lower of the text and inspection scores."""
    text = fuzz.token_set_ratio(old.recommendation, new.recommendation,
                                processor=utils.default_process)
    inspection = fuzz.token_set_ratio(old.inspection, new.inspection,
                                      processor=utils.default_process)
    return round(min(text, inspection), 1)


def _near_misses(
    series: str, olds: list[Recommendation], news: list[Recommendation],
    paired: dict[int, tuple[int, Pair]], reviews: Reviews,
) -> list[Pair]:
    """Unpaired records that look alike (below FUZZY_MATCH): one candidate per record."""
    used = {o for o, _ in paired.values()}
    free_old = [i for i in range(len(olds)) if i not in used]
    free_new = [j for j in range(len(news)) if j not in paired]
    near: list[Pair] = []
    seen_old: set[int] = set()
    seen_new: set[int] = set()
    for value, i, j in _scored(series, olds, news, free_old, free_new, reviews):
        if i not in seen_old and j not in seen_new:
            seen_old.add(i)
            seen_new.add(j)
            near.append(Pair(olds[i], news[j], value, "candidate"))
    return near


def _rejection_notes(
    series: str, olds: list[Recommendation], news: list[Recommendation],
    paired: dict[int, tuple[int, Pair]], reviews: Reviews,
) -> dict[tuple[str, int], str]:
    """("old"/"new", index) -> the note of an unpaired record whose pairing was rejected."""
    used = {o for o, _ in paired.values()}
    notes: dict[tuple[str, int], str] = {}
    for i, old in enumerate(olds):
        for j, new in enumerate(news):
            decision = reviews.rejection(series, old.record_key, new.record_key)
            if decision and i not in used and j not in paired:
                what = f"match {old.record_key} -> {new.record_key} rejected"
                notes[("old", i)] = notes[("new", j)] = decision.note(what)
    return notes


# ------------------------------------------------------------------ change rows


def change_rows(old: Edition, new: Edition, pair: Pair) -> list[Row]:
    """The change rows of one pair: at least one, so every record is accounted for."""
    if pair.old is None or pair.new is None:
        return [_row(old, new, pair, _unpaired_code(pair), "", "", "")]
    return [_row(old, new, pair, *change) for change in compare(pair.old, pair.new)]


def _unpaired_code(pair: Pair) -> str:
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


def _candidate_row(old: Edition, new: Edition, pair: Pair) -> Row:
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


# ------------------------------------------------------------------ slippage


@dataclass(frozen=True)
class Slip:
    """A record's slippage so far (see the module docstring)."""

    first_seen_edition: str
    first_seen_target: str
    first_target: str
    target: str
    slip_streak: int = 0


def _first_seen(edition: Edition) -> dict[str, Slip]:
    """Slippage of the records of a series' first edition, by record_key.

    Built in reverse paper order so that, when a key repeats, the first record wins.
    """
    return {
        rec.record_key: Slip(edition.edition, rec.original_target, target(rec), target(rec))
        for rec in reversed(edition.paper.recommendations)
    }


def _slipped(before: dict[str, Slip], pairs: Sequence[Pair], new: Edition) -> dict[str, Slip]:
    """Slippage of ``new``'s records, carried over their pairs from ``before``.

    Built in reverse paper order so that, when a key repeats, the first record wins.
    """
    after: dict[str, Slip] = {}
    for pair in reversed(pairs):
        if pair.new is None:
            continue
        now = target(pair.new)
        was = before.get(pair.old.record_key) if pair.old else None
        if was is None:
            after[pair.new.record_key] = Slip(new.edition, pair.new.original_target, now, now)
            continue
        moved = bool(was.target and now) and month_of(now) > month_of(was.target)
        after[pair.new.record_key] = Slip(
            was.first_seen_edition,
            was.first_seen_target or pair.new.original_target,
            was.first_target or now,
            now,
            was.slip_streak + 1 if moved else 0,
        )
    return after


def _slip_notes(edition: Edition, slips: dict[str, Slip]) -> dict[RecordId, Row]:
    """Slippage columns of an edition's records as of that edition, for each of its files."""
    notes: dict[RecordId, Row] = {}
    for key, slip in slips.items():
        months = (months_between(slip.first_target, slip.target)
                  if slip.first_target and slip.target else "")
        row = {
            "slip_streak": slip.slip_streak,
            "months_slipped": months,
            "first_seen_edition": slip.first_seen_edition,
            "first_seen_target": slip.first_seen_target,
        }
        for paper in (edition.paper, *edition.others):
            notes[(paper.source_sha256, key)] = row
    return notes


# ------------------------------------------------------------------ disagreements


def disagreement_rows(edition: Edition) -> list[Row]:
    """Where each other file of an edition differs from the one reconciliation uses.

    Records are taken for one another by record_key (in paper order when a key
    repeats); a record only one file has is a ``record`` difference.
    """
    rows: list[Row] = []
    for other in edition.others:
        mine, theirs = _by_key_lists(edition.paper), _by_key_lists(other)
        for key in dict.fromkeys([*mine, *theirs]):
            a, b = mine.get(key, []), theirs.get(key, [])
            for n in range(max(len(a), len(b))):
                rows += _differences(edition, other, key, _nth(a, n), _nth(b, n))
    return rows


def _by_key_lists(paper: Paper) -> dict[str, list[Recommendation]]:
    """record_key -> the paper's records with that key, in paper order."""
    keyed: dict[str, list[Recommendation]] = defaultdict(list)
    for rec in paper.recommendations:
        keyed[rec.record_key].append(rec)
    return keyed


def _nth(items: list[Recommendation], n: int) -> Recommendation | None:
    return items[n] if n < len(items) else None


def _differences(
    edition: Edition, other: Paper, key: str, a: Recommendation | None, b: Recommendation | None
) -> list[Row]:
    """One row per field in which two files' records of one key differ."""
    if a is None or b is None:
        values = [("record", "present" if a else "absent", "present" if b else "absent")]
    else:
        values = [(name, _text(getattr(a, name)), _text(getattr(b, name)))
                  for name in COMPARED if getattr(a, name) != getattr(b, name)]
    return [
        {
            "series": edition.series,
            "edition": edition.edition,
            "record_key": key,
            "field": name,
            "source_file": edition.paper.source_file,
            "value": mine,
            "location": str(a.location) if a else "",
            "other_source_file": other.source_file,
            "other_value": theirs,
            "other_location": str(b.location) if b else "",
        }
        for name, mine, theirs in values
    ]


def _text(value: Any) -> str:
    """A field value as one cell: tuples ``;``-joined, the rest as text."""
    return ";".join(value) if isinstance(value, tuple) else str(value)
