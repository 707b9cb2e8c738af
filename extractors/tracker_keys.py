"""A paper's own Status key and its ratings tables, read from tables that are no tracker.

A table without a tracker header is still read for the paper's Status key
(status words beside what they mean, often a coloured cell: the key that
turns a Status cell's colour into a status) and for ratings (a table whose
body cells are mostly ratings, either way round). The words stay as printed.
"""

from __future__ import annotations

import re

from extractors.grid import Row, Table
from extractors.model import Judgement, StatusKeyEntry
from extractors.vocab import Vocabulary, fold


def status_key(table: Table, vocab: Vocabulary) -> list[StatusKeyEntry]:
    """The paper's Status key: rows whose first cell is a known status phrase."""
    entries = []
    for row in table.rows:
        cells = [c for c in row.cells if c.text]
        if len(cells) == 2 and vocab.status_code(cells[0].text):
            words, description = cells
            entries.append(StatusKeyEntry(words.text, words.fill, description.text))
    return entries if len(entries) >= 2 else []


def ratings(table: Table, vocab: Vocabulary) -> list[Judgement]:
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
    return [cell.text if (cell := row.cell_at(c)) is not None else "" for c in range(columns)]


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
