"""The history: every paper rectrack has read, its records, and the latest reconciliation.

One SQLite file (stdlib ``sqlite3``), by default ``history.sqlite`` in the
output folder, on local disk (SQLite's locking is not safe on network shares).
WAL journalling lets a reader look at the history while a run writes it. The
schema (``pipeline.history.schema``) grows through named migrations.

Each paper is stored in one form: its tables (``documents``,
``recommendations``, ``inspections``, ``judgements``, ``status_key``), one
column per field, NULL for no value (``pipeline.history.cells``). A file of
several papers (an agenda pack) keeps each paper in ``papers`` (its ``part``,
title, series, edition, meeting and pages) and each record's ``part`` says
whose it is (0: the file's own paper). They rebuild the whole Paper, so a rerun
takes an unchanged file's Paper from here (``extracted_papers``) instead of
reading it again, and editions no longer in the inbox are still reconciled.

Adding is idempotent. A document (keyed by the SHA-256 of its bytes, so a
renamed copy is the same paper, still named as first seen) is written once; it
is rewritten only when it was read with another extractor or extraction key,
or it had failed before. ``processed_at`` is the only run timestamp in the
history. ``changes``, ``register_entries`` and ``superseded`` hold the latest
reconciliation of the whole history; a group of their rows (an edition pair,
a series) is replaced only when it differs. So a second run over the same
inbox writes nothing.
"""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TypeVar

from extractors.model import Inspection, Judgement, Paper, Recommendation, StatusKeyEntry
from pipeline.history.cells import built, cell, cells, columns, from_cell, hints
from pipeline.history.schema import create_history, migrate, transaction
from pipeline.outputs.tables import CHANGE_COLUMNS, REGISTER_COLUMNS, SUPERSEDED_COLUMNS, Row
from pipeline.run.outcome import Failure

HISTORY_NAME = "history.sqlite"

#: A paper's record tables: table name, the dataclass of its rows, the Paper field.
PARTS: tuple[tuple[str, type, str], ...] = (
    ("recommendations", Recommendation, "recommendations"),
    ("inspections", Inspection, "inspections"),
    ("judgements", Judgement, "judgements"),
    ("status_key", StatusKeyEntry, "status_key"),
)
_DOCUMENT = ("sha256", "file_name", "file_type", "title", "series", "edition", "page_count",
             "extractor", "extraction_key", "warnings")  # fmt: skip
#: Which paper it is and the meeting it went to, for a document and each paper of a pack.
_IDENTITY = ("committee", "meeting_date_text", "meeting_date", "edition_basis", "first_page",
             "last_page")  # fmt: skip
#: What ``papers`` keeps of each paper of a pack (its other fields are its file's).
_PAPER = ("title", "series", "edition", *_IDENTITY, "warnings")


class HistoryDamaged(Exception):
    """The history file is not a sound SQLite database (the message says what to do)."""


def check_history(path: Path) -> None:
    """Raise HistoryDamaged unless the history at ``path`` (if there is one) is sound.

    Opened read-only, so a damaged file is left exactly as it is.
    """
    if path.exists():
        conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            _quick_check(conn, path)
        finally:
            conn.close()


def _quick_check(conn: sqlite3.Connection, path: Path) -> None:
    """``PRAGMA quick_check``: every page and record of the file, in one pass (not the indexes).

    Damage anywhere in the file, the middle included, is found here, not later
    as a missing paper. Errors of the disk or permissions are left to the caller.
    """
    try:
        rows = conn.execute("PRAGMA quick_check").fetchall()
    except sqlite3.OperationalError:
        raise
    except sqlite3.DatabaseError as exc:
        raise HistoryDamaged(_damaged(path, str(exc))) from exc
    if rows != [("ok",)]:
        raise HistoryDamaged(_damaged(path, str(rows[0][0])))


def _damaged(path: Path, detail: str) -> str:
    """The one-line message for a damaged history."""
    return (f"the history {path} is damaged ({detail.splitlines()[0][:120]}): "
            "nothing was changed; restore it from a backup, or move it aside and run again "
            "to start a new history from the papers in the inbox")


