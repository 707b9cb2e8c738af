"""The vocabulary papers use (status words, inspectorates, headers, ratings).

Kept as data (``extractors/data/vocabulary.toml``) so that a council's own words
can be added without code: a user file named by ``RECTRACK_VOCAB`` (the CLI's
``--vocab``) is merged over the defaults. Worker processes inherit the
environment variable, so every process reads the same vocabulary.
"""

from __future__ import annotations

import os
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path
from typing import Any

ENV_VAR = "RECTRACK_VOCAB"
#: Share of a line's words that must be header words for it to read as a header line.
HEADER_SHARE = 0.7
_NON_WORD = re.compile(r"[^\w&/%]+")


def fold(text: str) -> str:
    """Lower-case ``text`` and reduce punctuation runs to single spaces.

    Matching on folded text makes "In Progress and On Track", "in progress
    and on track." and "In progress  and on track" the same phrase.
    """
    return _NON_WORD.sub(" ", text.lower()).strip()


@dataclass(frozen=True)
class Vocabulary:
    """Folded phrase tables; build with ``vocabulary()``."""

    status: dict[str, str]
    bodies: dict[str, tuple[str, ...]]
    headers: dict[str, str]
    ratings: dict[str, str]

    def status_code(self, words: str) -> str:
        """The status code for the printed ``words``, or "" if unknown."""
        return self.status.get(fold(words), "")

    def leading_status(self, text: str) -> str:
        """The longest status phrase that ``text`` starts with, as printed.

        Papers often put the status words at the start of the progress update
        ("In progress and partly delayed The remaining action ..."); the
        longest match wins so "In progress and on track" is not read as
        "In progress".
        """
        folded_words = fold(text).split(" ")
        for size in range(min(8, len(folded_words)), 0, -1):
            if " ".join(folded_words[:size]) in self.status:
                return _prefix_with_words(text, size)
        return ""

    def body(self, *texts: str) -> str:
        """The first inspectorate named in the first text that names one."""
        return first_named(self.bodies, *texts)

    def header_role(self, text: str) -> str:
        """The column role of a header cell: the longest phrase it contains."""
        folded = f" {fold(text)} "
        matches = [p for p in self.headers if f" {fold(p)} " in folded]
        return self.headers[max(matches, key=len)] if matches else ""

    @cached_property
    def header_words(self) -> frozenset[str]:
        """Every word of the header phrases."""
        return frozenset(word for phrase in self.headers for word in phrase.split())

    def mostly_header_words(self, folded: str) -> bool:
        """Whether most words of a folded printed line are header words, as the
        lines of a table header are (so a header printed without ruling is seen)."""
        words = folded.split()
        known = sum(word in self.header_words for word in words)
        return bool(words) and known >= HEADER_SHARE * len(words)

    def rating(self, text: str) -> str:
        """The normalised judgement for a printed rating, or ""."""
        return self.ratings.get(fold(text), "")


def names_a_header(roles: Iterable[str]) -> bool:
    """Whether a row's column roles make a tracker header: a recommendation column
    and at least two other kinds of column."""
    found = set(roles)
    return "recommendation" in found and len(found) >= 3


def first_named(names: dict[str, tuple[str, ...]], *texts: str) -> str:
    """The name whose phrase comes first in the first text that has any.

    ``names`` maps a canonical name to folded phrases ("Ofsted" ->
    ("ofsted", ...)); whole words only, so "lga" is not found in "legal".
    """
    for text in texts:
        folded = f" {fold(text)} "
        hits = [
            (folded.find(f" {phrase} "), name)
            for name, phrases in names.items()
            for phrase in phrases
            if f" {phrase} " in folded
        ]
        if hits:
            return min(hits)[1]
    return ""


def _prefix_with_words(text: str, size: int) -> str:
    """The start of ``text`` that holds its first ``size`` words, as printed."""
    match = re.match(rf"\W*(?:\w+\W+){{{size}}}", text + " ")
    return (match.group(0) if match else text).strip().rstrip(",;:")


def load_tables(data_file: str) -> dict[str, dict[str, Any]]:
    """The tables of a packaged data file, with the user's tables of the same names merged in.

    The user's file (``RECTRACK_VOCAB``) may hold tables for several data files;
    only the tables this data file has are taken from it, and its entries win.
    """
    tables: dict[str, dict[str, Any]] = tomllib.loads(
        resources.files("extractors").joinpath(f"data/{data_file}").read_text("utf-8")
    )
    user_file = os.environ.get(ENV_VAR)
    if user_file:
        user = tomllib.loads(Path(user_file).read_text("utf-8"))
        for name, entries in tables.items():
            entries.update(user.get(name, {}))
    return tables


@cache
def vocabulary() -> Vocabulary:
    """The default vocabulary merged with the user's file, if one is named."""
    tables = load_tables("vocabulary.toml")
    return Vocabulary(
        status={fold(k): v for k, v in tables["status"].items()},
        bodies={k: tuple(fold(p) for p in v) for k, v in tables["bodies"].items()},
        headers={fold(k): v for k, v in tables["headers"].items()},
        ratings={fold(k): v for k, v in tables["ratings"].items()},
    )
