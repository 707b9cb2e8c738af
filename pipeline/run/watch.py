"""``rectrack watch``: read papers as they land in the inbox, and lose none.

File events only wake the watcher up. What it does is decided by listing the
inbox (``pipeline.run.inbox.scan_inbox``) and comparing with what it has seen, so
a lost, doubled or reordered event changes nothing, and a full rescan every
``rescan_s`` seconds catches whatever events never came. On a network share
(SMB/CIFS) file events often never come at all: ``poll`` swaps watchdog's
inotify observer for its PollingObserver.

A file is read once its size and mtime have stayed the same for ``settle_s``
seconds, since a copy in progress keeps changing. A copy can stall for longer
than that, so what was read is checked: a Paper whose bytes are not those
hashed before the read, or a failure on a file that changed while it was read,
is dropped and the file settles again; any other failure is kept back until
the file has stayed unchanged for ``settle_s`` more, and only then logged,
written to the history and the outputs. Files are known by content
hash: a renamed or duplicated file with known bytes is not read again and adds
nothing to the history. New files are read as ``rectrack run`` reads them:
those whose bytes the history holds (read with the same extraction key) are
taken from it (``pipeline.run.executors.Known``), the rest are read by the
run's executor (local workers, ``--workers N``, or Dask) with the run's
settings. Then the inbox as it now stands takes the steps of a run
(``collect`` -> ``commit``): the outputs of a watcher are those of a run
over the same inbox, and when the last run or watcher already wrote them
(``pipeline.run.state``), they are left as they are.

Stopping (Ctrl-C, SIGTERM) abandons the file being read: nothing of it is
written, and it is read again at the next start. A history and output
refresh in progress is finished first (it takes seconds, not minutes). The
loop, the file events, the signals and the log are ``pipeline.run.watching``'s.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Generator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.settings import Settings
from pipeline.history.reviews import REVIEWS_NAME
from pipeline.history.store import HISTORY_NAME
from pipeline.run.executors import Known, LocalExecutor, Read
from pipeline.run.inbox import input_name, scan_inbox, sha256_file
from pipeline.run.intake import CHANGED, checked
from pipeline.run.outcome import Failure, Outcome
from pipeline.run.runner import collect, commit
from pipeline.run.watching import (
    Log,
    Stopped,
    Stopper,
    WatchSettings,
    log_to_stderr,
    loop,
    observing,
)

if TYPE_CHECKING:
    from extractors.model import Paper
    from pipeline.history.reviews import Reviews

@dataclass
class _Seen:
    """One inbox file: its (size, mtime_ns), since when unchanged, and its outcome once read.

    ``confirmed`` is False for a failure not yet known to be the file's own:
    ``since`` is then the time of the failure, and it counts once the file has
    stayed unchanged for another settle time.
    """

    signature: tuple[int, int]
    since: float
    path: Path
    outcome: Outcome | None = None
    confirmed: bool = True


class Watcher:
    """What the watcher knows of the inbox, and one look at it (``step``).

    Kept apart from the observer and the clock so tests can drive it.
    """

    def __init__(
        self, inbox: Path, out: Path, settings: Settings, settle_s: float,
        read: Read | None = None, log: Log = log_to_stderr, stopper: Stopper | None = None,
    ) -> None:
        self.inbox, self.out, self.settings = inbox, out, settings
        self.read = read or LocalExecutor()
        self.settle_s, self.log = settle_s, log
        self.stopper = stopper or Stopper()
        self.seen: dict[str, _Seen] = {}
        #: content hash -> (latest name, outcome) of every file read so far.
        self.known: dict[str, tuple[str, Outcome]] = {}
        #: name -> hash of the files in the outputs (nothing is written before a file is read).
        self.committed: dict[str, str] = {}
        self.reviews: Reviews | None = None

    def step(self, now: float) -> float:
        """Scan, read what has settled, refresh the outputs if the inbox changed.

        Returns the time the next pending file will have settled (inf if none).
        """
        lines = self._scan(now) + self._confirm(now)
        ready = [name for name, seen in self.seen.items()
                 if seen.outcome is None and now - seen.since >= self.settle_s]
        lines += self._take(ready, now)
        self._commit_if_changed()
        for line in lines:
            self.log(line)
        pending = [seen.since + self.settle_s for seen in self.seen.values()
                   if seen.outcome is None or not seen.confirmed]
        return min(pending, default=math.inf)

    def _scan(self, now: float) -> list[str]:
        """List the inbox; a new or changed file starts settling, a vanished one is forgotten.

        What the listing cannot look at (an unreadable folder, a link loop) is a failure.
        """
        seen: dict[str, _Seen] = {}
        listing = scan_inbox(self.inbox, skip=(self.out,))
        for path in listing.files:
            try:
                stat = path.stat()
            except OSError:
                continue  # gone since it was listed
            name = input_name(path, self.inbox)
            signature = (stat.st_size, stat.st_mtime_ns)
            old = self.seen.get(name)
            seen[name] = old if old and old.signature == signature else _Seen(signature, now, path)
        for path, why in listing.problems:
            name = input_name(path, self.inbox)
            seen[name] = self.seen.get(name) or _Seen(
                (-1, -1), now, path, Failure(str(path), "", "unreadable", why))
        gone = [name for name, old in self.seen.items()
                if old.outcome is not None and name not in seen]
        self.seen = seen  # in scan_inbox order, problems last: the order of a run's outputs
        return [f"gone: {name} (no longer in the inbox; kept in the history)" for name in gone]

    def _confirm(self, now: float) -> list[str]:
        """Failures whose file stayed unchanged for a settle time since: now they count."""
        lines = []
        for name, seen in self.seen.items():
            if not seen.confirmed and now - seen.since >= self.settle_s:
                assert isinstance(seen.outcome, Failure)
                seen.confirmed = True
                if seen.outcome.source_sha256:
                    self.known[seen.outcome.source_sha256] = (name, seen.outcome)
                lines.append(f"failed: {name}: {seen.outcome.reason}")
        return lines

    def _take(self, ready: list[str], now: float) -> list[str]:
        """Recognise known bytes by hash; read the rest. Returns the log lines."""
        lines: list[str] = []
        new: dict[str, str] = {}
        for name in ready:
            sha = self._hash(name)
            if sha is None or (sha and sha in new.values()):
                continue  # vanished; or a copy of a file read in this step: next step
            if sha in self.known:
                lines.append(self._recognise(name, sha))
            else:
                new[name] = sha
        return lines + self._read(new, now)

    def _hash(self, name: str) -> str | None:
        """The file's hash; None if it vanished, "" if it cannot be read (the reader says why)."""
        try:
            return sha256_file(self.seen[name].path)
        except FileNotFoundError:
            return None
        except OSError:
            return ""

    def _recognise(self, name: str, sha: str) -> str:
        """A file whose bytes were read before: a copy, or a renamed file. Nothing is read."""
        first, outcome = self.known[sha]
        self.seen[name].outcome = outcome
        if first == name:
            return f"unchanged: {name} (touched, same bytes): nothing new to read"
        if first in self.seen:
            return f"copy: {name} has the same bytes as {first}: counted once"
        self.known[sha] = (name, outcome)
        return f"renamed: {name} (was {first}): nothing new to read"

    def _read(self, new: dict[str, str], now: float) -> list[str]:
        """Take new files (name -> hash) the history holds from it; read the rest.

        One log line each. As in a run, the history is asked once for all of
        them, and none of its papers is decoded unless it holds some; a paper
        it cannot give after all is read.
        """
        known = Known.among([self.seen[name].path for name in new], list(new.values()),
                            self.out / HISTORY_NAME, self.settings)  # fmt: skip
        stored = known.papers() if known.stored else {}
        lines = [self._recall(name, stored[sha], now) for name, sha in new.items()
                 if sha in stored]  # fmt: skip
        fresh = {name: sha for name, sha in new.items() if sha not in stored}
        return lines + self._read_fresh(fresh, now)

    def _recall(self, name: str, paper: Paper, now: float) -> str:
        """Keep a Paper the history held for a new file's bytes; its log line."""
        self._learn(name, paper, now)
        return (f"known: {name} (in the history, {len(paper.recommendations)} "
                "recommendations): nothing new to read")

    def _read_fresh(self, hashes: dict[str, str], now: float) -> list[str]:
        """Read new files (name -> hash before the read) with the executor; the log lines.

        A stop request ends the reading: the file in hand is abandoned (and
        read at the next start), as is any failure that arrives after the stop
        was asked for, since the stop signal may be what killed its reader.
        """
        lines: list[str] = []
        results = self.read([self.seen[name].path for name in hashes], self.settings)
        try:
            while not self.stopper.requested:
                self.stopper.reading = True
                item = next(results, None)
                self.stopper.reading = False
                if item is None or (self.stopper.requested and isinstance(item[1], Failure)):
                    break
                name = input_name(item[0], self.inbox)
                lines += self._learn(name, checked(item[1], hashes[name]), now)
        except Stopped:
            pass
        finally:
            self.stopper.reading = False
            if isinstance(results, Generator):
                results.close()  # stops the workers (or the Dask client) now
        return lines

    def _learn(self, name: str, outcome: Outcome, now: float) -> list[str]:
        """Keep a file's outcome; its log lines. A failure waits to be confirmed (``_confirm``);
        one on a file that changed while it was read is dropped, and the file settles again."""
        seen = self.seen[name]
        if isinstance(outcome, Failure):
            signature = _signature(seen.path)
            if outcome.error_type == CHANGED or signature != seen.signature:
                if signature is not None:
                    self.seen[name] = _Seen(signature, now, seen.path)
                return [f"changing: {name} changed while it was read: "
                        "read again once it settles"]  # fmt: skip
            seen.outcome, seen.since, seen.confirmed = outcome, now, False
            return []
        seen.outcome = outcome
        self.known[outcome.source_sha256] = (name, outcome)
        return [f"processed: {name} ({len(outcome.recommendations)} recommendations)"]

    def _commit_if_changed(self) -> None:
        """Update the history and rewrite the outputs when the inbox's papers changed.

        A watcher started over an inbox whose outputs are up to date writes nothing.
        Nothing is written while a failure waits to be confirmed (``_confirm``): in
        a settle time it either counts or the file is read again, and the outputs
        are written once, as a run over the same inbox would write them.
        """
        from pipeline.run import state

        if any(seen.outcome is not None and not seen.confirmed for seen in self.seen.values()):
            return
        done = {name: seen.outcome for name, seen in self.seen.items()
                if seen.outcome is not None and seen.confirmed}
        current = {name: outcome.source_sha256 or name for name, outcome in done.items()}
        if current == self.committed:
            return
        result = collect(done.items(), distinct=True)
        seen = state.reviews_digest(self.out)  # before loading them: see state.Basis
        reviews = self._reviews()
        basis = state.Basis(tuple((name, outcome.source_sha256) for name, outcome in done.items()),
                            result.failures, seen, self.settings)
        if state.unchanged(self.out, basis) is None:
            commit(self.out, result, reviews, basis, inputs=self.inbox)
        self.committed = current

    def _reviews(self) -> Reviews:
        """The reviewer's decisions now; the last good ones while reviews.csv has a bad row."""
        from pipeline.history.reviews import Reviews, ReviewsError, load_reviews

        try:
            self.reviews = load_reviews(self.out / REVIEWS_NAME)
        except ReviewsError as exc:
            self.log(f"rectrack: {exc} (the last good reviews are used)")
        return self.reviews or Reviews()


