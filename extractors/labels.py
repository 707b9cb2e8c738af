"""Printed labels and notes of recommendation items, for every kind of paper.

Tracker cells and narrative list items label their items the same ways
("Rec IR4:", "Area for improvement 2:", "THEME 1:") and close them with the
same "Note: …" asides, so both extractors split them here.
"""

from __future__ import annotations

import re

_ID = r"(?:[A-Z]{0,3}\d+(?:\.\d+)*[a-z]?|[ivxIVX]+\b)"
_KIND = r"(?:rec(?:ommendation)?|area\s+for\s+improvement|afi|theme|action|finding|issue|ref)"
# A printed label at the start of a cell: "Rec IR4:", "THEME 1:", "Financial
# sustainability Rec 1:", "Improving economy, efficiency and effectiveness: Rec 2:".
LABEL = re.compile(
    r"^(?P<label>(?:[A-Z][\w,&'’/-]*(?:\s+[\w,&'’/-]+){0,6}:?\s+)??"
    rf"(?P<kind>{_KIND})\.?\s*(?:no\.?\s*)?{_ID})\s*[:.)–-]\s*",
    re.IGNORECASE,
)
_NOTE = re.compile(r"(?:^|(?<=[.!?:)\]]\s)|(?<=\s))Note\s*[:–-]\s")


def split_label(text: str) -> tuple[str, str]:
    """(label, rest) for a cell that opens with a printed label, else ("", text).

    A cell that the paper uses for two items ("Area for improvement 1: … And
    Area for improvement 4: …") gets both labels joined by " + "; its text is
    kept whole, so nothing printed is lost.
    """
    match = LABEL.match(text)
    if not match:
        return "", text
    label = match.group("label").strip()
    kind = label[match.start("kind") - match.start("label") :]
    kind = re.sub(_ID + r"$", "", kind).strip()
    more = re.findall(rf"\bAnd\s+({re.escape(kind)}\s*{_ID})\s*:", text, flags=re.IGNORECASE)
    return " + ".join([label, *more]), text[match.end() :].strip()


def split_notes(text: str) -> tuple[str, str]:
    """(text, note): a closing "Note: …" / "Note – …" is kept apart from the text."""
    match = _NOTE.search(text)
    if not match:
        return text, ""
    return text[: match.start()].strip(), text[match.start() :].strip()
