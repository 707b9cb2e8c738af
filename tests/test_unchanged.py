"""An unchanged rerun writes nothing; any change, or a run cut short, means the full work.

The reference for "the full work" is the same output folder without its
record of the last outputs (``pipeline.run.state``), run over the same inbox.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from run_outputs import HISTORY_FILES, Spy, mixed_inbox, output_bytes

from benchmarks.corpus import altered_docx
from extractors.settings import Settings
from pipeline.outputs import report
from pipeline.run.executors import LocalExecutor
from pipeline.run.lock import LOCK_NAME
from pipeline.run.runner import RunResult, run_batch
from pipeline.run.state import STATE_NAME
from pipeline.run.watch import Watcher

REVIEWS_HEADER = "action,series,old_key,new_key,record_key,edition,flag,reason,reviewer,date\n"

Base = tuple[Path, Path, RunResult]


def _run(inbox: Path, out: Path) -> tuple[RunResult, list[str]]:
    spy = Spy(LocalExecutor(1))
    return run_batch(inbox, out, Settings(), progress=False, read=spy), spy.asked


def _copy(folder: Path, to: Path) -> Path:
    shutil.copytree(folder, to)
    return to


def _stamps(out: Path) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every output file and the state: a rewrite changes both."""
    return {p.name: (p.stat().st_ino, p.stat().st_mtime_ns) for p in sorted(out.iterdir())
            if p.is_file() and p.name not in (*HISTORY_FILES, LOCK_NAME)}


def _full_work(inbox: Path, out: Path, tmp_path: Path) -> dict[str, bytes]:
    """The outputs a run without any record of the last outputs gives from ``out`` as it is."""
    reference = _copy(out, tmp_path / "reference")
    (reference / STATE_NAME).unlink(missing_ok=True)
    result, _ = _run(inbox, reference)
    assert result.unchanged is None
    return output_bytes(reference)


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Base:
    """An inbox (with a file that cannot be read), the output folder of a run over it, and
    that run's result."""
    root = tmp_path_factory.mktemp("unchanged")
    inbox = mixed_inbox(root / "inbox")
    return inbox, root / "out", _run(inbox, root / "out")[0]


def test_an_unchanged_rerun_rereads_the_failed_file_and_writes_nothing(
    base: Base, tmp_path: Path
) -> None:
    inbox, first, cold = base
    out = _copy(first, tmp_path / "out")
    before, stamps = output_bytes(out), _stamps(out)
    result, asked = _run(inbox, out)
    assert asked == ["notes.pdf"]
    assert result.unchanged is not None and result.papers == ()
    assert cold.reconciliation is not None
    assert (result.paper_count, result.recommendation_count, result.record_count) == (
        len(cold.papers), len(cold.reconciliation.register),
        sum(len(p.recommendations) for p in cold.papers))
    assert result.failures == cold.failures and result.copies == cold.copies
    assert _stamps(out) == stamps and output_bytes(out) == before
    assert (out / STATE_NAME) in [*out.iterdir()]


def _delete_workbook(inbox: Path, out: Path) -> None:
    (out / "rectrack.xlsx").unlink()


def _edit_records(inbox: Path, out: Path) -> None:
    with (out / "records.csv").open("a", encoding="utf-8") as handle:
        handle.write("a row typed in by hand\n")


def _add_reviews(inbox: Path, out: Path) -> None:
    (out / "reviews.csv").write_text(REVIEWS_HEADER, encoding="utf-8")


def _add_paper(inbox: Path, out: Path) -> None:
    altered_docx(inbox / "new.docx", "tracker_nov2025", seed=11)


def _remove_paper(inbox: Path, out: Path) -> None:
    (inbox / "word_copy.docx").unlink()


def _rename_paper(inbox: Path, out: Path) -> None:
    (inbox / "word_copy.docx").rename(inbox / "renamed.docx")


def _copy_paper(inbox: Path, out: Path) -> None:
    shutil.copy(inbox / "word_copy.docx", inbox / "zz_copy.docx")


@pytest.mark.parametrize("change", [_delete_workbook, _edit_records, _add_reviews, _add_paper,
                                    _remove_paper, _rename_paper, _copy_paper])  # fmt: skip
def test_any_change_means_the_full_work(
    change: Callable[[Path, Path], None], base: Base, tmp_path: Path
) -> None:
    first_inbox, first, _ = base
    inbox, out = _copy(first_inbox, tmp_path / "inbox"), _copy(first, tmp_path / "out")
    change(inbox, out)
    expected = _full_work(inbox, out, tmp_path)
    stamps = _stamps(out)
    result, _ = _run(inbox, out)
    assert result.unchanged is None and result.papers
    assert output_bytes(out) == expected
    after = _stamps(out)  # every file rewritten, the record of them last
    assert all(after[name] != stamps[name] for name in stamps.keys() - {"reviews.csv"})
    assert _run(inbox, out)[0].unchanged is not None


def test_a_run_cut_short_while_writing_leaves_no_record_and_the_next_does_the_full_work(
    base: Base, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    first_inbox, first, _ = base
    inbox, out = _copy(first_inbox, tmp_path / "inbox"), _copy(first, tmp_path / "out")
    _add_paper(inbox, out)
    expected = _full_work(inbox, out, tmp_path)

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt  # the CSV tables and the workbook are written by now

    monkeypatch.setattr(report, "write_report", crash)
    with pytest.raises(KeyboardInterrupt):
        _run(inbox, out)
    monkeypatch.undo()
    assert not (out / STATE_NAME).exists()
    assert b"new.docx" not in (out / "records.csv").read_bytes()  # staged: the earlier outputs
    result, _ = _run(inbox, out)
    assert result.unchanged is None
    assert output_bytes(out) == expected


def test_a_watcher_started_over_up_to_date_outputs_writes_nothing(
    base: Base, tmp_path: Path
) -> None:
    first_inbox, first, _ = base
    inbox, out = _copy(first_inbox, tmp_path / "inbox"), _copy(first, tmp_path / "out")
    stamps = _stamps(out)
    lines: list[str] = []
    watcher = Watcher(inbox, out, Settings(), settle_s=1, log=lines.append)
    for now in (100.0, 200.0, 300.0):  # settled, read; failures confirmed a settle later
        watcher.step(now)
    assert len(lines) == len(list(inbox.iterdir()))  # every file read (and logged) once
    assert _stamps(out) == stamps
    _add_reviews(inbox, out)
    (inbox / "notes.pdf").unlink()
    watcher.step(400.0)
    assert _stamps(out).keys() == stamps.keys() | {"reviews.csv"}
    assert _stamps(out)["records.csv"] != stamps["records.csv"]
    assert _run(inbox, out)[0].unchanged is not None  # a run takes up where the watcher left


def test_a_run_and_an_unchanged_rerun_leave_no_write_ahead_files(
    base: Base, tmp_path: Path
) -> None:
    """The last look at the history after the outputs (their record's digest) was a read-only
    connection, which cannot remove the write-ahead log's files: ``-wal`` and ``-shm`` stayed
    beside the history after every run."""
    inbox, first, _ = base
    leftovers = [HISTORY_FILES[0] + end for end in ("-wal", "-shm", "-journal")]
    assert not [name for name in leftovers if (first / name).exists()]
    out = _copy(first, tmp_path / "out")
    assert _run(inbox, out)[0].unchanged is not None
    assert not [name for name in leftovers if (out / name).exists()]