def watch(inbox: Path, out: Path, reading: Settings, settings: WatchSettings | None = None,
          read: Read | None = None, log: Log = log_to_stderr) -> None:
    """``rectrack watch``: hold ``out``, read papers as they settle in ``inbox``, until stopped.

    Files are read with ``reading`` by the executor ``read`` (by default one
    local worker process), as ``run`` reads them. Raises
    ``pipeline.run.lock.OutputLocked`` when another run holds ``out``, and
    ``pipeline.history.reviews.ReviewsError`` for a bad reviews.csv at the start.
    """
    from pipeline.history.reviews import load_reviews
    from pipeline.history.store import HISTORY_NAME, check_history
    from pipeline.run.lock import output_lock

    settings = settings or WatchSettings()
    with output_lock(out):
        check_history(out / HISTORY_NAME)  # a damaged history stops here, before any work
        load_reviews(out / REVIEWS_NAME)  # a bad row stops here, before any work
        stopper = Stopper()
        watcher = Watcher(inbox, out, reading, settings.settle_s, read, log, stopper)
        wake = threading.Event()
        with stopper.installed(), observing(inbox, settings, wake):
            log(f"watching {inbox} -> {out} (Ctrl-C to stop)")
            loop(watcher, settings.rescan_s, wake, stopper)
        log("stopped")


def _signature(path: Path) -> tuple[int, int] | None:
    """A file's (size, mtime_ns) now; None when it is gone."""
    try:
        stat = path.stat()
    except OSError:
        return None
    return (stat.st_size, stat.st_mtime_ns)


