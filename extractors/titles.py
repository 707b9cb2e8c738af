"""An inspection's title cell cut into its title and its purpose, by emphasis.

Trackers print the title bold and the purpose after it, in italics or plain:
in a paragraph of its own, or in the same paragraph and line as the title
("Ofsted Focused Visit *To review the arrangements…*"), or wrapped over
several printed lines of a narrow PDF column. Reading the cell run by run
(``grid.Run``: Word runs, PDF chars of one font) parts them where the style
changes, whatever the layout, so the title (and the ``record_key`` made from it)
is the same in every layout.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from extractors.grid import Cell, Paragraph, Run, paragraphs_text

_NEW = re.compile(r"^NEW\b[\s:–-]*")


def title_parts(title: Cell) -> tuple[str, str, bool]:
    """(title, purpose, is_new) from a title cell.

    The title is the cell's opening emphasis: its bold runs when it has any,
    else the runs before its first italic one; the purpose is the rest. A cell
    of one style is all title. A leading ``NEW`` marker is not part of it.
    """
    name_parts, purpose_parts = _split_at_style_change(title.paragraphs)
    name = paragraphs_text(name_parts)
    is_new = bool(_NEW.match(name))
    return _NEW.sub("", name), paragraphs_text(purpose_parts), is_new


def _split_at_style_change(
    paragraphs: Sequence[Paragraph],
) -> tuple[list[Paragraph], list[Paragraph]]:
    """The paragraphs cut in two where the title's emphasis ends."""
    runs = [run for p in paragraphs for run in p.styled]
    if any(r.bold for r in runs):
        in_title = _is_bold
    elif any(r.italic for r in runs) and not runs[0].italic:
        in_title = _is_upright
    else:
        return list(paragraphs), []
    head: list[Paragraph] = []
    tail: list[Paragraph] = []
    for paragraph in paragraphs:
        if tail:
            tail.append(paragraph)
            continue
        own = paragraph.styled
        cut = next((i for i, run in enumerate(own) if not in_title(run)), len(own))
        head += _piece(paragraph, own[:cut])
        tail += _piece(paragraph, own[cut:])
    return head, tail


def _is_bold(run: Run) -> bool:
    return run.bold


def _is_upright(run: Run) -> bool:
    return not run.italic


def _piece(paragraph: Paragraph, runs: Sequence[Run]) -> list[Paragraph]:
    """Part of a paragraph (some of its runs) as a paragraph of its own, if not blank."""
    text = "".join(run.text for run in runs).strip()
    return [Paragraph(text, bullet=paragraph.bullet)] if text else []
