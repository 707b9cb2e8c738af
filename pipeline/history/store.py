"""The history: every paper rectrack has read, its records, and the latest reconciliation.

One SQLite file (stdlib ``sqlite3``), by default ``history.sqlite`` in the
output folder, on local disk (SQLite's locking is not safe on network shares).
WAL journalling lets a reader look at the history while a run writes it. The
schema (``pipeline.history.schema``) grows through named migrations.

Each paper is stored in one form: its tables (``documents``,
``recommendations``, ``inspections``, ``judgements``, ``status_key``), one
column per field, NULL for no value. They rebuild the whole Paper, so a rerun
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
from dataclasses import fields, is_dataclass
from functools import cache
from pathlib import Path
from typing import Any, TypeVar, get_args, get_type_hints

from extractors.model import Inspection, Judgement, Paper, Recommendation, StatusKeyEntry
from pipeline.history.schema import migrate, transaction
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


# ------------------------------------------------------------------ cells


def cell(value: Any) -> Any:
    """A value as stored: "" and () as NULL, tuples as JSON arrays, booleans as 0/1."""
    if value == "" or value == ():
        return None
    if isinstance(value, tuple):
        return json.dumps(list(value), ensure_ascii=False)
    return int(value) if isinstance(value, bool) else value


def _value(hint: Any, stored: Any) -> Any:
    """A stored cell as the field's Python value (``cell`` undone)."""
    if hint is bool:
        return bool(stored)
    if stored is None:
        if type(None) in get_args(hint):  # an optional value (ocr_confidence): None stays None
            return None
        return () if getattr(hint, "__origin__", None) is tuple else ""
    if getattr(hint, "__origin__", None) is tuple:
        return tuple(json.loads(stored))
    return stored


@cache
def _columns(cls: type) -> tuple[str, ...]:
    """A record class's columns: one per field; a field that is itself a dataclass
    (``location``) gives one per its own fields: ``location_kind`` ... ``location_box``."""
    names: list[str] = []
    for f in fields(cls):
        inner = _nested(cls, f.name)
        names += [f"{f.name}_{c}" for c in _columns(inner)] if inner else [f.name]
    return tuple(names)


@cache
def _hints(cls: type) -> dict[str, Any]:
    """A dataclass's field types, resolved once (resolving costs more than decoding)."""
    return get_type_hints(cls)


def _nested(cls: type, name: str) -> type | None:
    """The dataclass a field of ``cls`` holds (``Location``), or None for a plain value."""
    hint = _hints(cls)[name]
    return hint if isinstance(hint, type) and is_dataclass(hint) else None


def _cells(obj: Any) -> list[Any]:
    """A record's cells in ``_columns`` order."""
    values: list[Any] = []
    for f in fields(obj):
        value = getattr(obj, f.name)
        values += _cells(value) if _nested(type(obj), f.name) else [cell(value)]
    return values


def _built(cls: type, row: Sequence[Any]) -> Any:
    """The record a row of ``_columns(cls)`` was made from."""
    return _made(cls, dict(zip(_columns(cls), row, strict=True)), "")


def _made(cls: type, values: dict[str, Any], prefix: str) -> Any:
    """An instance of ``cls`` from the ``values`` of its columns named ``prefix`` + field."""
    kwargs = {}
    for name, hint in _hints(cls).items():
        inner = _nested(cls, name)
        kwargs[name] = (_made(inner, values, f"{prefix}{name}_") if inner
                        else _value(hint, values[prefix + name]))  # fmt: skip
    return cls(**kwargs)


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
    """Store a paper and its records unless the same reading already has (1 if written)."""
    if _stored(conn, paper.source_sha256) == ("ok", paper.extractor, cell(key)):
        return 0
    conn.execute("DELETE FROM documents WHERE sha256 = ?", (paper.source_sha256,))
    values = [paper.source_sha256, paper.source_file, *map(cell, (
        paper.file_type, paper.title, paper.series, paper.edition)), paper.page_count,
        cell(paper.extractor), cell(key), cell(paper.warnings), processed_at]
    conn.execute(f"INSERT INTO documents ({', '.join(_DOCUMENT)}, processed_at, outcome) "
                 f"VALUES ({', '.join('?' * len(values))}, 'ok')", values)
    for table, cls, name in PARTS:
        columns = ("sha256", "position", *_columns(cls))
        conn.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
            [(paper.source_sha256, n, *_cells(item)) for n, item in
             enumerate(getattr(paper, name))])
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
    """The documents matching ``where``, each rebuilt as a whole Paper."""
    docs = conn.execute(f"SELECT {', '.join(_DOCUMENT)} FROM documents WHERE {where} "
                        "ORDER BY file_name, sha256", params).fetchall()
    parts = {name: _parts(conn, table, cls, [d[0] for d in docs]) for table, cls, name in PARTS}
    return [
        Paper(source_file=name, source_sha256=sha, file_type=kind or "pdf",
              extractor=extractor or "", title=title or "", page_count=pages or 0,
              series=series or "", edition=edition or "",
              warnings=tuple(json.loads(warnings)) if warnings else (),
              **{part: tuple(found.get(sha, ())) for part, found in parts.items()})
        for sha, name, kind, title, series, edition, pages, extractor, _, warnings in docs
    ]


def _parts(
    conn: sqlite3.Connection, table: str, cls: type, sha256s: list[str]
) -> dict[str, list[Any]]:
    """The rows of one record table for these documents, rebuilt, by hash in order."""
    found: dict[str, list[Any]] = defaultdict(list)
    for chunk in _chunks(sha256s):
        for row in conn.execute(
            f"SELECT sha256, {', '.join(_columns(cls))} FROM {table} "
            f"WHERE sha256 IN ({', '.join('?' * len(chunk))}) ORDER BY sha256, position", chunk
        ):
            found[row[0]].append(_built(cls, row[1:]))
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
    """
    if not path.exists():
        return none
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
    try:
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
