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
# (they are not allowed in its XML) and HTML treats them as parse errors. With them
# the bidirectional controls (embeddings, overrides, isolates, marks): a right-to-left
# override makes "exe.txt" read as "txt.exe", so no output passes them on.
_BIDI_CHARS = r"\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069"
_BREAK_CHARS, _CONTROL_CHARS = r"\x0b\x0c", r"\x00-\x08\x0e-\x1f\x7f" + _BIDI_CHARS
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


#: What a file name cannot show as it is: every control character (C0, DEL, C1), line and
#: paragraph separators, and the bidirectional controls.
_UNSHOWN_IN_NAMES = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f\\u2028\\u2029{_BIDI_CHARS}]")
#: A byte that was not UTF-8, as ``pipeline.run.inbox.input_name`` writes it.
_NOT_UTF8 = re.compile(r"\\udc([89a-f][0-9a-f])")
_NAMED_ESCAPES = {"\t": "\\t", "\n": "\\n", "\r": "\\r"}


def display_name(name: str) -> str:
    """A file name as every output and log line shows it: one line, nothing hidden.

    A byte that is not UTF-8 reads ``\\xe9``; a carriage return, line feed or
    other control character, and a bidirectional control, reads as its escape
    (``\\r``, ``\\u202e``), so a name can neither break a CSV row or a log line
    nor pretend to be another name.
    """
    text = _NOT_UTF8.sub(r"\\x\1", name.encode("utf-8", "backslashreplace").decode("utf-8"))
    return _UNSHOWN_IN_NAMES.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
