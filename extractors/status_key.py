"""The paper's own key to its status colours, in whatever form it prints it.

Councils explain their RAG colours in several ways, and a reader of the paper
takes each at a glance:

- a key table: status words beside their colour (``key_table``);
- a legend of swatches: filled, empty cells next to the words they mean;
- a sentence or a list: "RAG key: Green – complete; Amber – in progress and on
  track", "Key: G = complete, A = …", "Red (not started), Green (complete)",
  one "R = overdue" per line (``key_sentences``).

A key in words names its colours, so the names are matched to the fills the
paper actually uses, by nearest hue (``match_fills``): "Green" is the
paper's 92D050 as much as 00B050. With no key at all, the fills are read by the
usual RAG meaning (``inferred_key``) and every record whose status rests on
that guess says so in its warnings. The paper's key always wins over the
default vocabulary: a key saying "Green – complete" makes a green cell (or a
cell reading "Green") complete, where the vocabulary alone says on track.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Protocol

from extractors.grid import Cell, Paragraph, Row, Table
from extractors.model import Recommendation, StatusKeyEntry
from extractors.vocab import Vocabulary, fold

#: Colour names a key uses -> a typical fill of that colour (for its hue).
NAMED_FILLS = {
    "green": "00B050",
    "amber": "FFC000",
    "red": "FF0000",
    "blue": "0070C0",
    "grey": "BFBFBF",
    "gray": "BFBFBF",
    "yellow": "FFFF00",
    "orange": "FF8000",
    "purple": "7030A0",
    "black": "000000",
    "white": "FFFFFF",
}
#: Initials a key may use instead of the names ("G = complete"), as in BRAG keys.
INITIALS = {"G": "green", "A": "amber", "R": "red", "B": "blue"}
#: Below this CIELAB chroma a fill is a grey, whatever its hue.
GREY_CHROMA = 12.0
#: A fill further than this (CIELAB hue angle, degrees) from every named colour is not one.
MAX_HUE_DEGREES = 35.0
#: The colours RAG papers use, and the vocabulary's words for them, when no key is printed.
USUAL_RAG = ("green", "amber", "red", "blue")
INFERRED = "no key on the paper: read by the usual RAG colours"
_INFERRED_WARNING = "status read from the colour by the usual RAG meaning: the paper prints no key"

_NAME = r"(?P<name>(?i:green|amber|red|grey|gray|blue|yellow|orange|purple|black|white)|[GARB])"
_ITEM = re.compile(rf"(?<![\w'’]){_NAME}\s*(?:[=:(]|[–—]|\s-)\s*")
_MEANING_END = re.compile(r"[;|]|\.(?:\s|$)|\n(?=[A-Z])")
#: The longest words beside a swatch in a legend.
MAX_LEGEND = 60
#: The longest meaning one item of a key has (longer text after a colour word is prose).
MAX_MEANING = 160


def colour_name(text: str) -> str:
    """The canonical colour a key or Status cell names ("Green", "G" -> "green"), or ""."""
    stripped = text.strip()
    return INITIALS.get(stripped, "") or (fold(stripped) if fold(stripped) in NAMED_FILLS else "")


# --- key tables and swatches -----------------------------------------------------------


def key_table(table: Table, vocab: Vocabulary) -> list[StatusKeyEntry]:
    """The key a table prints: status words by their colour, colour names by their
    meaning, or swatches (filled, empty cells) beside their words; [] if not a key."""
    entries = [entry for row in table.rows for entry in _row_entries(row, vocab)]
    return entries if len(entries) >= 2 else []


def _row_entries(row: Row, vocab: Vocabulary) -> list[StatusKeyEntry]:
    """A key row's entries: one per swatch in it, or its two cells as one line."""
    swatches = [
        StatusKeyEntry(_status_words(words.text, vocab), swatch.fill, words.text)
        for swatch, words in zip(row.cells, row.cells[1:], strict=False)
        if swatch.fill and not swatch.text and _legend_words(words, vocab)
    ]
    if swatches:
        return swatches
    cells = [c for c in row.cells if c.text]
    return _pair_entry(cells[0], cells[1], vocab) if len(cells) == 2 else []


def _legend_words(cell: Cell, vocab: Vocabulary) -> bool:
    """Words beside a swatch: short, unfilled, starting with a status (not a progress
    update beside a coloured Status cell)."""
    text = cell.text
    return not cell.fill and 0 < len(text) <= MAX_LEGEND and bool(vocab.leading_status(text))