def open_history(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the history at ``path``, checked and migrated to the latest schema.

    Raises HistoryDamaged when the file is not a sound database.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        create_history(path)  # whole or not at all, whenever the run is killed
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        _quick_check(conn, path)
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA foreign_keys = ON")
        migrate(conn)
    except BaseException:
        conn.close()
        raise
    return conn


# ------------------------------------------------------------------ documents


def add_run(
    conn: sqlite3.Connection,
    papers: Iterable[Paper],
    failures: Iterable[Failure],
    processed_at: str,
    key: str = "",
) -> int:
    """Add what a run read with extraction ``key``, in one transaction; return documents written."""
    written = 0
    with transaction(conn):
        for paper in papers:
            written += _add_paper(conn, paper, processed_at, key)
        for failure in failures:
            written += _add_failure(conn, failure, processed_at)
    return written


def _stored(conn: sqlite3.Connection, sha256: str) -> tuple[Any, ...] | None:
    """(outcome, extractor, extraction key) of a stored document, or None."""
    row = conn.execute("SELECT outcome, extractor, extraction_key FROM documents "
                       "WHERE sha256 = ?", (sha256,)).fetchone()
    return tuple(row) if row else None


def _add_paper(conn: sqlite3.Connection, paper: Paper, processed_at: str, key: str) -> int:
    """Store a paper, its pack's papers and their records unless the same reading already has
    (1 if written)."""
    if _stored(conn, paper.source_sha256) == ("ok", paper.extractor, cell(key)):
        return 0
    sha = paper.source_sha256
    conn.execute("DELETE FROM documents WHERE sha256 = ?", (sha,))
    values = [sha, paper.source_file, *map(cell, (
        paper.file_type, paper.title, paper.series, paper.edition)), paper.page_count,
        cell(paper.extractor), cell(key), cell(paper.warnings), processed_at,
        *(cell(getattr(paper, name)) for name in _IDENTITY)]
    conn.execute(f"INSERT INTO documents ({', '.join(_DOCUMENT)}, processed_at, "
                 f"{', '.join(_IDENTITY)}, outcome) "
                 f"VALUES ({', '.join('?' * len(values))}, 'ok')", values)
    conn.executemany(
        f"INSERT INTO papers (sha256, part, {', '.join(_PAPER)}) "
        f"VALUES ({', '.join('?' * (len(_PAPER) + 2))})",
        [(sha, part.part, *(cell(getattr(part, name)) for name in _PAPER))
         for part in paper.parts])
    for table, cls, name in PARTS:
        names = ("sha256", "position", "part", *columns(cls))
        items = [(part.part, item) for part in (paper, *paper.parts)
                 for item in getattr(part, name)]
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})",
            [(sha, n, part, *cells(item)) for n, (part, item) in enumerate(items)])
    return 1


def _add_failure(conn: sqlite3.Connection, failure: Failure, processed_at: str) -> int:
    """Note a failed input once (unreadable files have no hash and are not noted)."""
    if not failure.source_sha256 or _stored(conn, failure.source_sha256):
        return 0
    conn.execute(
        "INSERT INTO documents (sha256, file_name, processed_at, outcome, error_type, error) "
        "VALUES (?, ?, ?, 'failed', ?, ?)",
        (failure.source_sha256, failure.source_file, processed_at, cell(failure.error_type),
         cell(failure.reason)),
    )
    return 1


def document_times(conn: sqlite3.Connection) -> dict[str, str]:
    """When each stored document was read (``processed_at``), by hash."""
    return dict(conn.execute("SELECT sha256, processed_at FROM documents"))


# ------------------------------------------------------------------ papers


def history_papers(conn: sqlite3.Connection) -> list[Paper]:
    """Every paper read successfully, whole, by file name then hash."""
    return _papers(conn, "outcome = 'ok'", ())


