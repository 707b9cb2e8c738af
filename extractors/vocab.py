"""The vocabulary papers use (status words, inspectorates, headers, ratings).

Kept as data (``extractors/data/vocabulary.toml``) so that a council's own words
can be added without code: the text of a user file (the CLI's ``--vocab``, or
``RECTRACK_VOCAB``, which only the CLI reads) is merged over the defaults. The
words travel to each reading process with its settings
(``extractors.settings.Settings``), which make them the process's words with
``use_words`` before it reads: nothing is passed through the environment.
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, cached_property
from importlib import resources
from typing import Any, TypeVar

#: The environment variable that names a user vocabulary file (read by the CLI only).
ENV_VAR = "RECTRACK_VOCAB"
#: The packaged data files whose tables a user vocabulary file may extend.
DATA_FILES = ("vocabulary.toml", "narrative_rules.toml")
#: Share of a line's words that must be header words for it to read as a header line.
HEADER_SHARE = 0.7
_NON_WORD = re.compile(r"[^\w&/%]+")

F = TypeVar("F", bound=Callable[[], Any])
#: What was built from the words, cleared by ``use_words`` when the words change.
_BUILT_FROM_WORDS: list[Any] = []
#: The user's words this process reads with (TOML text; "" for the packaged words only).
_words = ""


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
    squeezed_headers: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        squeezed = {phrase: phrase.replace(" ", "") for phrase in self.headers}
        object.__setattr__(self, "squeezed_headers", squeezed)

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
        """The column role of a header cell: the longest phrase it contains.

        A narrow column wraps its header inside words ("Agreed Imple /
        mentation Date", "Recom- / mendation"), so a phrase matches a run of
        whole words that spells it once the breaks between them are closed;
        a phrase never matches inside a word ("rag" is not in "Paragraph").
        """
        words = fold(text).split()
        spelled = {
            "".join(words[start:end])
            for start in range(len(words))
            for end in range(start + 1, len(words) + 1)
        }
        matches = [p for p, squeezed in self.squeezed_headers.items() if squeezed in spelled]
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


def built_from_words(build: F) -> F:
    """``functools.cache`` for what is built from the words: rebuilt when they change."""
    cached = cache(build)
    _BUILT_FROM_WORDS.append(cached)
    return cached  # type: ignore[return-value]


def use_words(text: str) -> None:
    """Make ``text`` (a user vocabulary file's content) the words this process reads with.

    Cheap when they are already in use; a reading process is handed its
    settings with every file, and one Dask worker may serve several runs.
    """
    global _words
    if text != _words:
        _words = text
        for cached in _BUILT_FROM_WORDS:
            cached.cache_clear()


def user_tables(text: str) -> dict[str, dict[str, Any]]:
    """The tables of a user vocabulary file's ``text``; ValueError saying what is wrong.

    Every top-level entry must be a table that a packaged data file has
    (``[status]``, ``[narrative_items]``, ...), so a misspelt name is an error,
    not a table quietly ignored.
    """
    try:
        user = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"the vocabulary file is not valid TOML: {exc}") from exc
    known = {name for data_file in DATA_FILES for name in _packaged(data_file)}
    for name, entries in user.items():
        if name not in known:
            raise ValueError(f"the vocabulary file has an unknown table [{name}]: "
                             f"the tables are {', '.join(sorted(known))}")
        if not isinstance(entries, dict):
            raise ValueError(f"the vocabulary file's {name} must be a table ([{name}])")
    return user


def load_tables(data_file: str) -> dict[str, dict[str, Any]]:
    """The tables of a packaged data file, with the user's tables of the same names merged in.

    The user's words (``use_words``) may hold tables for several data files;
    only the tables this data file has are taken from them, and their entries win.
    """
    tables = _packaged(data_file)
    user = user_tables(_words) if _words else {}
    for name, entries in tables.items():
        entries.update(user.get(name, {}))
    return tables


def _packaged(data_file: str) -> dict[str, dict[str, Any]]:
    """The tables of a packaged data file, freshly parsed (callers may change them)."""
    return tomllib.loads(
        resources.files("extractors").joinpath(f"data/{data_file}").read_text("utf-8"))


@built_from_words
def vocabulary() -> Vocabulary:
    """The default vocabulary merged with the user's file, if one is named."""
    tables = load_tables("vocabulary.toml")
    return Vocabulary(
        status={fold(k): v for k, v in tables["status"].items()},
        bodies={k: tuple(fold(p) for p in v) for k, v in tables["bodies"].items()},
        headers={fold(k): v for k, v in tables["headers"].items()},
        ratings={fold(k): v for k, v in tables["ratings"].items()},
    )
