"""Incremental runs: a paper in the history is not read again, unless the extractor changed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from run_outputs import Spy, mixed_inbox, output_bytes

import extractors
from benchmarks.corpus import altered_docx
from extractors.limits import Limits
from extractors.settings import Settings
from pipeline.run.executors import LocalExecutor
from pipeline.run.runner import run_batch


def _run(inbox: Path, out: Path, settings: Settings | None = None) -> list[str]:
    spy = Spy(LocalExecutor(2))
    run_batch(inbox, out, settings or Settings(), progress=False, read=spy)
    return spy.asked


@pytest.fixture(scope="module")
def first_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, list[str]]:
    root = tmp_path_factory.mktemp("incremental")
    inbox = mixed_inbox(root / "inbox")
    out = root / "out"
    return inbox, out, _run(inbox, out)


def _copy_of(out: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    return copy


def test_an_unchanged_inbox_reads_nothing_but_the_failed_file_and_writes_the_same_outputs(
    first_run: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    inbox, out, asked = first_run
    assert len(asked) == len(list(inbox.iterdir()))
    again = _copy_of(out, tmp_path)
    # A file that failed is read again: its failure may have been the machine's (a timeout).
    assert _run(inbox, again) == ["notes.pdf"]
    assert output_bytes(again) == output_bytes(out)


def test_only_a_new_paper_is_read(first_run: tuple[Path, Path, list[str]], tmp_path: Path) -> None:
    inbox, out, _ = first_run
    grown = tmp_path / "inbox"
    shutil.copytree(inbox, grown)
    shutil.copy(grown / "sif_2018.pdf", grown / "zz_renamed_copy.pdf")  # same bytes: known
    altered_docx(grown / "new.docx", "tracker_nov2025", seed=11)
    assert sorted(_run(grown, _copy_of(out, tmp_path))) == ["new.docx", "notes.pdf"]


def test_a_new_extractor_version_reads_every_paper_again(
    first_run: tuple[Path, Path, list[str]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, out, asked = first_run
    monkeypatch.setattr(extractors, "EXTRACTOR_VERSION", "test-next")
    again = _copy_of(out, tmp_path)
    assert _run(inbox, again) == asked
    assert _run(inbox, again) == ["notes.pdf"]


def test_a_changed_vocabulary_file_reads_every_paper_again(
    first_run: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    inbox, out, asked = first_run
    words = Settings(vocabulary='[status]\n"finished" = "complete"\n')
    assert _run(inbox, _copy_of(out, tmp_path), words) == asked


def test_changed_limits_read_every_paper_again(
    first_run: tuple[Path, Path, list[str]], tmp_path: Path
) -> None:
    """A paper read under other limits might not have been read at all: it is not reused."""
    inbox, out, asked = first_run
    assert _run(inbox, _copy_of(out, tmp_path), Settings(Limits(max_pages=1999))) == asked
