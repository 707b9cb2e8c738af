"""A file replaced while it is read is never stored under the wrong bytes (F1).

The run's reader is the real one (``READ_STAGES``) with a concurrent writer
simulated at a chosen moment (``isolation_children``): the file is overwritten
by its next edition either just after the reader has parsed it, or after the
run hashed it and before the reader opens it. No timing is involved.
"""

from __future__ import annotations

import shutil
import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import closing
from pathlib import Path

import pytest
from isolation_children import REPLACED_AFTER_STAGES, REPLACED_BEFORE_STAGES
from support import PAPERS

from extractors.limits import Limits
from extractors.model import Paper
from extractors.settings import Settings
from pipeline.run.inbox import sha256_file
from pipeline.run.intake import CHANGED
from pipeline.run.isolation import extract_many
from pipeline.run.outcome import Failure, Outcome
from pipeline.run.runner import run_batch
from pipeline.run.watch import Watcher
from pipeline.run.worker import Stages

MAY, NOV = PAPERS / "tracker_may2025.docx", PAPERS / "tracker_nov2025.docx"


def _reading_with(stages: Stages) -> object:
    """An executor: the local pool, reading with ``stages``."""

    def read(paths: Sequence[Path], settings: Settings) -> Iterator[tuple[Path, Outcome]]:
        return extract_many(paths, settings, stages, workers=1)

    return read


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    """An inbox with the May edition as replaced.docx, and November ready to go over it."""
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(MAY, folder / "replaced.docx")
    shutil.copy(NOV, folder / ".next-replaced.docx")
    return folder


def _stored_hashes(out: Path) -> set[str]:
    with closing(sqlite3.connect(out / "history.sqlite")) as conn:
        return {sha for (sha,) in conn.execute("SELECT sha256 FROM documents")}


def test_a_paper_carries_the_hash_of_the_bytes_it_was_made_from(inbox: Path,
                                                                tmp_path: Path) -> None:
    out = tmp_path / "out"
    first = run_batch(inbox, out, Settings(), progress=False,
                      read=_reading_with(REPLACED_AFTER_STAGES))  # type: ignore[arg-type]
    [paper] = first.papers
    assert paper.source_sha256 == sha256_file(MAY) and len(paper.recommendations) == 35
    assert _stored_hashes(out) == {sha256_file(MAY)}
    # The file now holds November: the next run must read it, not reuse May's paper.
    second = run_batch(inbox, out, Settings(), progress=False)
    [paper] = second.papers
    assert paper.source_sha256 == sha256_file(NOV) and len(paper.recommendations) == 34


def test_bytes_changed_between_hash_and_read_are_a_retryable_failure_never_stored(
    inbox: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = run_batch(inbox, out, Settings(), progress=False,
                      read=_reading_with(REPLACED_BEFORE_STAGES))  # type: ignore[arg-type]
    assert first.papers == ()
    [failure] = first.failures
    assert (failure.source_file, failure.error_type) == ("replaced.docx", CHANGED)
    assert failure.source_sha256 == sha256_file(MAY)  # the hash the run knew it by
    assert first.exit_code == 1
    assert _stored_hashes(out) == set()
    second = run_batch(inbox, out, Settings(), progress=False)
    assert [len(p.recommendations) for p in second.papers] == [34] and second.failures == ()


def test_any_executor_is_checked_against_the_hash_taken_before_the_read(tmp_path: Path) -> None:
    """Dask workers hash the bytes they are sent; the run compares, whatever read the file."""
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(MAY, inbox / "a.docx")

    def stale(paths: Sequence[Path], settings: Settings) -> Iterator[tuple[Path, Outcome]]:
        for path in paths:
            yield path, Paper(path.name, "0" * 64, "docx", "test", "made from other bytes")

    result = run_batch(inbox, tmp_path / "out", Settings(), progress=False, read=stale)
    assert [f.error_type for f in result.failures] == [CHANGED] and result.papers == ()


def test_watch_reads_a_file_changed_while_it_was_read_again_once_it_settles(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("pipeline.run.executors.READ_STAGES", REPLACED_BEFORE_STAGES)
    lines: list[str] = []
    out = tmp_path / "out"
    watcher = Watcher(inbox, out, Settings(Limits(timeout_s=60)), settle_s=5, log=lines.append)
    watcher.step(100.0)
    watcher.step(105.0)
    assert lines == ["changing: replaced.docx changed while it was read: "
                     "read again once it settles"]  # fmt: skip
    assert not (out / "history.sqlite").exists()
    watcher.step(106.0)  # November, settling from now
    assert watcher.step(111.0) == float("inf")
    assert lines[1:] == ["processed: replaced.docx (34 recommendations)"]
    assert _stored_hashes(out) == {sha256_file(NOV)}


def test_watch_keeps_back_a_failure_on_a_copy_that_stalls_and_then_goes_on(
    tmp_path: Path,
) -> None:
    """F8: half a copy, unchanged for longer than the settle time, fails to read; the copy
    then goes on. The false failure is never logged, written to the history or the outputs."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    data = MAY.read_bytes()
    target = inbox / "copying.docx"
    target.write_bytes(data[: len(data) // 2])
    lines: list[str] = []
    watcher = Watcher(inbox, out, Settings(Limits(timeout_s=60)), settle_s=5, log=lines.append)
    watcher.step(100.0)
    assert watcher.step(105.0) == 110.0  # read, failed: kept back until 110
    assert lines == [] and not (out / "history.sqlite").exists()
    with target.open("ab") as handle:
        handle.write(data[len(data) // 2 :])
    watcher.step(107.0)  # changed: settling again, the failure dropped
    watcher.step(112.0)
    assert lines == ["processed: copying.docx (35 recommendations)"]
    with closing(sqlite3.connect(out / "history.sqlite")) as conn:
        assert conn.execute("SELECT outcome FROM documents").fetchall() == [("ok",)]


def test_watch_logs_a_failure_once_the_file_has_stayed_as_it_was(tmp_path: Path) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    (inbox / "notes.txt").write_text("minutes", encoding="utf-8")
    lines: list[str] = []
    watcher = Watcher(inbox, out, Settings(Limits(timeout_s=60)), settle_s=5, log=lines.append)
    watcher.step(100.0)
    watcher.step(105.0)
    assert lines == []
    assert watcher.step(110.0) == float("inf")
    assert lines == ["failed: notes.txt: not a PDF, Word or Excel file: looks like plain text"]
    assert isinstance(watcher.seen["notes.txt"].outcome, Failure)
