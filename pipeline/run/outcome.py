"""What a failed read is: the one kind of result besides a Paper.

Every input of a run ends as exactly one ``Outcome``: its Paper, or a
``Failure`` (a row of failures.csv). Kept apart from the pool that produces
them, so the history and the outputs can name failures without importing
the machinery that reads files.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from extractors.model import Paper


@dataclass(frozen=True)
class Failure:
    """An input that could not be read: one row of failures.csv.

    Attributes:
        source_file: the path as given (callers may make it inbox-relative).
        source_sha256: hex SHA-256 of the file, or "" when it cannot be read.
        error_type: a contract code (see ``ExtractionError``), or ``timeout``.
        reason: plain English, no traceback.
    """

    source_file: str
    source_sha256: str
    error_type: str
    reason: str


Outcome: TypeAlias = "Paper | Failure"


def timed_out(seconds: float) -> str:
    """The reason of a ``timeout`` Failure: a task past its clock of ``seconds``, stopped
    (said alike whether a local worker or a Dask task ran it)."""
    return f"took longer than {seconds:g} s: stopped"