def extracted_papers(
    conn: sqlite3.Connection, sha256s: Iterable[str], key: str
) -> dict[str, Paper]:
    """The stored Papers of these hashes that were read with extraction ``key``."""
    found: dict[str, Paper] = {}
    for chunk in _chunks(sha256s):
        papers = _papers(conn, f"outcome = 'ok' AND extraction_key = ? "
                               f"AND sha256 IN ({', '.join('?' * len(chunk))})", (key, *chunk))
        found.update((paper.source_sha256, paper) for paper in papers)
    return found


def extracted_hashes(conn: sqlite3.Connection, sha256s: Iterable[str], key: str) -> set[str]:
    """Which of these hashes have a Paper stored with extraction ``key`` (none is decoded)."""
    return {sha for chunk in _chunks(sha256s) for (sha,) in conn.execute(
        f"SELECT sha256 FROM documents WHERE outcome = 'ok' AND extraction_key = ? "
        f"AND sha256 IN ({', '.join('?' * len(chunk))})", (key, *chunk))}


def _chunks(sha256s: Iterable[str]) -> Iterator[list[str]]:
    """Distinct hashes in runs of 500 (SQLite caps the parameters of one query)."""
    wanted = list(dict.fromkeys(sha256s))
    for start in range(0, len(wanted), 500):
        yield wanted[start : start + 500]


def _papers(conn: sqlite3.Connection, where: str, params: Sequence[Any]) -> list[Paper]:
    """The documents matching ``where``, each rebuilt as a whole Paper (a pack with its parts)."""
    docs = conn.execute(f"SELECT {', '.join((*_DOCUMENT, *_IDENTITY))} FROM documents "
                        f"WHERE {where} ORDER BY file_name, sha256", params).fetchall()
    shas = [d[0] for d in docs]
    records = {name: _records(conn, table, cls, shas) for table, cls, name in PARTS}
    packs = _pack_papers(conn, shas)
    papers = []
    for sha, name, kind, title, series, edition, pages, extractor, _, warnings, *who in docs:
        file = Paper(source_file=name, source_sha256=sha, file_type=kind or "pdf",
                     extractor=extractor or "", title=title or "", page_count=pages or 0,
                     series=series or "", edition=edition or "",
                     warnings=tuple(json.loads(warnings)) if warnings else (),
                     **_decoded(dict(zip(_IDENTITY, who, strict=True))))
        parts = tuple(_with_records(replace(file, part=n, **kept), records)
                      for n, kept in packs.get(sha, ()))
        papers.append(replace(_with_records(file, records), parts=parts))
    return papers


def _decoded(stored: dict[str, Any]) -> dict[str, Any]:
    """Stored Paper cells as the Paper's field values."""
    types = hints(Paper)
    return {name: 0 if types[name] is int and value is None else from_cell(types[name], value)
            for name, value in stored.items()}


def _pack_papers(conn: sqlite3.Connection, sha256s: list[str]
                 ) -> dict[str, list[tuple[int, dict[str, Any]]]]:
    """Each pack's papers: (part, its ``_PAPER`` fields), by hash in part order."""
    found: dict[str, list[tuple[int, dict[str, Any]]]] = defaultdict(list)
    for chunk in _chunks(sha256s):
        for sha, part, *values in conn.execute(
            f"SELECT sha256, part, {', '.join(_PAPER)} FROM papers "
            f"WHERE sha256 IN ({', '.join('?' * len(chunk))}) ORDER BY sha256, part", chunk
        ):
            found[sha].append((part, _decoded(dict(zip(_PAPER, values, strict=True)))))
    return found


def _with_records(paper: Paper, records: dict[str, dict[tuple[str, int], list[Any]]]) -> Paper:
    """``paper`` with its own records (by its hash and part) of every record table."""
    own: dict[str, Any] = {name: tuple(found.get((paper.source_sha256, paper.part), ()))
                           for name, found in records.items()}
    return replace(paper, **own)


