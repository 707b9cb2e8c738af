"""What a run reads: the inbox listed and hashed, the history asked, the rest read.

``read_inbox`` hashes every input once and asks the history which bytes it
holds (``pipeline.run.executors.Known``); only the others are handed to the
executor, each distinct content once. What comes back is ``checked``: a Paper
made from other bytes than those hashed before the read is a
``changed_while_reading`` failure, never stored. Nothing here reconciles or
writes: ``pipeline.run.runner`` does that with what this gathers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.model import Paper
from extractors.settings import Settings
from pipeline.run.inbox import input_name, scan_inbox
from pipeline.run.outcome import Failure, Outcome

if TYPE_CHECKING:
    from pipeline.run.executors import Known, Read

#: The error type of a file whose bytes changed while it was read: read again next time.
CHANGED = "changed_while_reading"


@dataclass(frozen=True)
class InboxRead:
    """An inbox as a run found it: input names in order, their hashes, what had to be read.

    Files whose bytes the history holds (``known.stored``) are not read, and
    their Papers are not loaded until ``outcomes`` asks. ``problems`` are what
    the listing could not look at (``pipeline.run.inbox.scan_inbox``), as failures.
    """

    names: tuple[str, ...]
    known: Known
    fresh: dict[str, Outcome]
    problems: tuple[tuple[str, Failure], ...] = ()

    def entries(self) -> tuple[tuple[str, str], ...]:
        """(name, content hash) of every input, the hash as its outcome gives it."""
        return tuple((name, self.fresh[name].source_sha256 if name in self.fresh else sha)
                     for name, sha in zip(self.names, self.known.hashes, strict=True)
                     ) + tuple((name, "") for name, _ in self.problems)  # fmt: skip

    def outcomes(self) -> Iterator[tuple[str, Outcome]]:
        """(name, outcome) of every input in inbox order, stored Papers taken from the history;
        then the listing's problems."""
        stored = self.known.papers()
        for name, sha in zip(self.names, self.known.hashes, strict=True):
            if name in self.fresh:
                yield name, self.fresh[name]
            elif sha in stored:
                yield name, stored[sha]
            else:
                from pipeline.history.store import HistoryDamaged

                raise HistoryDamaged(f"the history {self.known.history} lists the paper of "
                                     f"{name} but cannot give it back: restore it from a backup, "
                                     "or move it aside and run again")
        yield from self.problems

    def failed(self) -> dict[str, Failure]:
        """The failures among the files read now, and the listing's problems, by name."""
        failed = {name: f for name, f in self.fresh.items() if isinstance(f, Failure)}
        return failed | dict(self.problems)


def read_inbox(
    inbox: Path, history: Path, settings: Settings, read: Read, progress: bool | None = None,
    skip: tuple[Path, ...] = (), before_reading: Callable[[], None] | None = None,
) -> InboxRead:
    """Hash every input under ``inbox``; read with ``read`` those the history does not hold.

    Names are inbox-relative; the folders in ``skip`` (the output folder) are
    not part of the inbox. ``read`` is the executor (``pipeline.run.executors``);
    it is not called when nothing is new.
    A file whose bytes as read are not those hashed before is ``changed_while_reading``.
    ``before_reading`` is called just before the files are read, if any are.
    A byte-identical copy of a file read now is not read again: it shares that
    file's outcome, and ``collect`` lists it as a copy.
    """
    from pipeline.run.executors import Known

    listing = scan_inbox(inbox, skip)
    paths = list(listing.files)
    known = Known.look_up(paths, history, settings)
    todo = known.todo
    before = dict(zip(paths, known.hashes, strict=True))
    if todo and before_reading is not None:
        before_reading()
    results = read_named(todo, settings, read, progress, inbox) if todo else iter(())
    fresh = {name: checked(outcome, before[path]) for path, name, outcome in results}
    fresh |= {input_name(copy, inbox): fresh[input_name(first, inbox)]
              for copy, first in known.copies().items()}  # read once, counted as copies
    problems = tuple((input_name(path, inbox), Failure(str(path), "", "unreadable", why))
                     for path, why in listing.problems)  # fmt: skip
    return InboxRead(tuple(input_name(path, inbox) for path in paths), known, fresh, problems)


def checked(outcome: Outcome, sha_before: str) -> Outcome:
    """``outcome`` if it was made from the bytes hashed before the read (``sha_before``).

    Otherwise the file changed while it was read: its Paper describes bytes
    that may already be gone, so it becomes a ``changed_while_reading``
    Failure (never stored), and the file is read again next time. A Failure
    keeps the hash taken before the read, the one its run knew it by.
    """
    if isinstance(outcome, Failure):
        return replace(outcome, source_sha256=sha_before) if sha_before else outcome
    if outcome.source_sha256 == sha_before:
        return outcome
    return Failure(outcome.source_file, sha_before, CHANGED,
                   "the file changed while it was being read: it is read again next time")


def read_named(
    paths: list[Path], settings: Settings, read: Read, progress: bool | None, base: Path | None,
) -> Iterator[tuple[Path, str, Outcome]]:
    """(path, name, outcome) of each path, in order, read by the executor ``read``.

    The name is relative to ``base`` (the inbox) when there is one.
    """
    for path, result in with_progress(read(paths, settings), len(paths), progress):
        yield path, input_name(path, base), result


def with_progress(
    results: Iterator[tuple[Path, Paper | Failure]], total: int, progress: bool | None
) -> Iterator[tuple[Path, Paper | Failure]]:
    """Show a progress bar on a terminal (or when asked); plain iteration otherwise."""
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return results
    from tqdm import tqdm

    return iter(tqdm(results, total=total, unit="file", desc="reading", file=sys.stderr))
