"""Which paper and edition a file is, agenda packs, series across editions (issue 12).

The papers in ``samples/whole_papers`` (made by ``samples/generate/committee_papers.py``
and ``narrative_shapes.py``, each as Word and as LibreOffice's PDF, two also printed
by Chromium from HTML: ``html_papers.py``) are read
against the records written by hand in ``samples/expected/committee_papers.json``
and ``narrative_shapes.json``.
"""

from __future__ import annotations

import csv
import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from support import SAMPLES, expected

from extractors import extract_path, plan_file
from extractors.limits import Limits
from extractors.model import Location, Paper
from extractors.settings import Settings
from pipeline.history import store
from pipeline.history.reviews import Review, Reviews
from pipeline.normalise.paper import normalise_paper
from pipeline.reconcile.series import join_series
from pipeline.run.runner import run_batch

WHOLE = SAMPLES / "whole_papers"
EXPECTED = expected("committee_papers") | expected("narrative_shapes")
NAMES = sorted(name for name in EXPECTED if not name.startswith("_"))
PAPER_FIELDS = ("title", "series", "edition", "edition_basis", "committee", "meeting_date")
RECORD_FIELDS = ("label", "inspection", "inspection_body", "recommendation",
                 "original_target_text", "revised_target_text", "status_text")
INTERNAL = "Internal Audit Recommendations Tracker"
EXTERNAL = "External Audit Recommendations Action Plan"
_CACHE: dict[str, Paper] = {}


def read(file_name: str) -> Paper:
    """A whole paper extracted and normalised once per session."""
    if file_name not in _CACHE:
        _CACHE[file_name] = normalise_paper(extract_path(WHOLE / file_name))
    return _CACHE[file_name]


def _where(paper: Paper, want: dict[str, Any]) -> Location | None:
    if paper.file_type == "pdf":
        return Location("page", want["pdf_page"])
    return Location("table_row", want["docx_row"]) if "docx_row" in want else None


@pytest.mark.parametrize("suffix", ["pdf", "docx"])
@pytest.mark.parametrize("name", NAMES)
def test_every_paper_of_the_file_exactly(name: str, suffix: str) -> None:
    papers = read(f"{name}.{suffix}").papers()
    assert len(papers) == len(EXPECTED[name])
    for paper, want in zip(papers, EXPECTED[name], strict=True):
        assert {f: getattr(paper, f) for f in PAPER_FIELDS} == {f: want[f] for f in PAPER_FIELDS}
        if suffix == "pdf":
            assert [paper.first_page, paper.last_page] == want["pdf_pages"]
        got = [{f: getattr(r, f) for f in RECORD_FIELDS} for r in paper.recommendations]
        assert got == [{f: w[f] for f in RECORD_FIELDS} for w in want["recommendations"]]
        for rec, w in zip(paper.recommendations, want["recommendations"], strict=True):
            assert rec.flags in ((), ("overdue",)), rec.warnings  # the counts announced agree
            assert _where(paper, w) in (None, rec.location)


@pytest.mark.parametrize("name", ["lga_peer_challenge", "committee_tracker"])
def test_the_same_papers_printed_by_chromium_give_the_same_records(name: str) -> None:
    """Another producer: an HTML ``<ol>`` (numbers as text, hanging indent), CSS headings
    and borders, ligature glyphs ("oﬃcer")."""
    [paper] = read(f"{name}_html.pdf").papers()
    [want] = EXPECTED[name]
    assert {f: getattr(paper, f) for f in PAPER_FIELDS} == {f: want[f] for f in PAPER_FIELDS}
    assert [[paper.first_page, paper.last_page]] == [want["pdf_pages"]]
    assert [({f: getattr(r, f) for f in RECORD_FIELDS}, r.location.number)
            for r in paper.recommendations] == [
        ({f: w[f] for f in RECORD_FIELDS}, w["pdf_page"]) for w in want["recommendations"]]


def test_a_pack_holds_several_papers_each_named_by_the_file() -> None:
    pack = read("agenda_pack.pdf")
    assert [p.part for p in pack.papers()] == [1, 2]
    assert {p.source_file for p in pack.papers()} == {"agenda_pack.pdf"}
    assert pack.recommendations == ()


def test_minutes_notes_and_risk_and_budget_tables_are_no_papers() -> None:
    """The decoys: numbered "RESOLVED: That …" minutes, "That the committee notes the
    report", a risk register and a budget table yield nothing."""
    for suffix in ("pdf", "docx"):
        titles = " ".join(p.title for p in read(f"agenda_pack.{suffix}").papers())
        for decoy in ("Minutes", "Treasury", "Risk Register", "Budget"):
            assert decoy not in titles


def test_the_pack_screen_parses_the_title_pages_and_the_tracker_only() -> None:
    plan = plan_file(WHOLE / "agenda_pack.pdf", Limits())
    assert plan.page_count == 153
    assert plan.starts == (2, 53, 74, 95, 101, 122, 143)
    assert {101, 143} <= set(plan.pages)
    assert len(plan.pages) <= 20


# --- series -------------------------------------------------------------------------


def _editions(*names: str) -> list[Paper]:
    return [read(f"{name}.pdf") for name in names]


def test_a_reworded_edition_joins_its_own_series() -> None:
    placed = join_series(_editions("audit_tracker_2025_03", "audit_tracker_2025_06",
                                   "audit_tracker_2025_09"), Reviews())
    assert [p.series for p in placed] == [INTERNAL] * 3
    assert [p.series_basis.split(" (")[0] for p in placed] == [
        "own title", "same title", "close title"]
    assert "75% shared records" in placed[2].series_basis


