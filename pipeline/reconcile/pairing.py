"""Pair the records of two consecutive editions: pins, then an optimal assignment.

1. **Reviewer pins** (``pipeline.history.reviews``) pair two records whatever
   their keys and texts say.
2. **Inside each inspection** (records whose keys share the inspection part),
   the pairs are chosen together by an optimal assignment (each record's one
   clear best where no two share one, else scipy's ``linear_sum_assignment``)
   over a score per possible pair:

   - text similarity, rapidfuzz ``token_set_ratio`` of the two recommendation
     texts (``process.cdist``; a text that only gains a sentence scores 100);
   - ``KEY_BONUS`` when the two records have the same ``record_key``;
   - ``DATE_BONUS`` when both print the same original target.

   A pair of equal keys is allowed when its texts score ``KEY_TEXT_FLOOR`` or
   more; any other pair when its score reaches ``FUZZY_MATCH``. The assignment
   maximises the sum of (score - ``BASELINE``) over the pairs it makes, so a
   pair by key whose texts strongly disagree never beats a near-exact text
   pair: a reprinted "Recommendation 3" renumbered as "Recommendation 2" is
   paired with its old self, and the old "Recommendation 2" is left unpaired.
3. **Across inspections**, what is left is assigned the same way with the
   score of ``score`` (the lower of the text and inspection-title scores), for
   an inspection whose title was reworded.

Pairs a reviewer rejected are never made. Unpaired look-alikes scoring from
``FUZZY_CANDIDATE`` up to ``FUZZY_MATCH`` are listed in ``candidates`` for a
reviewer to pin or reject. A pair's ``score`` as shown is its score, at most 100.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
from rapidfuzz import fuzz, process, utils

from extractors.model import Recommendation
from pipeline.history.reviews import Reviews
from pipeline.reconcile.model import Pair

FUZZY_MATCH = 90.0
FUZZY_CANDIDATE = 75.0
#: Added to the text score of two records with the same record_key.
KEY_BONUS = 20.0
#: Below this text score two records of one key are not taken for one another.
KEY_TEXT_FLOOR = 60.0
#: Added when both records print the same original target.
DATE_BONUS = 5.0
#: What a pair must score above to be worth making at all.
BASELINE = 50.0
_NEVER = -1.0

#: (old, new, text score) -> the pair's score, or ``_NEVER``.
Score = Callable[[Recommendation, Recommendation, float], float]


@dataclass(frozen=True)
class Matching:
    """Every record of both editions as Pairs, in report order, and the look-alikes."""

    pairs: list[Pair]
    candidates: list[Pair]


def match_records(
    series: str, olds: Sequence[Recommendation], news: Sequence[Recommendation],
    reviews: Reviews,
) -> Matching:
    """Pair ``olds`` with ``news`` (see the module docstring).

    Report order: the newer edition's records in paper order (paired or new),
    then the older edition's unpaired records in paper order.
    """
    paired = _pinned(series, olds, news, reviews)
    for group_old, group_new in _inspection_groups(olds, news, paired):
        paired.update(_assigned(series, olds, news, group_old, group_new, reviews, _within))
    free_old, free_new = _free(olds, news, paired)
    paired.update(_assigned(series, olds, news, free_old, free_new, reviews, _across))
    rejected = _rejection_notes(series, olds, news, paired, reviews)
    used = {i for i, _ in paired.values()}
    ordered = [paired[j][1] if j in paired else Pair(None, rec, reviewed=rejected.get(("new", j),
                                                                                       ""))
               for j, rec in enumerate(news)]
    ordered += [Pair(rec, None, reviewed=rejected.get(("old", i), ""))
                for i, rec in enumerate(olds) if i not in used]
    return Matching(ordered, _near_misses(series, olds, news, paired, reviews))


Paired = dict[int, tuple[int, Pair]]  # new index -> (old index, pair)


def _pinned(
    series: str, olds: Sequence[Recommendation], news: Sequence[Recommendation],
    reviews: Reviews,
) -> Paired:
    """Pairs a reviewer pinned (both keys present and still unpaired)."""
    found: Paired = {}
    for pin in reviews.pins(series):
        used = {i for i, _ in found.values()}
        i = next((i for i, r in enumerate(olds) if r.record_key == pin.old_key
                  and i not in used), None)
        j = next((j for j, r in enumerate(news) if r.record_key == pin.new_key
                  and j not in found), None)
        if i is not None and j is not None:
            found[j] = (i, Pair(olds[i], news[j], score(olds[i], news[j]), "pinned",
                                pin.note("pinned")))
    return found


def _free(
    olds: Sequence[Recommendation], news: Sequence[Recommendation], paired: Paired
) -> tuple[list[int], list[int]]:
    """Indexes of the old and new records not yet paired."""
    used = {i for i, _ in paired.values()}
    return ([i for i in range(len(olds)) if i not in used],
            [j for j in range(len(news)) if j not in paired])


def _inspection_groups(
    olds: Sequence[Recommendation], news: Sequence[Recommendation], paired: Paired
) -> list[tuple[list[int], list[int]]]:
    """Unpaired old and new indexes grouped by the inspection part of their keys."""
    groups: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
    free_old, free_new = _free(olds, news, paired)
    for i in free_old:
        groups[_inspection_key(olds[i])][0].append(i)
    for j in free_new:
        groups[_inspection_key(news[j])][1].append(j)
    return [g for g in groups.values() if g[0] and g[1]]


def _inspection_key(rec: Recommendation) -> str:
    """The inspection part of a record_key ("ofsted-focused-visit" of ".../afi-2")."""
    return rec.record_key.rpartition("/")[0]


def _texts(recs: Sequence[Recommendation]) -> list[str]:
    return [r.recommendation for r in recs]


def _assigned(
    series: str, olds: Sequence[Recommendation], news: Sequence[Recommendation],
    rows: list[int], cols: list[int], reviews: Reviews, scorer: Score,
) -> Paired:
    """The optimal pairs between old ``rows`` and new ``cols`` under ``scorer``."""
    if not rows or not cols:
        return {}
    text = process.cdist(_texts([olds[i] for i in rows]), _texts([news[j] for j in cols]),
                         scorer=fuzz.token_set_ratio, processor=utils.default_process)
    scores = np.array([[scorer(olds[i], news[j], float(text[a, b]))
                        if not reviews.rejection(series, olds[i].record_key, news[j].record_key)
                        else _NEVER for b, j in enumerate(cols)] for a, i in enumerate(rows)])
    gain = np.where(scores > BASELINE, scores - BASELINE, 0.0)
    found: Paired = {}
    for a, b in _best_assignment(gain):
        i, j = rows[a], cols[b]
        how = "key" if olds[i].record_key == news[j].record_key else "fuzzy"
        found[j] = (i, Pair(olds[i], news[j], _shown(scores[a, b]), how))
    return found


def _best_assignment(gain: np.ndarray) -> list[tuple[int, int]]:
    """The (row, column) pairs of positive gain in the assignment of greatest total gain.

    Where each row's best column beats the rest of its row and no two rows share one,
    taking them is the only optimum (no assignment can pass the sum of the rows'
    maxima), as editions that pair by key mostly are. scipy (its import, ~0.4 s, would
    be most of a rerun with one new paper) solves the others."""
    best, top = gain.argmax(axis=1), gain.max(axis=1)
    gaining = [int(a) for a in np.flatnonzero(top > 0)]
    alone = all(int((gain[a] == top[a]).sum()) == 1 for a in gaining)
    if alone and len({int(best[a]) for a in gaining}) == len(gaining):
        return [(a, int(best[a])) for a in gaining]
    from scipy.optimize import linear_sum_assignment

    return [(int(a), int(b)) for a, b in zip(*linear_sum_assignment(gain, maximize=True),
                                             strict=True) if gain[a, b] > 0]


def _within(old: Recommendation, new: Recommendation, text: float) -> float:
    """Score of a pair inside one inspection; ``_NEVER`` when it may not be made."""
    same_date = bool(old.original_target) and old.original_target == new.original_target
    value = text + (DATE_BONUS if same_date else 0.0)
    if old.record_key == new.record_key:
        return value + KEY_BONUS if text >= KEY_TEXT_FLOOR else _NEVER
    return value if text >= FUZZY_MATCH else _NEVER


def _across(old: Recommendation, new: Recommendation, text: float) -> float:
    """Score of a pair across inspections: ``score`` when it reaches FUZZY_MATCH."""
    value = score(old, new)
    return value if value >= FUZZY_MATCH else _NEVER


def _shown(value: float) -> float:
    """A score as shown: one decimal, at most 100."""
    return round(min(float(value), 100.0), 1)


def _text_score(old: Recommendation, new: Recommendation) -> float:
    return float(fuzz.token_set_ratio(old.recommendation, new.recommendation,
                                      processor=utils.default_process))


def score(old: Recommendation, new: Recommendation) -> float:
    """How alike two records are, 0-100: the lower of the text and inspection scores.

    Short texts under one long inspection title cannot pair on the title alone.
    """
    inspection = fuzz.token_set_ratio(old.inspection, new.inspection,
                                      processor=utils.default_process)
    return round(min(_text_score(old, new), inspection), 1)


def _near_misses(
    series: str, olds: Sequence[Recommendation], news: Sequence[Recommendation],
    paired: Paired, reviews: Reviews,
) -> list[Pair]:
    """Unpaired records that look alike (below FUZZY_MATCH): one candidate per record."""
    free_old, free_new = _free(olds, news, paired)
    scored = sorted(
        ((score(olds[i], news[j]), i, j) for i in free_old for j in free_new
         if not reviews.rejection(series, olds[i].record_key, news[j].record_key)),
        key=lambda t: (-t[0], t[1], t[2]))
    near: list[Pair] = []
    seen_old: set[int] = set()
    seen_new: set[int] = set()
    for value, i, j in scored:
        if value >= FUZZY_CANDIDATE and i not in seen_old and j not in seen_new:
            seen_old.add(i)
            seen_new.add(j)
            near.append(Pair(olds[i], news[j], value, "candidate"))
    return near


def _rejection_notes(
    series: str, olds: Sequence[Recommendation], news: Sequence[Recommendation],
    paired: Paired, reviews: Reviews,
) -> dict[tuple[str, int], str]:
    """("old"/"new", index) -> the note of an unpaired record whose pairing was rejected."""
    free_old, free_new = _free(olds, news, paired)
    notes: dict[tuple[str, int], str] = {}
    for i in free_old:
        for j in free_new:
            decision = reviews.rejection(series, olds[i].record_key, news[j].record_key)
            if decision:
                what = f"match {olds[i].record_key} -> {news[j].record_key} rejected"
                notes[("old", i)] = notes[("new", j)] = decision.note(what)
    return notes
