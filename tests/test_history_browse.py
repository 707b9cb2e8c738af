"""The history as analysts open it: sqlite3, Datasette's test client, and ``rectrack serve``."""

from __future__ import annotations

import asyncio
import json
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from contextlib import closing
from dataclasses import asdict, fields, replace
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import PAPERS, read_sample

from extractors.model import Paper, Recommendation
from pipeline.cli import main
from pipeline.history import schema, store
from pipeline.history.metadata import METADATA_NAME

SAMPLES = ("tracker_may2025.pdf", "tracker_may2025.docx", "tracker_nov2025.pdf",
           "tracker_nov2025.docx", "sif_2018.pdf")  # fmt: skip


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An output folder after a run over both tracker editions and the narrative report."""
    inbox, folder = tmp_path_factory.mktemp("inbox"), tmp_path_factory.mktemp("out")
    for name in SAMPLES:
        shutil.copy(PAPERS / name, inbox / name)
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(folder)])
    assert result.exit_code == 0, result.output
    return folder


def query(out: Path, sql: str, *params: Any) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(out / store.HISTORY_NAME)) as conn:
        return conn.execute(sql, params).fetchall()


def test_sqlite3_reads_the_register_view(out: Path) -> None:
    rows = query(out, "SELECT record_key, status, editions_seen, gone_since FROM register "
                      "WHERE record_key LIKE 'ofsted-focused-visit/%'")
    assert rows == [("ofsted-focused-visit/afi-1-afi-4", "partly_delayed", 2, None),
                    ("ofsted-focused-visit/afi-2", "on_track", 2, None),
                    ("ofsted-focused-visit/afi-3", "complete", 1, "2025-11")]


def test_no_value_is_null_and_columns_are_typed(out: Path) -> None:
    assert query(out, "SELECT COUNT(*) FROM recommendations WHERE revised_target = ''") == [(0,)]
    assert query(out, "SELECT COUNT(*) FROM documents WHERE error IS NOT NULL") == [(0,)]
    assert query(out, "SELECT DISTINCT typeof(match_score), typeof(new_page) FROM changes "
                      "WHERE change = 'unchanged'") == [("real", "integer")]


def test_inspections_and_judgements_are_tables(out: Path) -> None:
    [(count,)] = query(out, "SELECT COUNT(*) FROM inspections i JOIN documents d USING (sha256) "
                          "WHERE d.file_name = 'sif_2018.pdf'")
    assert count == len(read_sample("sif_2018.pdf").inspections)
    judged = query(out, "SELECT COUNT(*) FROM judgements j JOIN documents d USING (sha256) "
                        "WHERE d.file_name = 'tracker_may2025.pdf'")
    assert judged == [(len(read_sample("tracker_may2025.pdf").judgements),)]


def test_latest_editions_view(out: Path) -> None:
    rows = query(out, "SELECT edition, file_name FROM latest_editions WHERE edition IS NOT NULL")
    assert rows == [("2025-11", "tracker_nov2025.docx"), ("2025-11", "tracker_nov2025.pdf")]


def test_full_text_search_in_sqlite3(out: Path) -> None:
    rows = query(out, "SELECT DISTINCT r.record_key FROM recommendations_fts f "
                      "JOIN recommendations r ON r.id = f.rowid "
                      "WHERE recommendations_fts MATCH 'IFRS16'")
    assert rows == [("2023-24-statement-of-accounts-grant-thornton/rec-1",)]


def test_metadata_describes_the_register(out: Path) -> None:
    meta = json.loads((out / METADATA_NAME).read_text("utf-8"))
    register = meta["databases"]["history"]["tables"]["register"]
    assert set(register["columns"]) == {
        name for (name,) in query(out, "SELECT name FROM pragma_table_info('register')")}


def test_datasette_client_reads_the_register_and_searches(out: Path) -> None:
    from datasette.app import Datasette

    async def read() -> tuple[Any, Any]:
        ds = Datasette(config_dir=out)
        register = await ds.client.get("/history/register.json?_shape=array&_size=max")
        found = await ds.client.get("/history/recommendations.json?_search=IFRS16"
                                    "&_shape=array&_col=record_key")
        return register, found

    register, found = asyncio.run(read())
    assert register.status_code == 200 and found.status_code == 200
    assert len(register.json()) == len(query(out, "SELECT * FROM register"))
    assert {r["record_key"] for r in found.json()} == {
        "2023-24-statement-of-accounts-grant-thornton/rec-1"}


def free_port() -> int:
    with closing(socket.socket()) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_serve_opens_datasette_on_the_output_folder(out: Path) -> None:
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-c", "from pipeline.cli import main; main()", "serve", str(out),
         "--port", str(port)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        rows = _get_json(f"http://127.0.0.1:{port}/history/register.json?_shape=array", server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert rows[0]["series"].startswith("External inspections")


def _get_json(url: str, server: subprocess.Popen[bytes]) -> Any:
    """GET ``url`` once the server answers (it starts in its own time; 120 s at most)."""
    deadline = time.monotonic() + 120
    while True:
        try:
            with urllib.request.urlopen(url, timeout=10) as response:
                return json.loads(response.read())
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                raise
            time.sleep(0.2)


def test_a_version_2_history_is_migrated_without_loss(tmp_path: Path) -> None:
    paper = read_sample("tracker_may2025.pdf")
    path = tmp_path / store.HISTORY_NAME
    with closing(sqlite3.connect(path, isolation_level=None)) as conn:
        conn.execute("CREATE TABLE migrations (name TEXT PRIMARY KEY)")
        for name, sql in schema.MIGRATIONS[:2]:
            for statement in schema.statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations VALUES (?)", (name,))
        _add_version_2(conn, paper)
    conn = store.open_history(path)
    try:
        (again,) = store.history_papers(conn)
        assert again == _kept_by_version_2(paper)
        assert store.extracted_hashes(conn, [paper.source_sha256], "key-1") == {
            paper.source_sha256}
    finally:
        conn.close()


def _kept_by_version_2(paper: Paper) -> Paper:
    """What a version-2 history kept of ``paper``: not which paper of which meeting it is
    (``0006_papers_of_a_file`` came later) nor which page reader read its records
    (``0009_page_reader``), which come back blank."""
    records = tuple(replace(r, page_reader="") for r in paper.recommendations)
    return replace(paper, committee="", meeting_date_text="", meeting_date="",
                   edition_basis="", first_page=0, last_page=0, recommendations=records)


def _add_version_2(conn: sqlite3.Connection, paper: Any) -> None:
    """Store ``paper`` as version 2 did: a documents row, records rows, and its JSON."""
    conn.execute("INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', '', '')",
                 (paper.source_sha256, paper.source_file, paper.file_type, paper.title,
                  paper.series, paper.edition, paper.page_count, paper.extractor, "then"))
    stored = [row[1] for row in conn.execute("PRAGMA table_info(records)")]
    names = [f.name for f in fields(Recommendation) if f.name in stored]  # version 2's columns
    for n, rec in enumerate(paper.recommendations):
        values = [json.dumps(list(v)) if isinstance(v, tuple) else
                  int(v) if isinstance(v, bool) else v for v in (getattr(rec, f) for f in names)]
        conn.execute(f"INSERT INTO records (sha256, position, location_kind, location_number, "
                     f"{', '.join(names)}) VALUES ({', '.join('?' * (len(names) + 4))})",
                     (paper.source_sha256, n, rec.location.kind, rec.location.number, *values))
    conn.execute("INSERT INTO extracted VALUES (?, 'key-1', ?)",
                 (paper.source_sha256, json.dumps(asdict(paper))))
