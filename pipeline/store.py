"""The history: every paper rectrack has read, its records, and the latest changes.

One SQLite file (stdlib ``sqlite3``), by default ``history.sqlite`` in the
output folder, on local disk (SQLite's locking is not safe on network shares).
WAL journalling lets a reader look at the history while a run writes it.

The schema grows through ``MIGRATIONS``: named steps applied in order, each in
its own transaction and recorded in the ``migrations`` table, so an old history
is brought up to date by the next run and never rebuilt.

Adding is idempotent. A document (keyed by the SHA-256 of its bytes, so a
renamed copy is the same paper, still named as first seen) is written once; it
is rewritten only when a newer extractor read it or it had failed before.
``processed_at`` is the only run timestamp in the history. Records are stored
field by field (not pickled), enough to rebuild every records.csv row and to
reconcile editions that are no longer in the inbox. ``changes`` holds the
latest reconciliation of the whole history; an edition pair's rows are
replaced only when they differ. So a second run over the same inbox writes
nothing.
"""

from __future__ import annotations

import json
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, fields, is_dataclass, replace
from functools import cache
from pathlib import Path
from typing import Any, get_args, get_origin, get_type_hints

from extractors.model import Location, Paper, Recommendation
from pipeline.isolation import Failure
from pipeline.tables import CHANGE_COLUMNS, Row

HISTORY_NAME = "history.sqlite"

#: Recommendation fields stored as one column each (location is split in two).
RECORD_FIELDS = tuple(f.name for f in fields(Recommendation) if f.name != "location")
_TUPLE_FIELDS = ("warnings", "flags")
_BOOL_FIELDS = ("inspection_is_new", "label_from_position")

MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001_documents_records_changes",
        """
        CREATE TABLE documents (
            sha256 TEXT PRIMARY KEY,
            file_name TEXT NOT NULL,
            file_type TEXT NOT NULL,
            title TEXT NOT NULL,
            series TEXT NOT NULL,
            edition TEXT NOT NULL,
            page_count INTEGER NOT NULL,
            extractor TEXT NOT NULL,
            processed_at TEXT NOT NULL,
            outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
            error_type TEXT NOT NULL,
            error TEXT NOT NULL
        );
        CREATE TABLE records (
            sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
            position INTEGER NOT NULL,
            location_kind TEXT NOT NULL,
            location_number INTEGER NOT NULL,
            directorate TEXT NOT NULL,
            inspection TEXT NOT NULL,
            label TEXT NOT NULL,
            recommendation TEXT NOT NULL,
            inspection_is_new INTEGER NOT NULL,
            inspection_body TEXT NOT NULL,
            label_from_position INTEGER NOT NULL,
            original_target_text TEXT NOT NULL,
            revised_target_text TEXT NOT NULL,
            status_text TEXT NOT NULL,
            status_colour TEXT NOT NULL,
            progress TEXT NOT NULL,
            notes TEXT NOT NULL,
            warnings TEXT NOT NULL,
            original_target TEXT NOT NULL,
            revised_target TEXT NOT NULL,
            status TEXT NOT NULL,
            status_from_colour TEXT NOT NULL,
            record_key TEXT NOT NULL,
            flags TEXT NOT NULL,
            PRIMARY KEY (sha256, position)
        );
        CREATE INDEX records_by_key ON records (record_key);
        CREATE TABLE changes (
            position INTEGER NOT NULL,
            series, old_edition, new_edition, record_key, directorate, inspection, label,
            change, field, old_value, new_value, match_score, old_page, new_page,
            old_record_key, match, old_status, new_status, flags, old_source_file,
            old_location, new_source_file, new_location, reviewed,
            PRIMARY KEY (series, old_edition, new_edition, position)
        );
        """,
    ),
    (
        "0002_extracted_papers",
        """
        CREATE TABLE extracted (
            sha256 TEXT PRIMARY KEY REFERENCES documents (sha256) ON DELETE CASCADE,
            extraction_key TEXT NOT NULL,
            paper TEXT NOT NULL
        );
        """,
    ),
    (
        "0003_papers_of_a_file",
        """
        ALTER TABLE records ADD COLUMN part INTEGER NOT NULL DEFAULT 0;
        CREATE TABLE papers (
            sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
            part INTEGER NOT NULL,
            title TEXT NOT NULL,
            series TEXT NOT NULL,
            edition TEXT NOT NULL,
            committee TEXT NOT NULL,
            meeting_date_text TEXT NOT NULL,
            meeting_date TEXT NOT NULL,
            edition_basis TEXT NOT NULL,
            first_page INTEGER NOT NULL,
            last_page INTEGER NOT NULL,
            PRIMARY KEY (sha256, part)
        );
        """,
    ),
)
#: What ``papers`` keeps of each paper of a file (part 0: a file that is one paper).
PAPER_FIELDS = ("title", "series", "edition", "committee", "meeting_date_text", "meeting_date",
                "edition_basis", "first_page", "last_page")


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on any error (the connection is autocommit)."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def open_history(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the history at ``path``, migrated to the latest schema."""
    path.parent.mkdir(parents=True, exist_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded, in order; return their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)")
    done = {name for (name,) in conn.execute("SELECT name FROM migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        with transaction(conn):
            for statement in filter(str.strip, sql.split(";")):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations (name) VALUES (?)", (name,))
        applied.append(name)
    return applied


# ------------------------------------------------------------------ documents


def add_run(
    conn: sqlite3.Connection,
    papers: Iterable[Paper],
    failures: Iterable[Failure],
    processed_at: str,
) -> int:
    """Add what a run read, in one transaction; return how many documents were written."""
    written = 0
    with transaction(conn):
        for paper in papers:
            written += _add_paper(conn, paper, processed_at)
        for failure in failures:
            written += _add_failure(conn, failure, processed_at)
    return written


def _stored(conn: sqlite3.Connection, sha256: str) -> tuple[str, str] | None:
    """(outcome, extractor) of a stored document, or None."""
    row = conn.execute(
        "SELECT outcome, extractor FROM documents WHERE sha256 = ?", (sha256,)).fetchone()
    return (row[0], row[1]) if row else None


def _add_paper(conn: sqlite3.Connection, paper: Paper, processed_at: str) -> int:
    """Store a paper and its records unless the same extractor already has (1 if written)."""
    if _stored(conn, paper.source_sha256) == ("ok", paper.extractor):
        return 0
    conn.execute("DELETE FROM documents WHERE sha256 = ?", (paper.source_sha256,))
    conn.execute(
        "INSERT INTO documents VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'ok', '', '')",
        (paper.source_sha256, paper.source_file, paper.file_type, paper.title, paper.series,
         paper.edition, paper.page_count, paper.extractor, processed_at),
    )
    columns = ("sha256", "position", "part", "location_kind", "location_number", *RECORD_FIELDS)
    records = [(part.part, r) for part in paper.papers() for r in part.recommendations]
    conn.executemany(
        f"INSERT INTO records ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})",
        [(paper.source_sha256, n, number, *_record_values(r))
         for n, (number, r) in enumerate(records)],
    )
    conn.executemany(
        f"INSERT INTO papers VALUES (?, ?, {', '.join('?' * len(PAPER_FIELDS))})",
        [(paper.source_sha256, part.part, *(getattr(part, f) for f in PAPER_FIELDS))
         for part in paper.papers()],
    )
    return 1


def _add_failure(conn: sqlite3.Connection, failure: Failure, processed_at: str) -> int:
    """Note a failed input once (unreadable files have no hash and are not noted)."""
    if not failure.source_sha256 or _stored(conn, failure.source_sha256):
        return 0
    conn.execute(
        "INSERT INTO documents VALUES (?, ?, '', '', '', '', 0, '', ?, 'failed', ?, ?)",
        (failure.source_sha256, failure.source_file, processed_at, failure.error_type,
         failure.reason),
    )
    return 1


def _record_values(rec: Recommendation) -> tuple[Any, ...]:
    """A record as column values: location split, tuples as JSON, booleans as 0/1."""
    values = {f: getattr(rec, f) for f in RECORD_FIELDS}
    for name in _TUPLE_FIELDS:
        values[name] = json.dumps(list(values[name]), ensure_ascii=False)
    for name in _BOOL_FIELDS:
        values[name] = int(values[name])
    return (*astuple(rec.location), *values.values())


def history_papers(conn: sqlite3.Connection) -> list[Paper]:
    """Every paper read successfully, with its records, by file name then hash; a file
    of several papers (an agenda pack) as a Paper of ``parts``."""
    records: dict[tuple[str, int], list[Recommendation]] = defaultdict(list)
    columns = ", ".join(("sha256", "part", "location_kind", "location_number", *RECORD_FIELDS))
    for row in conn.execute(f"SELECT {columns} FROM records ORDER BY sha256, position"):
        records[(row[0], row[1])].append(_record(row[2:]))
    parts: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in conn.execute(
            f"SELECT sha256, part, {', '.join(PAPER_FIELDS)} FROM papers ORDER BY sha256, part"):
        parts[row[0]].append({"part": row[1], **dict(zip(PAPER_FIELDS, row[2:], strict=True))})
    papers = []
    for sha, name, kind, title, series, edition, pages, extractor in conn.execute(
            "SELECT sha256, file_name, file_type, title, series, edition, page_count, extractor"
            " FROM documents WHERE outcome = 'ok' ORDER BY file_name, sha256"):
        file = Paper(source_file=name, source_sha256=sha, file_type=kind, extractor=extractor,
                     title=title, page_count=pages, series=series, edition=edition)
        own = [replace(file, **kept, recommendations=tuple(records[(sha, kept["part"])]))
               for kept in parts[sha]]
        if not own:  # read before papers were kept apart (migration 0003)
            own = [replace(file, recommendations=tuple(records[(sha, 0)]))]
        papers.append(own[0] if len(own) == 1 and own[0].part == 0 else replace(
            file, parts=tuple(own)))
    return papers


def _record(row: Sequence[Any]) -> Recommendation:
    """The Recommendation a ``records`` row was made from."""
    values = dict(zip(RECORD_FIELDS, row[2:], strict=True))
    for name in _TUPLE_FIELDS:
        values[name] = tuple(json.loads(values[name]))
    for name in _BOOL_FIELDS:
        values[name] = bool(values[name])
    return Recommendation(location=Location(row[0], row[1]), **values)


# ------------------------------------------------------------------ extracted papers


def save_extracted(conn: sqlite3.Connection, papers: Iterable[Paper], key: str) -> int:
    """Keep each stored paper whole (as JSON), read with extraction ``key``; return rows written.

    A rerun then takes an unchanged file's Paper from here instead of reading it
    again (``pipeline.executors.skip_known``). Only documents already added are
    kept, and a row is rewritten only when its key changed, so a rerun over the
    same inbox still writes nothing.
    """
    rows = [(p.source_sha256, key, json.dumps(_encoded(p), ensure_ascii=False)) for p in papers]
    with transaction(conn):
        before = conn.total_changes
        conn.executemany(
            "INSERT INTO extracted SELECT ?1, ?2, ?3 WHERE EXISTS "
            "(SELECT 1 FROM documents WHERE sha256 = ?1 AND outcome = 'ok') "
            "ON CONFLICT (sha256) DO UPDATE SET extraction_key = excluded.extraction_key, "
            "paper = excluded.paper WHERE extraction_key != excluded.extraction_key",
            rows,
        )
        return conn.total_changes - before


def extracted_papers(
    conn: sqlite3.Connection, sha256s: Iterable[str], key: str
) -> dict[str, Paper]:
    """The stored Papers of these hashes that were read with extraction ``key``."""
    return {sha: _decoded(Paper, json.loads(text))
            for sha, text in _extracted(conn, "sha256, paper", sha256s, key)}


def extracted_hashes(conn: sqlite3.Connection, sha256s: Iterable[str], key: str) -> set[str]:
    """Which of these hashes have a Paper stored with extraction ``key`` (none is decoded)."""
    return {sha for (sha,) in _extracted(conn, "sha256", sha256s, key)}


def _extracted(
    conn: sqlite3.Connection, columns: str, sha256s: Iterable[str], key: str
) -> Iterator[tuple[Any, ...]]:
    """``columns`` of the ``extracted`` rows of these hashes read with ``key``."""
    wanted = list(dict.fromkeys(sha256s))
    for start in range(0, len(wanted), 500):  # SQLite caps the parameters of one query
        chunk = wanted[start : start + 500]
        yield from conn.execute(
            f"SELECT {columns} FROM extracted WHERE extraction_key = ? "
            f"AND sha256 IN ({', '.join('?' * len(chunk))})", (key, *chunk)
        )


def _encoded(value: Any) -> Any:
    """A frozen dataclass (tuples of dataclasses included) as JSON values; ``_decoded`` undoes it.

    The JSON is ``dataclasses.asdict``'s, made without the deep copy of every
    leaf value that made ``asdict`` most of the cost of storing a run.
    """
    if isinstance(value, tuple):
        return [_encoded(item) for item in value]
    names = _field_names(value.__class__)
    if names is None:
        return value
    return {name: _encoded(getattr(value, name)) for name in names}


@cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """A dataclass's field names; None for any other type (asked once per type)."""
    return tuple(f.name for f in fields(cls)) if is_dataclass(cls) else None


def _decoded(cls: Any, value: Any) -> Any:
    """Rebuild a frozen dataclass (tuples of dataclasses included) from its ``asdict`` JSON."""
    hints = _hints(cls)
    return cls(**{f.name: _decoded_value(hints[f.name], value[f.name]) for f in fields(cls)})


@cache
def _hints(cls: Any) -> dict[str, Any]:
    """A dataclass's field types, resolved once (resolving costs more than decoding)."""
    return get_type_hints(cls)


def _decoded_value(hint: Any, value: Any) -> Any:
    if is_dataclass(hint):
        return _decoded(hint, value)
    if get_origin(hint) is tuple:
        return tuple(_decoded_value(get_args(hint)[0], item) for item in value)
    return value


# ------------------------------------------------------------------ changes


def save_changes(conn: sqlite3.Connection, rows: Iterable[Row]) -> int:
    """Make ``changes`` hold exactly ``rows``, rewriting only edition pairs that differ.

    Returns the number of edition pairs written or removed.
    """
    wanted: dict[tuple[str, str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for row in rows:
        pair = (row["series"], row["old_edition"], row["new_edition"])
        wanted[pair].append(tuple(row.get(c, "") for c in CHANGE_COLUMNS))
    stored = _stored_changes(conn)
    touched = [pair for pair in wanted.keys() | stored.keys()
               if wanted.get(pair) != stored.get(pair)]
    if not touched:
        return 0
    with transaction(conn):
        for pair in sorted(touched):
            conn.execute("DELETE FROM changes WHERE series = ? AND old_edition = ? "
                         "AND new_edition = ?", pair)
            conn.executemany(
                f"INSERT INTO changes (position, {', '.join(CHANGE_COLUMNS)}) "
                f"VALUES ({', '.join('?' * (len(CHANGE_COLUMNS) + 1))})",
                [(n, *values) for n, values in enumerate(wanted.get(pair, []))],
            )
    return len(touched)


def _stored_changes(conn: sqlite3.Connection) -> dict[tuple[str, str, str], list[tuple[Any, ...]]]:
    """The stored change rows per edition pair, in position order."""
    stored: dict[tuple[str, str, str], list[tuple[Any, ...]]] = defaultdict(list)
    for values in conn.execute(
        f"SELECT {', '.join(CHANGE_COLUMNS)} FROM changes "
        "ORDER BY series, old_edition, new_edition, position"
    ):
        stored[(values[0], values[1], values[2])].append(tuple(values))
    return stored