def _records(
    conn: sqlite3.Connection, table: str, cls: type, sha256s: list[str]
) -> dict[tuple[str, int], list[Any]]:
    """The rows of one record table for these documents, rebuilt, by (hash, part) in order."""
    found: dict[tuple[str, int], list[Any]] = defaultdict(list)
    for chunk in _chunks(sha256s):
        for row in conn.execute(
            f"SELECT sha256, part, {', '.join(columns(cls))} FROM {table} "
            f"WHERE sha256 IN ({', '.join('?' * len(chunk))}) ORDER BY sha256, position", chunk
        ):
            found[(row[0], row[1])].append(built(cls, row[2:]))
    return found


# ------------------------------------------------------------------ reconciliation


def save_changes(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    """Make ``changes`` hold exactly ``rows``, rewriting only edition pairs that differ.

    Returns the number of edition pairs written or removed.
    """
    return _replace_groups(conn, "changes", CHANGE_COLUMNS, 3, rows)


def save_register(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    """Make ``register_entries`` hold exactly ``rows``, rewriting only series that differ."""
    return _replace_groups(conn, "register_entries", REGISTER_COLUMNS, 1, rows)


def save_superseded(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    """Make ``superseded`` list exactly ``rows`` (the audit trail of replaced documents)."""
    return _replace_groups(conn, "superseded", SUPERSEDED_COLUMNS, 0, rows)


def _replace_groups(
    conn: sqlite3.Connection, table: str, columns: Sequence[str], width: int,
    rows: Iterable[Row],
) -> int:
    """Make ``table`` hold ``rows``; groups (the first ``width`` columns) are rewritten
    only when they differ. Returns the number of groups written or removed."""
    wanted: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        values = tuple(cell(row.get(c, "")) for c in columns)
        wanted[values[:width]].append(values)
    stored: dict[tuple[Any, ...], list[tuple[Any, ...]]] = defaultdict(list)
    order = ", ".join([*columns[:width], "position"])
    for values in conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {order}"):
        stored[tuple(values[:width])].append(tuple(values))
    touched = [g for g in wanted.keys() | stored.keys() if wanted.get(g) != stored.get(g)]
    if not touched:
        return 0
    match = " AND ".join(f"{c} IS ?" for c in columns[:width]) or "1"
    with transaction(conn):
        for group in sorted(touched, key=lambda g: tuple(str(v) for v in g)):
            conn.execute(f"DELETE FROM {table} WHERE {match}", group)
            conn.executemany(
                f"INSERT INTO {table} (position, {', '.join(columns)}) "
                f"VALUES ({', '.join('?' * (len(columns) + 1))})",
                [(n, *values) for n, values in enumerate(wanted.get(group, []))])
    return len(touched)


# ------------------------------------------------------------------ read-only questions

T = TypeVar("T")


def read_only(path: Path, query: Callable[[sqlite3.Connection], T], none: T) -> T:
    """``query(conn)`` on the history at ``path`` opened read-only; ``none`` without a usable one.

    A run asks before it writes: there may be no history yet, or one that an
    older rectrack left without the tables asked about (then all is read anew).
    The connection refuses writes (``query_only``) but is not opened read-only
    where the file can be written: a read-only connection, the last to close,
    leaves the write-ahead log's ``-wal`` and ``-shm`` files beside the history.
    """
    if not path.exists():
        return none
    conn = sqlite3.connect(path)
    try:
        conn.execute("PRAGMA query_only = ON")
        return query(conn)
    except sqlite3.Error:
        return none
    finally:
        conn.close()


def documents_digest(conn: sqlite3.Connection) -> str:
    """Digest of the document rows that reconciliation and reuse depend on, run times left out.

    A document's records are written with it and rewritten only with a new
    extraction key or outcome, which its row shows; each row is hashed as
    JSON, so no two different rows (or splits of them) hash alike.
    """
    digest = hashlib.sha256()
    for row in conn.execute(
            "SELECT sha256, file_name, file_type, title, series, edition, page_count, "
            "extractor, outcome, error_type, error, extraction_key "
            "FROM documents ORDER BY sha256"):
        digest.update(json.dumps(row, ensure_ascii=False).encode())
    return digest.hexdigest()
