"""Reference codes misread by OCR, put right from the paper's other codes.

Tesseract reads the capital I of a short code as ``1``, ``l`` or ``|`` (with a
stray ``\\``) now and then: an internal-audit tracker's "IA-03" comes out as
"1A-03" or "|\\A-07" beside a dozen "IA-" codes read right. A label keys its
record (``record_key``), so one misread glyph would make the record a false
``new`` and its true self ``missing`` in the next reconciliation. A paper
numbers its items with one prefix, so a code whose prefix differs from the
paper's usual one only by such glyphs takes the usual one, and says so in a
warning (which asks a reviewer to check it, as ``low_confidence``).
Only labels of records read by OCR change; text pages print what they print.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace

from extractors.model import Recommendation

#: A short code: a prefix of at most eight non-space characters, then its number.
_CODE = re.compile(r"(\S{1,8}?)(\d+)")
#: What Tesseract reads for a capital I, folded to one form; a stray backslash dropped.
_I_LIKE = str.maketrans({"1": "I", "l": "I", "|": "I", "!": "I", "\\": None})


def consistent_labels(records: Sequence[Recommendation]) -> tuple[Recommendation, ...]:
    """``records`` with each OCR'd code's prefix made the paper's usual spelling of it."""
    usual = _usual_prefixes(records)
    return tuple(_consistent(record, usual) for record in records)


def _usual_prefixes(records: Iterable[Recommendation]) -> dict[str, str]:
    """Folded prefix -> its most common spelling, spellings printed as text first."""
    counts: Counter[tuple[bool, str]] = Counter()
    for record in records:
        if code := _CODE.fullmatch(record.label):
            counts[(record.source_method == "text", code[1])] += 1
    usual: dict[str, str] = {}
    ranked = sorted(counts, key=lambda seen: (seen[0], counts[seen], -_odd(seen[1]), seen[1]))
    for _, prefix in ranked:
        usual[prefix.translate(_I_LIKE)] = prefix
    return usual


def _odd(prefix: str) -> int:
    """How many of ``prefix``'s characters are glyphs Tesseract reads for an I (a tie
    between two spellings goes to the one with fewer)."""
    return sum(1 for char in prefix if char.translate(_I_LIKE) != char)


def _consistent(record: Recommendation, usual: dict[str, str]) -> Recommendation:
    code = _CODE.fullmatch(record.label)
    if record.source_method != "ocr" or code is None:
        return record
    prefix = usual.get(code[1].translate(_I_LIKE), code[1])
    if prefix == code[1]:
        return record
    label = prefix + code[2]
    warning = (f"label read by OCR as {record.label!r}, taken as {label!r} "
               "like the paper's other codes")
    return replace(record, label=label, warnings=(*record.warnings, warning))
