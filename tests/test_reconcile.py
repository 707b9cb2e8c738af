"""Reconciliation of the May -> November 2025 sample pair, and the matching rules."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from support import expected, read_sample

from extractors.model import Location, Paper, Recommendation
from pipeline.history.reviews import Review, Reviews
from pipeline.reconcile.editions import diff_papers, reconcile
from pipeline.reconcile.pairing import FUZZY_CANDIDATE, FUZZY_MATCH, _best_assignment, score

TESTS = Path(__file__).resolve().parent
EXPECTED = expected("tracker_nov2025_changes")
CODES = {"new", "missing", "dropped_complete", "status_changed", "reopened", "target_changed",
         "text_changed", "unchanged"}


def sample(name: str) -> Paper:
    """A sample paper with its file name standing in for its hash."""
    paper = read_sample(name)
    return replace(paper, source_sha256=name)


@pytest.fixture(scope="module")
def both_editions() -> list[Paper]:
    """Both sample editions, each as PDF and Word."""
    return [sample(f"tracker_{e}.{t}") for e in ("may2025", "nov2025") for t in ("pdf", "docx")]


def test_changes_match_the_hand_checked_rows(both_editions: list[Paper]) -> None:
    found = reconcile(both_editions, Reviews())
    keys = list(EXPECTED["changes"][0])
    assert [{k: row[k] for k in keys} for row in found.changes] == EXPECTED["changes"]
    assert {(row["series"], row["old_edition"], row["new_edition"]) for row in found.changes} == {
        (EXPECTED["series"], EXPECTED["old_edition"], EXPECTED["new_edition"])}


def test_sample_pair_covers_every_change_code(both_editions: list[Paper]) -> None:
    found = reconcile(both_editions, Reviews())
    assert {row["change"] for row in found.changes} == CODES
    assert {row["field"] for row in found.changes if row["change"] == "target_changed"} == {
        "original_target", "revised_target"}


@pytest.mark.parametrize("file_type", ["pdf", "docx"])
def test_november_flags_and_slippage(both_editions: list[Paper], file_type: str) -> None:
    found = reconcile(both_editions, Reviews())
    paper = next(p for p in both_editions
                 if p.edition == "2025-11" and p.file_type == file_type)
    got = [{"record_key": r.record_key, "flags": list(r.flags),
            **{k: v for k, v in found.record_notes[(paper.source_sha256, r.record_key)].items()
               if k != "flags_reviewed"}}
           for r in paper.recommendations]
    assert got == EXPECTED["records"]


def test_every_record_of_both_editions_appears(both_editions: list[Paper]) -> None:
    found = reconcile(both_editions, Reviews())
    may, nov = both_editions[0], both_editions[2]
    olds = Counter(row["old_record_key"] for row in found.changes if row["old_record_key"])
    news = Counter(row["record_key"] for row in found.changes if row["new_source_file"])
    assert set(olds) == {r.record_key for r in may.recommendations}
    assert set(news) == {r.record_key for r in nov.recommendations}


def test_pdf_is_used_and_the_word_copy_agrees(both_editions: list[Paper]) -> None:
    found = reconcile(both_editions, Reviews())
    assert {row["new_source_file"] for row in found.changes} == {"tracker_nov2025.pdf", ""}
    assert found.disagreements == ()


def test_a_disagreeing_copy_is_reported(both_editions: list[Paper]) -> None:
    pdf, docx = both_editions[2], both_editions[3]
    changed = replace(docx.recommendations[0], status="complete")
    docx = replace(docx, recommendations=(changed, *docx.recommendations[2:]))
    rows = reconcile([pdf, docx], Reviews()).disagreements
    assert [(r["record_key"], r["field"], r["value"], r["other_value"]) for r in rows] == [
        ("ofsted-focused-visit/afi-1-afi-4", "status", "partly_delayed", "complete"),
        ("ofsted-focused-visit/afi-2", "record", "present", "absent"),
    ]


def test_a_scanned_copy_agrees_with_its_word_file(both_editions: list[Paper]) -> None:
    """How a copy was read (OCR, its confidence, its page reader, its place) is no
    disagreement: a scanned PDF says what its Word file says."""
    pdf, docx = both_editions[2], both_editions[3]
    scanned = tuple(replace(r, source_method="ocr", ocr_confidence=91.5, page_reader="",
                            location=Location("page", r.location.number + 1))
                    for r in pdf.recommendations)
    assert reconcile([replace(pdf, recommendations=scanned), docx], Reviews()).disagreements == ()


# ------------------------------------------------------------------ matching rules


def rec(label: str, text: str, inspection: str = "Audit", status: str = "on_track",
        **kw: Any) -> Recommendation:
    from pipeline.normalise.paper import record_key

    return Recommendation(Location("page", 1), "D", inspection, label, text, status=status,
                          record_key=record_key(inspection, label), **kw)


def paper(edition: str, *recs: Recommendation) -> Paper:
    return Paper(f"{edition}.pdf", edition, "pdf", "test", f"Tracker {edition}",
                 recommendations=recs, series="Tracker", edition=edition)


OLD_TEXT = "Develop and publish a procurement strategy with measurable actions and owners"
NEAR_TEXT = "Develop a procurement plan with yearly actions and owners"


def test_scores_bracket_the_thresholds() -> None:
    assert score(rec("Rec 1", OLD_TEXT), rec("Rec 9", OLD_TEXT + " by March.")) >= FUZZY_MATCH
    assert FUZZY_CANDIDATE <= score(rec("Rec 1", OLD_TEXT), rec("Rec 9", NEAR_TEXT)) < FUZZY_MATCH


def test_inspection_must_match_too() -> None:
    assert score(rec("Rec 1", OLD_TEXT), rec("Rec 1", OLD_TEXT, "Unrelated review")) < 75


def test_low_confidence_pair_is_listed_not_paired() -> None:
    found = diff_papers(paper("2025-05", rec("Rec 1", OLD_TEXT)),
                        paper("2025-11", rec("Rec 9", NEAR_TEXT)), Reviews())
    assert [row["change"] for row in found.changes] == ["new", "missing"]
    pairs = [(c["old_key"], c["new_key"]) for c in found.candidates]
    assert pairs == [("audit/rec-1", "audit/rec-9")]


def test_pin_pairs_and_is_marked_reviewed() -> None:
    pin = Review("pin", old_key="audit/rec-1", new_key="audit/rec-9", reason="renumbered",
                 reviewer="AB", date="2025-11-20")
    found = diff_papers(paper("2025-05", rec("Rec 1", OLD_TEXT)),
                        paper("2025-11", rec("Rec 9", NEAR_TEXT)), Reviews((pin,)))
    assert [(r["change"], r["field"], r["match"]) for r in found.changes] == [
        ("text_changed", "label", "pinned"), ("text_changed", "recommendation", "pinned")]
    assert {r["reviewed"] for r in found.changes} == {"pinned: renumbered (AB, 2025-11-20)"}
    assert found.candidates == ()


def test_rejected_fuzzy_match_stays_apart() -> None:
    reject = Review("reject", old_key="audit/rec-1", new_key="audit/rec-9", reason="different")
    found = diff_papers(paper("2025-05", rec("Rec 1", OLD_TEXT)),
                        paper("2025-11", rec("Rec 9", OLD_TEXT)), Reviews((reject,)))
    assert [(r["change"], r["reviewed"]) for r in found.changes] == [
        ("new", "match audit/rec-1 -> audit/rec-9 rejected: different"),
        ("missing", "match audit/rec-1 -> audit/rec-9 rejected: different")]


def test_repeated_keys_pair_in_order() -> None:
    found = diff_papers(paper("2025-05", rec("Rec 1", "First"), rec("Rec 1", "Second")),
                        paper("2025-11", rec("Rec 1", "First"), rec("Rec 1", "Second")), Reviews())
    assert [r["change"] for r in found.changes] == ["unchanged", "unchanged"]


def test_slippage_runs_across_three_editions() -> None:
    editions = [paper(e, rec("Rec 1", OLD_TEXT, original_target="2025-03", revised_target=r))
                for e, r in (("2025-01", ""), ("2025-05", "2025-09"), ("2025-11", "2026-03"))]
    editions[2] = replace(editions[2], recommendations=(
        replace(editions[2].recommendations[0], original_target=""),))
    notes = reconcile(editions, Reviews()).record_notes
    assert notes[("2025-11", "audit/rec-1")] == {
        "slip_streak": 2, "months_slipped": 12, "first_seen_edition": "2025-01",
        "first_seen_target": "2025-03", "flags_reviewed": ""}
    assert notes[("2025-01", "audit/rec-1")]["slip_streak"] == 0


# ------------------------------------------------------------------ pairing as an assignment

REC_2 = "Go further as positive disrupters in the regeneration of the town centre"
REC_3 = "Reflect on how the team reaches seldom heard communities and communities of place"
REC_4 = "Build capability across the rest of the council for health outcomes"


def test_a_renumbered_item_pairs_with_its_old_self_not_its_old_number() -> None:
    old = paper("2025-05", rec("Rec 2", REC_2, status="complete"), rec("Rec 3", REC_3),
                rec("Rec 4", REC_4))
    new = paper("2025-11", rec("Rec 2", REC_3), rec("Rec 3", REC_4))
    rows = diff_papers(old, new, Reviews()).changes
    assert [(r["old_record_key"], r["record_key"], r["change"], r["old_label"]) for r in rows] == [
        ("audit/rec-3", "audit/rec-2", "text_changed", "Rec 3"),
        ("audit/rec-4", "audit/rec-3", "text_changed", "Rec 4"),
        ("audit/rec-2", "audit/rec-2", "dropped_complete", "Rec 2")]


def test_a_key_pair_with_a_reworded_text_still_pairs() -> None:
    reworded = "Go further as positive disrupters in regenerating the town centre and its markets"
    rows = diff_papers(paper("2025-05", rec("Rec 2", REC_2)),
                       paper("2025-11", rec("Rec 2", reworded)), Reviews()).changes
    assert [(r["change"], r["field"], r["match"]) for r in rows] == [
        ("text_changed", "recommendation", "key")]


def test_a_key_pair_loses_to_a_near_exact_text_pair() -> None:
    other = "Go further as positive disrupters and publish a housing strategy for the borough"
    old = paper("2025-05", rec("Rec 2", other), rec("Rec 7", REC_2))
    new = paper("2025-11", rec("Rec 2", REC_2))
    rows = diff_papers(old, new, Reviews()).changes
    assert [(r["old_record_key"], r["change"]) for r in rows] == [
        ("audit/rec-7", "text_changed"), ("audit/rec-2", "missing")]


def test_the_same_target_breaks_a_tie_between_identical_texts() -> None:
    old = paper("2025-05", rec("Rec 1", REC_2, original_target="2025-03"),
                rec("Rec 2", REC_2, original_target="2026-03"))
    new = paper("2025-11", rec("Rec 8", REC_2, original_target="2026-03"),
                rec("Rec 9", REC_2, original_target="2025-03"))
    rows = diff_papers(old, new, Reviews()).changes
    assert [(r["old_record_key"], r["record_key"]) for r in rows] == [
        ("audit/rec-2", "audit/rec-8"), ("audit/rec-1", "audit/rec-9")]


def test_a_pin_beats_the_assignment() -> None:
    pin = Review("pin", old_key="audit/rec-2", new_key="audit/rec-2", reason="same item")
    old = paper("2025-05", rec("Rec 2", REC_2), rec("Rec 3", REC_3))
    new = paper("2025-11", rec("Rec 2", REC_3))
    rows = diff_papers(old, new, Reviews((pin,))).changes
    assert [(r["old_record_key"], r["match"]) for r in rows] == [
        ("audit/rec-2", "pinned"), ("audit/rec-3", "")]


# ------------------------------------------------------------------ diff guards


def test_diff_compares_oldest_first_and_says_so() -> None:
    found = diff_papers(paper("2025-11", rec("Rec 1", OLD_TEXT, status="complete")),
                        paper("2025-05", rec("Rec 1", OLD_TEXT)), Reviews())
    assert [(r["old_edition"], r["new_edition"], r["change"]) for r in found.changes] == [
        ("2025-05", "2025-11", "status_changed")]
    assert found.notes == ("2025-11.pdf (2025-11) is the later edition: compared "
                           "2025-05.pdf (2025-05) -> 2025-11.pdf",)


def test_diff_refuses_papers_sharing_no_inspection_unless_forced() -> None:
    from pipeline.reconcile.model import DiffRefused

    old = paper("2025-05", rec("Rec 1", OLD_TEXT))
    new = paper("2025-11", rec("Rec 1", OLD_TEXT, "Unrelated review"))
    with pytest.raises(DiffRefused, match="share no inspection"):
        diff_papers(old, new, Reviews())
    assert [r["change"] for r in diff_papers(old, new, Reviews(), force=True).changes] == [
        "new", "missing"]


def test_the_assignment_is_scipys_whatever_the_ties() -> None:
    """Gains from a few values (many ties, rows without any gain, more rows than columns
    and fewer): the pairs taken without scipy are the pairs scipy's optimum makes."""
    from scipy.optimize import linear_sum_assignment

    rng = np.random.default_rng(16)
    for _ in range(2000):
        rows, cols = rng.integers(1, 6, size=2)
        gain = rng.choice([0.0, 0.0, 5.0, 10.0, 12.5, 30.0], size=(rows, cols))
        picked = zip(*linear_sum_assignment(gain, maximize=True), strict=True)
        assert _best_assignment(gain) == [(int(a), int(b)) for a, b in picked if gain[a, b] > 0]


def test_pairing_the_sample_editions_needs_no_scipy() -> None:
    """Both sample editions pair each record with one clear best, so scipy (an import of
    ~0.4 s) is not loaded: most of a rerun with one new paper, before."""
    code = ("import sys; from support import read_sample; "
            "from pipeline.history.reviews import Reviews; "
            "from pipeline.reconcile.editions import reconcile; "
            "found = reconcile([read_sample(f'tracker_{e}.pdf') for e in ('may2025', 'nov2025')],"
            " Reviews()); "
            "print(len(found.changes), 'scipy' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), str(TESTS.parent)])}
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, env=env)
    changes, scipy = done.stdout.split()
    assert (int(changes) > 20, scipy) == (True, "False")