def _pair_entry(words: Cell, description: Cell, vocab: Vocabulary) -> list[StatusKeyEntry]:
    """"Complete | fully done" (the words' cell coloured), or "Green | Complete"."""
    named = colour_name(words.text)
    if named and vocab.leading_status(description.text):
        status = _status_words(description.text, vocab)
        return [StatusKeyEntry(status, words.fill, description.text, colour_name=words.text)]
    if vocab.status_code(words.text):
        return [StatusKeyEntry(words.text, words.fill, description.text)]
    return []


def _status_words(text: str, vocab: Vocabulary) -> str:
    """The status phrase a key line's meaning starts with, else the whole meaning."""
    return vocab.leading_status(text).rstrip(" ([–—-") or text


# --- keys written as sentences or lists ------------------------------------------------


def key_sentences(texts: Iterable[str], vocab: Vocabulary) -> list[StatusKeyEntry]:
    """Key entries written in the running text, lines of a list joined.

    ``texts`` are the paper's lines or paragraphs in order. An entry is a colour
    name or initial, a dash, colon or equals sign, and its meaning up to ";", the
    end of a sentence or the next entry. Two or more entries in a row with
    different colours, at least one a known status, make a key.
    """
    stream = "\n".join(t for t in texts if t)
    entries: list[StatusKeyEntry] = []
    for run in _runs(stream):
        names = {colour_name(e.colour_name) for e in run}
        if len(names) >= 2 and any(vocab.leading_status(e.description) for e in run):
            entries.extend(replace(e, status_text=_status_words(e.description, vocab)) for e in run)
    return entries


def _runs(stream: str) -> list[list[StatusKeyEntry]]:
    """Entries found in ``stream``, grouped into runs that follow each other directly."""
    items = list(_ITEM.finditer(stream))
    runs: list[list[StatusKeyEntry]] = []
    last_end = -1
    for number, item in enumerate(items):
        stop = items[number + 1].start() if number + 1 < len(items) else len(stream)
        ended = _MEANING_END.search(stream, item.end(), stop)
        end = ended.start() if ended else stop
        meaning = _tidy(stream[item.end() : end])
        if not meaning or len(meaning) > MAX_MEANING:
            last_end = -1
            continue
        entry = StatusKeyEntry("", "", meaning, colour_name=item.group("name"))
        if last_end >= 0 and not stream[last_end : item.start()].strip(" ,;|.\n"):
            runs[-1].append(entry)
        else:
            runs.append([entry])
        last_end = end
    return runs


class _Lines(Protocol):
    """A paragraph (Word) or printed line (PDF) outside the tables."""

    @property
    def paragraph(self) -> Paragraph: ...


def _tidy(meaning: str) -> str:
    """A meaning on one line, without the comma or bracket that closed it ("Red (late),")."""
    text = " ".join(meaning.split()).strip(" ,")
    return text[:-1].rstrip() if text.endswith(")") and "(" not in text else text


def block_texts(blocks: Sequence[_Lines | Table]) -> list[str]:
    """The text a key sentence may be in: every paragraph or line, and the one-cell
    rows of tables (a workbook writes its key in a cell above the table)."""
    texts: list[str] = []
    for block in blocks:
        if isinstance(block, Table):
            texts.extend(
                cells[0].text
                for row in block.rows
                if len(cells := [c for c in row.cells if c.text]) == 1
            )
        else:
            texts.append(block.paragraph.text)
    return texts


# --- colours matched to the fills used ---------------------------------------------------


def match_fills(entries: Sequence[StatusKeyEntry], fills: Iterable[str]) -> list[StatusKeyEntry]:
    """Entries that name a colour, given the fill of that colour the paper uses.

    Each fill goes to the named entry of nearest hue (greys to grey); an entry
    that several fills go to (two greens) is repeated once per fill, and an
    entry no fill goes to keeps no colour. Drawn entries are left as they are.
    """
    named = [e for e in entries if e.colour_name and not e.colour]
    by_entry: dict[int, list[str]] = {}
    for fill in sorted(set(fills)):
        nearest = _nearest(fill, [NAMED_FILLS[colour_name(e.colour_name)] for e in named])
        if nearest is not None:
            by_entry.setdefault(nearest, []).append(fill)
    out: list[StatusKeyEntry] = []
    for entry in entries:
        if entry not in named:
            out.append(entry)
            continue
        index = named.index(entry)
        out.extend(replace(entry, colour=fill) for fill in by_entry.get(index, [""]))
    return out


