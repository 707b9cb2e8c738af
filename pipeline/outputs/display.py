"""What the reviewer-facing writers (HTML report, XLSX) share: RAG colours and clean text.

The colours are the paper's own Status key (the fills of its Status cells), so
a status looks the same in the paper, the report and the spreadsheet.
"""

from __future__ import annotations

import re

#: status code -> (fill, text colour) as ``RRGGBB``; "Awaiting start" has no fill in the paper.
STATUS_COLOURS: dict[str, tuple[str, str]] = {
    "complete": ("00B050", "000000"),
    "on_track": ("92D050", "000000"),
    "partly_delayed": ("FFC000", "000000"),
    "significant_delay": ("FF0000", "FFFFFF"),
    "no_action_or_unknown": ("BFBFBF", "000000"),
    "awaiting_start": ("FFFFFF", "000000"),
}

#: status code -> the words of the paper's Status key, for labels.
STATUS_WORDS = {
    "complete": "Complete",
    "on_track": "On track",
    "partly_delayed": "Partly delayed",
    "significant_delay": "Significant delay",
    "no_action_or_unknown": "No action / unknown",
    "awaiting_start": "Awaiting start",
}

# C0 controls other than tab, newline and carriage return: an XLSX write aborts on them
# (they are not allowed in its XML) and HTML treats them as parse errors.
_BREAK_CHARS, _CONTROL_CHARS = r"\x0b\x0c", r"\x00-\x08\x0e-\x1f\x7f"
_VERTICAL_BREAKS = re.compile(f"[{_BREAK_CHARS}]")
_CONTROLS = re.compile(f"[{_CONTROL_CHARS}]")
_EITHER = re.compile(f"[{_BREAK_CHARS}{_CONTROL_CHARS}]")


def clean_text(text: str) -> str:
    """``text`` without control characters; a form feed (a PDF page break) becomes a space.

    A page break usually separates words, so it is replaced rather than dropped.
    """
    if _EITHER.search(text) is None:  # nearly every cell: one scan, not two substitutions
        return text
    return _CONTROLS.sub("", _VERTICAL_BREAKS.sub(" ", text))
