"""The history's schema, grown through named migrations (model: sqlite-utils ``migrations.py``).

Each step of ``MIGRATIONS`` is applied once, in order, in its own transaction,
and recorded in the ``migrations`` table, so an old history is brought up to
date by the next run and never rebuilt.

Since ``0003_one_form_typed_history`` every paper is stored once, as tables an
analyst can open in the sqlite3 shell or Datasette (``rectrack serve``):

- ``documents``: one row per file read (or failed), with the extraction key
  it was read with, its committee and meeting date (``0006_papers_of_a_file``);
- ``papers``: the papers of an agenda pack, one row each (records name theirs
  by ``part``);
- ``recommendations``, ``inspections``, ``judgements``, ``status_key``: a
  paper's records, one column per field, typed, NULL for no value (not ``''``);
  lists (flags, warnings) as JSON arrays;
- ``changes``, ``register_entries``, ``superseded``: the latest reconciliation
  of the whole history;
- views ``register`` (one row per recommendation of a series) and
  ``latest_editions`` (the documents of each series' latest edition);
- ``recommendations_fts``: full-text search on recommendation and progress
  text, kept in step by triggers.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

#: What SQLite keeps beside a database file: a rollback journal, a WAL and its index.
_BESIDE = ("-journal", "-wal", "-shm")

_V1 = """
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY, file_name TEXT NOT NULL, file_type TEXT NOT NULL,
    title TEXT NOT NULL, series TEXT NOT NULL, edition TEXT NOT NULL,
    page_count INTEGER NOT NULL, extractor TEXT NOT NULL, processed_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')),
    error_type TEXT NOT NULL, error TEXT NOT NULL
);
CREATE TABLE records (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    position INTEGER NOT NULL, location_kind TEXT NOT NULL, location_number INTEGER NOT NULL,
    directorate TEXT NOT NULL, inspection TEXT NOT NULL, label TEXT NOT NULL,
    recommendation TEXT NOT NULL, inspection_is_new INTEGER NOT NULL,
    inspection_body TEXT NOT NULL, label_from_position INTEGER NOT NULL,
    original_target_text TEXT NOT NULL, revised_target_text TEXT NOT NULL,
    status_text TEXT NOT NULL, status_colour TEXT NOT NULL, progress TEXT NOT NULL,
    notes TEXT NOT NULL, warnings TEXT NOT NULL, original_target TEXT NOT NULL,
    revised_target TEXT NOT NULL, status TEXT NOT NULL, status_from_colour TEXT NOT NULL,
    record_key TEXT NOT NULL, flags TEXT NOT NULL,
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
"""

_V2 = """
CREATE TABLE extracted (
    sha256 TEXT PRIMARY KEY REFERENCES documents (sha256) ON DELETE CASCADE,
    extraction_key TEXT NOT NULL,
    paper TEXT NOT NULL
);
"""

#: Record fields of a Recommendation, in table order (location split in two).
_RECOMMENDATION = """
    location_kind TEXT NOT NULL, location_number INTEGER NOT NULL,
    directorate TEXT, inspection TEXT, label TEXT, recommendation TEXT,
    inspection_is_new INTEGER NOT NULL, inspection_body TEXT,
    label_from_position INTEGER NOT NULL, original_target_text TEXT,
    revised_target_text TEXT, status_text TEXT, status_colour TEXT, progress TEXT, notes TEXT,
    warnings TEXT, original_target TEXT, revised_target TEXT, status TEXT,
    status_from_colour TEXT, record_key TEXT, flags TEXT"""

_V3 = f"""
ALTER TABLE documents RENAME TO documents_v2;
CREATE TABLE documents (
    sha256 TEXT PRIMARY KEY, file_name TEXT NOT NULL, file_type TEXT, title TEXT,
    series TEXT, edition TEXT, page_count INTEGER, extractor TEXT, extraction_key TEXT,
    warnings TEXT, processed_at TEXT NOT NULL,
    outcome TEXT NOT NULL CHECK (outcome IN ('ok', 'failed')), error_type TEXT, error TEXT
);
INSERT INTO documents
SELECT d.sha256, d.file_name, NULLIF(d.file_type, ''), NULLIF(d.title, ''),
       NULLIF(d.series, ''), NULLIF(d.edition, ''),
       CASE WHEN d.outcome = 'ok' THEN d.page_count END, NULLIF(d.extractor, ''),
       x.extraction_key, NULLIF(json_extract(x.paper, '$.warnings'), '[]'), d.processed_at,
       d.outcome, NULLIF(d.error_type, ''), NULLIF(d.error, '')
FROM documents_v2 d LEFT JOIN extracted x ON x.sha256 = d.sha256;
CREATE TABLE recommendations (
    id INTEGER PRIMARY KEY,
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    position INTEGER NOT NULL,{_RECOMMENDATION},
    UNIQUE (sha256, position)
);
CREATE INDEX recommendations_by_key ON recommendations (record_key);
INSERT INTO recommendations (sha256, position, location_kind, location_number, directorate,
    inspection, label, recommendation, inspection_is_new, inspection_body, label_from_position,
    original_target_text, revised_target_text, status_text, status_colour, progress, notes,
    warnings, original_target, revised_target, status, status_from_colour, record_key, flags)
SELECT sha256, position, location_kind, location_number, NULLIF(directorate, ''),
    NULLIF(inspection, ''), NULLIF(label, ''), NULLIF(recommendation, ''), inspection_is_new,
    NULLIF(inspection_body, ''), label_from_position, NULLIF(original_target_text, ''),
    NULLIF(revised_target_text, ''), NULLIF(status_text, ''), NULLIF(status_colour, ''),
    NULLIF(progress, ''), NULLIF(notes, ''), NULLIF(warnings, '[]'),
    NULLIF(original_target, ''), NULLIF(revised_target, ''), NULLIF(status, ''),
    NULLIF(status_from_colour, ''), NULLIF(record_key, ''), NULLIF(flags, '[]')
FROM records ORDER BY sha256, position;
CREATE TABLE inspections (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    position INTEGER NOT NULL, location_kind TEXT NOT NULL, location_number INTEGER NOT NULL,
    directorate TEXT, title TEXT, is_new INTEGER NOT NULL, inspection_body TEXT,
    inspection_type TEXT, purpose TEXT, date_text TEXT, inspection_date TEXT,
    published_date TEXT, overall_outcome TEXT, overall_progress TEXT, deadlines TEXT,
    PRIMARY KEY (sha256, position)
);
INSERT INTO inspections
SELECT x.sha256, CAST(j.key AS INTEGER), json_extract(j.value, '$.location.kind'),
    json_extract(j.value, '$.location.number'), NULLIF(json_extract(j.value, '$.directorate'), ''),
    NULLIF(json_extract(j.value, '$.title'), ''), json_extract(j.value, '$.is_new'),
    NULLIF(json_extract(j.value, '$.inspection_body'), ''),
    NULLIF(json_extract(j.value, '$.inspection_type'), ''),
    NULLIF(json_extract(j.value, '$.purpose'), ''),
    NULLIF(json_extract(j.value, '$.date_text'), ''),
    NULLIF(json_extract(j.value, '$.inspection_date'), ''),
    NULLIF(json_extract(j.value, '$.published_date'), ''),
    NULLIF(json_extract(j.value, '$.overall_outcome'), ''),
    NULLIF(json_extract(j.value, '$.overall_progress'), ''),
    NULLIF(json_extract(j.value, '$.deadlines'), '')
FROM extracted x, json_each(x.paper, '$.inspections') j;
CREATE TABLE judgements (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    position INTEGER NOT NULL, location_kind TEXT NOT NULL, location_number INTEGER NOT NULL,
    subject TEXT, aspect TEXT, judgement_text TEXT, judgement TEXT,
    inspection_date_text TEXT, inspection_date TEXT,
    PRIMARY KEY (sha256, position)
);
INSERT INTO judgements
SELECT x.sha256, CAST(j.key AS INTEGER), json_extract(j.value, '$.location.kind'),
    json_extract(j.value, '$.location.number'), NULLIF(json_extract(j.value, '$.subject'), ''),
    NULLIF(json_extract(j.value, '$.aspect'), ''),
    NULLIF(json_extract(j.value, '$.judgement_text'), ''),
    NULLIF(json_extract(j.value, '$.judgement'), ''),
    NULLIF(json_extract(j.value, '$.inspection_date_text'), ''),
    NULLIF(json_extract(j.value, '$.inspection_date'), '')
FROM extracted x, json_each(x.paper, '$.judgements') j;
CREATE TABLE status_key (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    position INTEGER NOT NULL, status_text TEXT, colour TEXT, description TEXT, status TEXT,
    PRIMARY KEY (sha256, position)
);
INSERT INTO status_key
SELECT x.sha256, CAST(j.key AS INTEGER), NULLIF(json_extract(j.value, '$.status_text'), ''),
    NULLIF(json_extract(j.value, '$.colour'), ''),
    NULLIF(json_extract(j.value, '$.description'), ''),
    NULLIF(json_extract(j.value, '$.status'), '')
FROM extracted x, json_each(x.paper, '$.status_key') j;
DROP TABLE records;
DROP TABLE extracted;
DROP TABLE documents_v2;
CREATE VIRTUAL TABLE recommendations_fts USING fts5 (
    recommendation, progress, content=[recommendations], content_rowid=[id]
);
INSERT INTO recommendations_fts (recommendations_fts) VALUES ('rebuild');
CREATE TRIGGER recommendations_ai AFTER INSERT ON recommendations BEGIN
    INSERT INTO recommendations_fts (rowid, recommendation, progress)
    VALUES (new.id, new.recommendation, new.progress);
END;
CREATE TRIGGER recommendations_ad AFTER DELETE ON recommendations BEGIN
    INSERT INTO recommendations_fts (recommendations_fts, rowid, recommendation, progress)
    VALUES ('delete', old.id, old.recommendation, old.progress);
END;
CREATE TRIGGER recommendations_au AFTER UPDATE ON recommendations BEGIN
    INSERT INTO recommendations_fts (recommendations_fts, rowid, recommendation, progress)
    VALUES ('delete', old.id, old.recommendation, old.progress);
    INSERT INTO recommendations_fts (rowid, recommendation, progress)
    VALUES (new.id, new.recommendation, new.progress);
END;
ALTER TABLE changes RENAME TO changes_v2;
CREATE TABLE changes (
    position INTEGER NOT NULL, series TEXT, old_edition TEXT, new_edition TEXT,
    record_key TEXT, directorate TEXT, inspection TEXT, label TEXT, change TEXT NOT NULL,
    field TEXT, old_value TEXT, new_value TEXT, match_score REAL, old_page INTEGER,
    new_page INTEGER, old_record_key TEXT, match TEXT, old_status TEXT, new_status TEXT,
    flags TEXT, old_source_file TEXT, old_location TEXT, new_source_file TEXT,
    new_location TEXT, reviewed TEXT, old_label TEXT, signed_off TEXT,
    PRIMARY KEY (series, old_edition, new_edition, position)
);
DROP TABLE changes_v2;
CREATE TABLE register_entries (
    position INTEGER NOT NULL, series TEXT NOT NULL, record_key TEXT, directorate TEXT,
    inspection TEXT, label TEXT, recommendation TEXT, status TEXT,
    first_seen_edition TEXT, last_seen_edition TEXT, editions_seen INTEGER,
    closed_edition TEXT, gone_since TEXT, gone_as TEXT, status_history TEXT,
    target_history TEXT, months_slipped INTEGER, slip_streak INTEGER, old_keys TEXT,
    old_labels TEXT, source_file TEXT, page INTEGER, location TEXT,
    PRIMARY KEY (series, position)
);
CREATE TABLE superseded (
    position INTEGER NOT NULL PRIMARY KEY, source_file TEXT NOT NULL,
    source_sha256 TEXT NOT NULL, series TEXT, edition TEXT, processed_at TEXT,
    superseded_by TEXT NOT NULL, superseded_at TEXT, reason TEXT NOT NULL
);
CREATE VIEW register AS
SELECT series, record_key, directorate, inspection, label, recommendation, status,
    gone_since IS NULL AND status IS NOT 'complete' AS is_open, first_seen_edition,
    last_seen_edition, editions_seen, closed_edition, gone_since, gone_as, status_history,
    target_history, months_slipped, slip_streak, old_keys, old_labels, source_file, page,
    location
FROM register_entries ORDER BY series, position;
CREATE VIEW latest_editions AS
SELECT d.series, d.edition, d.file_name, d.file_type, d.sha256, d.processed_at,
    (SELECT COUNT(*) FROM recommendations r WHERE r.sha256 = d.sha256) AS recommendations
FROM documents d
WHERE d.outcome = 'ok' AND d.edition IS NOT NULL
    AND d.sha256 NOT IN (SELECT source_sha256 FROM superseded)
    AND d.edition = (SELECT MAX(e.edition) FROM documents e
                     WHERE e.series IS d.series AND e.outcome = 'ok'
                     AND e.sha256 NOT IN (SELECT source_sha256 FROM superseded))
ORDER BY d.series, d.file_name;
"""

#: The report records a register row follows up (``pipeline.reconcile.lineage``).
_ORIGINS = """
ALTER TABLE register_entries ADD COLUMN origin_file TEXT;
ALTER TABLE register_entries ADD COLUMN origin_location TEXT;
ALTER TABLE register_entries ADD COLUMN origin_label TEXT;
ALTER TABLE register_entries ADD COLUMN origin_title TEXT;
ALTER TABLE register_entries ADD COLUMN origin_score TEXT;
ALTER TABLE register_entries ADD COLUMN origin_link TEXT;
DROP VIEW register;
CREATE VIEW register AS
SELECT series, record_key, directorate, inspection, label, recommendation, status,
    gone_since IS NULL AND status IS NOT 'complete' AS is_open, first_seen_edition,
    last_seen_edition, editions_seen, closed_edition, gone_since, gone_as, status_history,
    target_history, months_slipped, slip_streak, old_keys, old_labels, source_file, page,
    location, origin_file, origin_location, origin_label, origin_title, origin_score,
    origin_link
FROM register_entries ORDER BY series, position;
"""

#: How a record's page was read, and the OCR's mean word confidence (``extractors.ocr``);
#: every record stored before OCR came from a text layer.
_SOURCE_METHOD = """
ALTER TABLE recommendations ADD COLUMN source_method TEXT DEFAULT 'text';
ALTER TABLE recommendations ADD COLUMN ocr_confidence REAL;
"""

#: Auditors' tracker columns kept apart (``extractors.tracker``), a workbook cell as a
#: record's place (Location.cell, "Tracker!A12") and a key's colour named in words.
_TRACKER_FIELDS = """
ALTER TABLE recommendations ADD COLUMN location_cell TEXT;
ALTER TABLE recommendations ADD COLUMN priority TEXT;
ALTER TABLE recommendations ADD COLUMN owner TEXT;
ALTER TABLE recommendations ADD COLUMN finding TEXT;
ALTER TABLE recommendations ADD COLUMN management_response TEXT;
ALTER TABLE inspections ADD COLUMN location_cell TEXT;
ALTER TABLE judgements ADD COLUMN location_cell TEXT;
ALTER TABLE status_key ADD COLUMN colour_name TEXT;
"""

#: Which paper a document is (``extractors.identity``: committee, meeting, how its edition
#: was dated, its pages), and the papers of an agenda pack (``extractors.packs``): one
#: ``papers`` row each, and every record's ``part`` (0: the document's own paper).
_PAPERS = """
ALTER TABLE documents ADD COLUMN committee TEXT;
ALTER TABLE documents ADD COLUMN meeting_date_text TEXT;
ALTER TABLE documents ADD COLUMN meeting_date TEXT;
ALTER TABLE documents ADD COLUMN edition_basis TEXT;
ALTER TABLE documents ADD COLUMN first_page INTEGER;
ALTER TABLE documents ADD COLUMN last_page INTEGER;
CREATE TABLE papers (
    sha256 TEXT NOT NULL REFERENCES documents (sha256) ON DELETE CASCADE,
    part INTEGER NOT NULL, title TEXT, series TEXT, edition TEXT, committee TEXT,
    meeting_date_text TEXT, meeting_date TEXT, edition_basis TEXT, first_page INTEGER,
    last_page INTEGER, warnings TEXT,
    PRIMARY KEY (sha256, part)
);
ALTER TABLE recommendations ADD COLUMN part INTEGER NOT NULL DEFAULT 0;
ALTER TABLE inspections ADD COLUMN part INTEGER NOT NULL DEFAULT 0;
ALTER TABLE judgements ADD COLUMN part INTEGER NOT NULL DEFAULT 0;
ALTER TABLE status_key ADD COLUMN part INTEGER NOT NULL DEFAULT 0;
"""

#: A PDF table row's box on its page (``Location.box``, a JSON array of x0, top, x1,
#: bottom), which the report crops the row's picture with; NULL for earlier reads.
_LOCATION_BOX = """
ALTER TABLE recommendations ADD COLUMN location_box TEXT;
ALTER TABLE inspections ADD COLUMN location_box TEXT;
ALTER TABLE judgements ADD COLUMN location_box TEXT;
"""

#: What parsed a record's PDF page (``Recommendation.page_reader``: pdfium or pdfminer);
#: NULL for records read before, and for Word, Excel and OCR'd pages.
_PAGE_READER = """
ALTER TABLE recommendations ADD COLUMN page_reader TEXT;
"""

MIGRATIONS: tuple[tuple[str, str], ...] = (
    ("0001_documents_records_changes", _V1),
    ("0002_extracted_papers", _V2),
    ("0003_one_form_typed_history", _V3),
    ("0004_ocr_source_method", _SOURCE_METHOD),
    ("0007_register_origins", _ORIGINS),
    ("0005_tracker_fields", _TRACKER_FIELDS),
    ("0006_papers_of_a_file", _PAPERS),
    ("0008_location_box", _LOCATION_BOX),
    ("0009_page_reader", _PAGE_READER),
)


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


def create_history(path: Path) -> None:
    """Make a new history at ``path``, migrated, under another name, then move it into place.

    SQLite turns a new file to WAL through a rollback journal. A run killed
    then left the file with a hot journal that only a writer may roll back,
    so the next run's read-only check refused the history (exit 3, "attempt
    to write a readonly database"). Made aside, the history is either absent
    or whole; what a killed making left aside is removed by the next. A WAL
    beside a history that is not there belongs to no history, and SQLite
    would replay it into the new one: it is removed too.
    """
    new = path.with_name(path.name + ".new")
    _remove(new, "", *_BESIDE)
    conn = sqlite3.connect(new, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        migrate(conn)
    finally:
        conn.close()  # the last connection: its WAL is checkpointed into the file and removed
    _remove(path, *_BESIDE)
    os.replace(new, path)


def _remove(path: Path, *suffixes: str) -> None:
    """Remove ``path`` + each suffix, where there is one."""
    for suffix in suffixes:
        path.with_name(path.name + suffix).unlink(missing_ok=True)


def migrate(conn: sqlite3.Connection) -> list[str]:
    """Apply the migrations not yet recorded, in order; return their names."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY)")
    done = {name for (name,) in conn.execute("SELECT name FROM migrations")}
    applied = []
    for name, sql in MIGRATIONS:
        if name in done:
            continue
        with transaction(conn):
            for statement in statements(sql):
                conn.execute(statement)
            conn.execute("INSERT INTO migrations (name) VALUES (?)", (name,))
        applied.append(name)
    return applied


def statements(sql: str) -> Iterator[str]:
    """The SQL statements of a script, a trigger's ``BEGIN ... END`` kept whole."""
    pending = ""
    for part in sql.split(";"):
        pending += part + ";"
        if sqlite3.complete_statement(pending):
            if pending.strip(" \n;"):
                yield pending.strip()
            pending = ""
