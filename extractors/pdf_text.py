"""A PDF's printed characters -> lines -> paragraphs (text, style, bullet).

Many PDFs draw no space glyphs and mix font sizes on one line, so lines are
made from where characters sit and spaces from the gaps between them. Used for
the text in cells and the text around tables alike (``extractors.pdf_reader``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from extractors.grid import Paragraph

Obj = dict[str, Any]

BULLET_GLYPHS = frozenset("•●▪◦■□‣⁃∙")
"""Bullet glyphs printed as ordinary Unicode; private-use glyphs count too."""

_BOLD = re.compile(r"bold|black|heavy", re.IGNORECASE)
_ITALIC = re.compile(r"italic|oblique|-it$|boldit$", re.IGNORECASE)


def text_lines(chars: list[Obj]) -> list[list[Obj]]:
    """Group chars (sorted by vertical middle) into printed lines, each in x order.

    A char joins the current line when its middle lies within the vertical
    extent of the line's first char, so superscripts and mixed sizes stay on
    their line.
    """
    lines: list[list[Obj]] = []
    for char in chars:
        if lines and lines[-1][0]["top"] <= mid_y(char) <= lines[-1][0]["bottom"]:
            lines[-1].append(char)
        else:
            lines.append([char])
    return [sorted(line, key=lambda c: c["x0"]) for line in lines]


def paragraph(line: list[Obj]) -> Paragraph:
    """One printed line as a Paragraph: spaced text, majority style, bullet glyph cut."""
    bullet = _is_bullet(line[0]["text"])
    body = line[1:] if bullet else line
    fonts = [c["fontname"] for c in body] or [""]
    return Paragraph(
        text=_spaced_text(body),
        bold=_majority(_BOLD.search(f) is not None for f in fonts),
        italic=_majority(_ITALIC.search(f) is not None for f in fonts),
        bullet=bullet,
    )


def _is_bullet(glyph: str) -> bool:
    """Whether a line's first glyph is a list bullet.

    Bullets come as Unicode glyphs, as private-use Symbol/Wingdings codes
    (U+F0B7) or, from fonts without a Unicode map, as an unmapped ``(cid:N)``
    glyph (reportlab's Helvetica bullet reads back as ``(cid:127)``).
    """
    return glyph in BULLET_GLYPHS or "\ue000" <= glyph <= "\uf8ff" or glyph.startswith("(cid:")


def _spaced_text(chars: list[Obj]) -> str:
    """Join chars of one line, putting a space where the gap is word-sized.

    Many PDFs draw no space glyphs (words are just placed apart), so spaces
    come from gaps wider than a fifth of the font size.
    """
    parts: list[str] = []
    previous: Obj | None = None
    for char in chars:
        if previous is not None and char["x0"] - previous["x1"] > 0.2 * char["size"]:
            parts.append(" ")
        parts.append(char["text"])
        previous = char
    return " ".join("".join(parts).split())


def _majority(flags: Iterable[bool]) -> bool:
    values = list(flags)
    return sum(values) * 2 > len(values)


def mid_y(char: Obj) -> float:
    return float(char["top"] + char["bottom"]) / 2
