"""The SQLite history: migrations, idempotent adds, records that round-trip."""

from __future__ import annotations

import sqlite3
from dataclasses import fields, replace
from pathlib import Path

import pytest
from support import SAMPLES, read_sample

from extractors.model import Recommendation
from pipeline.history import schema, store
from pipeline.outputs.tables import CHANGE_COLUMNS
from pipeline.run.outcome import Failure

WHEN = "2025-11-22T09:00:00+00:00"


def history(tmp_path: Path) -> sqlite3.Connection:
    return store.open_history(tmp_path / store.HISTORY_NAME)


def sample() -> object:
    return replace(read_sample("tracker_may2025.pdf"), source_sha256="ab" * 32)


def test_migrations_apply_once_and_use_wal(tmp_path: Path) -> None:
    conn = history(tmp_path)
    assert conn.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    assert schema.migrate(conn) == []
    assert [n for (n,) in conn.execute("SELECT name FROM migrations")] == [
        name for name, _ in schema.MIGRATIONS]


def test_tables_hold_every_record_field_and_change_column(tmp_path: Path) -> None:
    conn = history(tmp_path)
    records = {row[1] for row in conn.execute("PRAGMA table_info(recommendations)")}
    changes = {row[1] for row in conn.execute("PRAGMA table_info(changes)")}
    assert {f.name for f in fields(Recommendation)} - {"location"} <= records
    assert set(CHANGE_COLUMNS) | {"position"} == changes


def test_records_round_trip_and_a_second_add_writes_nothing(tmp_path: Path) -> None:
    conn = history(tmp_path)
    paper = sample()
    failure = Failure("bad.pdf", "cd" * 32, "corrupt", "not a PDF")
    assert store.add_run(conn, [paper], [failure], WHEN) == 2
    assert store.add_run(conn, [paper], [failure], "2030-01-01T00:00:00+00:00") == 0
    (again,) = store.history_papers(conn)
    assert again == paper
    assert {t for (t,) in conn.execute("SELECT processed_at FROM documents")} == {WHEN}


def test_a_pdf_row_keeps_its_box_on_the_page(tmp_path: Path) -> None:
    conn = history(tmp_path)
    paper = sample()
    store.add_run(conn, [paper], [], WHEN)
    (again,) = store.history_papers(conn)
    boxes = [r.location.box for r in again.recommendations]  # box is left out of ==
    assert boxes == [r.location.box for r in paper.recommendations]
    x0, top, x1, bottom = boxes[0]
    assert 0 <= x0 < x1 <= 842 and 0 <= top < bottom <= 842  # points on an A4 page
    stored = conn.execute("SELECT location_box FROM recommendations ORDER BY position").fetchone()
    assert stored == (f"[{x0}, {top}, {x1}, {bottom}]",)


def test_a_newer_extractor_rewrites_the_document(tmp_path: Path) -> None:
    conn = history(tmp_path)
    paper = sample()
    store.add_run(conn, [paper], [], WHEN)
    newer = replace(paper, extractor="tracker/2", recommendations=paper.recommendations[:1])  # type: ignore[type-var]
    assert store.add_run(conn, [newer], [], "2026-01-01T00:00:00+00:00") == 1
    assert conn.execute("SELECT COUNT(*) FROM recommendations").fetchone() == (1,)


def test_changes_are_rewritten_only_when_they_differ(tmp_path: Path) -> None:
    conn = history(tmp_path)
    row = {c: "" for c in CHANGE_COLUMNS} | {"series": "T", "old_edition": "a", "change": "new",
                                             "new_edition": "b", "match_score": 100.0}
    assert store.save_changes(conn, [row]) == 1
    assert store.save_changes(conn, [row]) == 0
    assert store.save_changes(conn, []) == 1
    assert conn.execute("SELECT COUNT(*) FROM changes").fetchone() == (0,)


def test_a_failed_write_leaves_nothing(tmp_path: Path) -> None:
    conn = history(tmp_path)
    paper = sample()
    broken = replace(paper, source_sha256=None)  # type: ignore[type-var]
    with pytest.raises(sqlite3.IntegrityError):
        store.add_run(conn, [paper, broken], [], WHEN)
    assert conn.execute("SELECT COUNT(*) FROM documents").fetchone() == (0,)


def test_workbook_places_and_the_new_columns_round_trip(tmp_path: Path) -> None:
    """A record at 'Internal Audit'!A6 with its priority, owner, finding and response."""
    from extractors import extract_path
    from pipeline.normalise.paper import normalise_paper

    workbook = SAMPLES / "layouts" / "workbook_tracker.xlsx"
    paper = replace(normalise_paper(extract_path(workbook)), source_sha256="cd" * 32)
    conn = history(tmp_path)
    store.add_run(conn, [paper], [], WHEN)
    (again,) = store.history_papers(conn)
    assert again.recommendations == paper.recommendations
    first = again.recommendations[0]
    assert (str(first.location), first.priority, first.owner) == (
        "'Internal Audit'!A6", "High", "Head of Exchequer"
    )
    assert first.finding and first.management_response


def test_an_old_history_gains_the_new_columns(tmp_path: Path) -> None:
    """A history made before workbooks and audit columns were read gains their columns
    (its records are kept: test_history_browse migrates a version 2 history through all)."""
    conn = sqlite3.connect(tmp_path / store.HISTORY_NAME, isolation_level=None)
    conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY)")
    for name, sql in schema.MIGRATIONS:
        if name == "0005_tracker_fields":
            continue
        for statement in schema.statements(sql):
            conn.execute(statement)
        conn.execute("INSERT INTO migrations VALUES (?)", (name,))
    assert schema.migrate(conn) == ["0005_tracker_fields"]
    assert schema.migrate(conn) == []

    def columns(table: str) -> set[str]:
        return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}

    assert {"location_cell", "priority", "owner", "finding", "management_response"} <= columns(
        "recommendations")
    assert "location_cell" in columns("inspections") & columns("judgements")
    assert "colour_name" in columns("status_key")