def inferred_key(fills: Iterable[str]) -> list[StatusKeyEntry]:
    """A key for a paper that prints none: each fill named by its nearest RAG colour."""
    usual = [NAMED_FILLS[name] for name in USUAL_RAG]
    entries = []
    for fill in sorted(set(fills)):
        nearest = _nearest(fill, usual)
        if nearest is not None:
            name = USUAL_RAG[nearest].title()
            entries.append(StatusKeyEntry(name, fill, INFERRED, colour_name=name))
    return entries


def printed(key: Sequence[StatusKeyEntry]) -> bool:
    """Whether a paper's key is one it prints, not inferred from its fills."""
    return any(entry.description != INFERRED for entry in key)


def with_inferred_warning(rec: Recommendation) -> Recommendation:
    """The record, warned when its status can only come from a colour read without a key."""
    reads_colour = colour_name(rec.status_text) or (rec.status_colour and not rec.status_text)
    return replace(rec, warnings=(*rec.warnings, _INFERRED_WARNING)) if reads_colour else rec


def paper_key(
    drawn: Sequence[StatusKeyEntry],
    texts: Iterable[str],
    records: Sequence[Recommendation],
    vocab: Vocabulary,
    elsewhere: Sequence[StatusKeyEntry] = (),
) -> tuple[tuple[StatusKeyEntry, ...], tuple[Recommendation, ...]]:
    """(the paper's key, its records): the key tables' entries (``drawn``) and the key
    sentences, named colours given the fills the records use; else the key its file
    prints ``elsewhere``; with no key at all, the inferred one, and the records that
    rest on it warned."""
    fills = [r.status_colour for r in records if r.status_colour]
    key = match_fills([*drawn, *key_sentences(texts, vocab)], fills) or match_fills(
        elsewhere, fills)
    if key:
        return tuple(key), tuple(records)
    return tuple(inferred_key(fills)), tuple(with_inferred_warning(r) for r in records)


def _nearest(fill: str, references: Sequence[str]) -> int | None:
    """Index of the reference colour nearest ``fill`` in CIELAB hue, greys apart."""
    lab = _lab(fill)
    grey = math.hypot(lab[1], lab[2]) < GREY_CHROMA
    best: tuple[float, int] | None = None
    for index, reference in enumerate(references):
        other = _lab(reference)
        if grey != (math.hypot(other[1], other[2]) < GREY_CHROMA):
            continue
        distance = abs(lab[0] - other[0]) if grey else _hue_distance(lab, other)
        if (grey or distance <= MAX_HUE_DEGREES) and (best is None or distance < best[0]):
            best = (distance, index)
    return best[1] if best else None


def _hue_distance(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """Degrees between two CIELAB hue angles, the short way round."""
    angle = abs(math.atan2(first[2], first[1]) - math.atan2(second[2], second[1]))
    return math.degrees(min(angle, 2 * math.pi - angle))


def _lab(fill: str) -> tuple[float, float, float]:
    """CIELAB (D65) of an ``RRGGBB`` sRGB colour: hue there is the hue people see,
    so light green 92D050 is nearer green 00B050 than amber FFC000."""
    linear = [_linear(int(fill[i : i + 2], 16) / 255) for i in (0, 2, 4)]
    x, y, z = (
        sum(w * c for w, c in zip(weights, linear, strict=True))
        for weights in _SRGB_TO_XYZ
    )
    fx, fy, fz = (_lab_f(v / white) for v, white in zip((x, y, z), _D65, strict=True))
    return 116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)


_SRGB_TO_XYZ = (
    (0.4124, 0.3576, 0.1805),
    (0.2126, 0.7152, 0.0722),
    (0.0193, 0.1192, 0.9505),
)
_D65 = (0.9505, 1.0, 1.089)


def _linear(channel: float) -> float:
    """An sRGB channel (0-1) without its gamma."""
    return channel / 12.92 if channel <= 0.04045 else ((channel + 0.055) / 1.055) ** 2.4


def _lab_f(t: float) -> float:
    """CIELAB's cube-root curve, linear near black."""
    return t ** (1 / 3) if t > (6 / 29) ** 3 else t / (3 * (6 / 29) ** 2) + 4 / 29
