"""A word-level redline of two texts, for the report's text changes.

A reviewer reading a 90-word recommendation twice cannot see the three words
that changed; marking them is what a lawyer's "compare documents" does. The
comparison is difflib's, on words with the spaces after them kept, so the
pieces joined back give each text exactly.
"""

from __future__ import annotations

import re
from difflib import SequenceMatcher
from typing import Literal, NamedTuple

Kind = Literal["same", "deleted", "added"]
_WORDS = re.compile(r"\S+\s*|\s+")


class Piece(NamedTuple):
    """A run of words that is in both texts, or only in the old or the new one."""

    kind: Kind
    text: str


def redline(old: str, new: str) -> list[Piece]:
    """The pieces that turn ``old`` into ``new``; neighbouring pieces of one kind are joined.

    Words are compared without their trailing spaces (a word at the end of a
    line is the same word), and a replaced run is shown deleted, then added.
    """
    old_words, new_words = _WORDS.findall(old), _WORDS.findall(new)
    matcher = SequenceMatcher(None, [w.strip() for w in old_words],
                              [w.strip() for w in new_words], autojunk=False)  # fmt: skip
    pieces: list[Piece] = []
    for op, a0, a1, b0, b1 in matcher.get_opcodes():
        if op == "equal":
            _add(pieces, "same", "".join(new_words[b0:b1]))
            continue
        _add(pieces, "deleted", "".join(old_words[a0:a1]))
        _add(pieces, "added", "".join(new_words[b0:b1]))
    return pieces


def _add(pieces: list[Piece], kind: Kind, text: str) -> None:
    """Append ``text`` as ``kind``, joined to the last piece when it is of the same kind."""
    if not text:
        return
    if pieces and pieces[-1].kind == kind:
        pieces[-1] = Piece(kind, pieces[-1].text + text)
    else:
        pieces.append(Piece(kind, text))
