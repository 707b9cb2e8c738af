"""Ratings tables: an inspectorate's judgements printed as a grid of ratings.

A tracker paper may carry the ratings its inspection gave (the children's homes
table: one column per home, one row per aspect, a "Date" row), or one row per
subject with an aspect per column. A table is a ratings table when most of its
body cells are ratings (``Vocabulary.rating``); its cells become Judgements.
Status keys, the other kind of table that is no tracker, are in
``extractors.status_key``.
"""

from __future__ import annotations

import re

from extractors.grid import Row, Table
from extractors.model import Judgement
from extractors.vocab import Vocabulary, fold


def ratings_table(table: Table, vocab: Vocabulary) -> list[Judgement]:
    """Judgements from a ratings table, either way round.

    Transposed (the children's homes table): one column per subject, a "Date"
    row and one row per aspect. Otherwise: one row per subject, one column per
    aspect. A table is a ratings table when most of its body cells are ratings.
    """
    if not table.rows or not _mostly_ratings(table, vocab):
        return []
    header = _row_texts(table.rows[0], table.columns)
    if any("date" in fold(h) for h in header[1:]):
        return _ratings_by_row(table, vocab)
    return _ratings_by_column(table, vocab)


def _mostly_ratings(table: Table, vocab: Vocabulary) -> bool:
    """At least half of the non-empty body cells (after column 0) are ratings."""
    values = [
        c.text for row in table.rows[1:] for c in row.cells if c.first > 0 and c.text
    ]
    rated = sum(1 for v in values if vocab.rating(v))
    return len(values) >= 2 and rated * 2 >= len(values)


def _row_texts(row: Row, columns: int) -> list[str]:
    """The text in each grid column of a row ("" where none)."""
    return [(cell.text if (cell := row.cell_at(c)) else "") for c in range(columns)]


def _subject(header: str) -> tuple[str, str]:
    """("2812398", "Awaiting first inspection – …") from a subject heading."""
    match = re.match(r"^(.*?)\s*\((.*)\)\s*$", header)
    return (match.group(1), match.group(2)) if match else (header, "")


def _ratings_by_column(table: Table, vocab: Vocabulary) -> list[Judgement]:
    """Transposed table: subjects across the top, aspects down the side."""
    subjects = _row_texts(table.rows[0], table.columns)
    dates = [""] * table.columns
    out: list[Judgement] = []
    for row in table.rows[1:]:
        texts = _row_texts(row, table.columns)
        if "date" in fold(texts[0]):
            dates = texts
        elif len([c for c in row.cells if c.text]) > 1:
            out.extend(_judgement(row, subjects[c], texts[0], texts[c], dates[c], vocab)
                       for c in range(1, table.columns) if subjects[c])
    return out


def _ratings_by_row(table: Table, vocab: Vocabulary) -> list[Judgement]:
    """Plain table: one subject per row, aspects (and a date) across the top."""
    header = _row_texts(table.rows[0], table.columns)
    date_column = next(c for c, h in enumerate(header) if "date" in fold(h))
    out: list[Judgement] = []
    for row in table.rows[1:]:
        texts = _row_texts(row, table.columns)
        out.extend(_judgement(row, texts[0], header[c], texts[c], texts[date_column], vocab)
                   for c in range(1, table.columns) if c != date_column and header[c])
    return out


def _judgement(
    row: Row, heading: str, aspect: str, value: str, date_text: str, vocab: Vocabulary
) -> Judgement:
    """One rating; a subject with no rating keeps what its heading says why."""
    subject, aside = _subject(heading)
    return Judgement(
        location=row.location,
        subject=subject,
        aspect=aspect,
        judgement_text=value or aside,
        judgement=vocab.rating(value),
        inspection_date_text=date_text,
    )