def test_two_trackers_of_one_committee_stay_two_series() -> None:
    papers = _editions("audit_tracker_2025_06", "committee_tracker", "audit_tracker_2025_09")
    assert {p.committee for p in papers} == {"Audit and Governance Committee"}
    placed = join_series(papers, Reviews())
    assert [p.series for p in placed] == [INTERNAL, EXTERNAL, INTERNAL]


def test_a_pack_s_tracker_joins_its_series_and_its_report_stays_apart() -> None:
    placed = join_series(_editions("audit_tracker_2025_09", "agenda_pack"), Reviews())
    assert [(p.series, p.edition) for p in placed] == [
        ("Internal Audit Actions Tracker", "2025-09"),
        ("Internal Audit Actions Tracker", "2025-10-01"),
        ("Ofsted Focused Visit to Children's Services – findings", "2025-10-14")]


def test_a_reviewer_splits_and_joins_series() -> None:
    reviews = Reviews((
        Review("series", old_key="Internal Audit Actions Tracker",
               new_key="Internal Audit Actions Tracker", reason="a new tracker", reviewer="AB"),
        Review("series", old_key=EXTERNAL, new_key=INTERNAL, edition="2025-10-01",
               reason="one plan"),
    ))
    placed = join_series(_editions("audit_tracker_2025_06", "audit_tracker_2025_09",
                                   "committee_tracker"), reviews)
    assert [p.series for p in placed] == [INTERNAL, "Internal Audit Actions Tracker", INTERNAL]
    assert placed[1].series_basis == "series: a new tracker (AB)"
    assert placed[2].series_basis == "series: one plan"


def test_a_pack_round_trips_through_the_history(tmp_path: Path) -> None:
    """Each paper of a pack comes back from the typed tables (``store._papers``) as read:
    its part, title, series, edition, committee, meeting, pages and records."""
    pack = replace(read("agenda_pack.pdf"), source_sha256="ab" * 32)
    conn = store.open_history(tmp_path / "history.sqlite")
    store.add_run(conn, [pack], [], "2026-01-01T00:00:00+00:00", "key")
    [back] = store.history_papers(conn)
    reused = store.extracted_papers(conn, [pack.source_sha256], "key")
    conn.close()
    assert back == replace(pack, parts=pack.papers())
    assert reused == {pack.source_sha256: back}
    assert [p.part for p in back.papers()] == [1, 2]
    assert [len(p.recommendations) for p in back.papers()] == [
        len(p.recommendations) for p in pack.papers()]


def test_a_paper_of_one_file_keeps_its_committee_and_meeting(tmp_path: Path) -> None:
    paper = replace(read("committee_tracker.docx"), source_sha256="cd" * 32)
    conn = store.open_history(tmp_path / "history.sqlite")
    store.add_run(conn, [paper], [], "2026-01-01T00:00:00+00:00", "key")
    [back] = store.history_papers(conn)
    conn.close()
    assert back == paper
    assert (back.committee, back.meeting_date, back.parts) == (
        paper.committee, paper.meeting_date, ())


def test_a_run_writes_committee_meeting_and_how_each_edition_was_placed(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("audit_tracker_2025_06", "audit_tracker_2025_09", "agenda_pack"):
        shutil.copy(WHOLE / f"{name}.pdf", inbox)
    run_batch(inbox, tmp_path / "out", Settings(), progress=False)
    with (tmp_path / "out" / "records.csv").open(encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle))
    placed = {(r["source_file"], r["series"], r["edition"], r["committee"], r["meeting_date"],
               r["series_basis"].split(" (")[0], r["paper_pages"]) for r in rows}
    assert placed == {
        ("audit_tracker_2025_06.pdf", INTERNAL, "2025-06-01", "Audit and Governance Committee",
         "2025-06-16", "own title", "1-1"),
        ("audit_tracker_2025_09.pdf", INTERNAL, "2025-09", "Audit and Governance Committee",
         "2025-09-22", "close title", "1-1"),
        ("agenda_pack.pdf", INTERNAL, "2025-10-01", "Audit and Governance Committee",
         "2025-10-14", "same title", "101-121"),
        ("agenda_pack.pdf", "Ofsted Focused Visit to Children's Services – findings",
         "2025-10-14", "Audit and Governance Committee", "2025-10-14", "own title", "143-153"),
    }
    with (tmp_path / "out" / "inspections.csv").open(encoding="utf-8-sig") as handle:
        inspections = list(csv.DictReader(handle))
    assert {(r["inspection"], r["committee"], r["series_basis"]) for r in inspections
            if r["source_file"] == "agenda_pack.pdf"} == {
        ("Payroll controls 2024/25", "Audit and Governance Committee", "same title"),
        ("Creditor payments 2024/25", "Audit and Governance Committee", "same title"),
        ("Cyber security 2025/26", "Audit and Governance Committee", "same title"),
        ("Ofsted Focused Visit", "Audit and Governance Committee", "own title")}
    with (tmp_path / "out" / "changes.csv").open(encoding="utf-8-sig") as handle:
        changes = {(r["old_edition"], r["new_edition"]) for r in csv.DictReader(handle)}
    assert changes == {("2025-06-01", "2025-09"), ("2025-09", "2025-10-01")}
