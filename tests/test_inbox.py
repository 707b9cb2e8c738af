"""Tests for pipeline.run.inbox: what counts as an input, in what order, and its hash."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from pipeline.run.inbox import list_inputs, sha256_file


def _touch(folder: Path, relative: str) -> Path:
    path = folder / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(relative.encode())
    return path


def test_lists_papers_recursively_in_relative_path_order(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    for name in ["z.pdf", "b/paper two.docx", "a.pdf", "b/c/ünïcode $(x).pdf", "b.pdf"]:
        _touch(inbox, name)
    listed = [path.relative_to(inbox).as_posix() for path in list_inputs(inbox)]
    assert listed == ["a.pdf", "b/c/ünïcode $(x).pdf", "b/paper two.docx", "b.pdf", "z.pdf"]


def test_ignores_lock_files_partial_downloads_and_hidden_files(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    ignored = [
        "~$tracker.docx",
        ".~lock.tracker.docx#",
        "paper.pdf.part",
        "paper.pdf.crdownload",
        "paper.tmp",
        "paper.pdf.download",
        ".hidden.pdf",
        ".sync/paper.pdf",
    ]
    for name in [*ignored, "tracker.docx"]:
        _touch(inbox, name)
    assert list_inputs(inbox) == [inbox / "tracker.docx"]


def test_links_leaving_the_folder_and_non_files_are_skipped(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inside = _touch(inbox, "real.pdf")
    outside = _touch(tmp_path, "elsewhere/secret.pdf")
    (inbox / "escape.pdf").symlink_to(outside)
    (inbox / "alias.pdf").symlink_to(inside)
    (inbox / "linked_dir").symlink_to(outside.parent, target_is_directory=True)
    os.mkfifo(inbox / "pipe.pdf")
    assert list_inputs(inbox) == [inbox / "alias.pdf", inside]


def test_sha256_streams_the_whole_file(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    data = os.urandom(3 * 2**20 + 17)  # more than one read chunk
    path.write_bytes(data)
    assert sha256_file(path) == hashlib.sha256(data).hexdigest()


def test_workbooks_are_inputs(tmp_path: Path) -> None:
    """Excel trackers are papers too; Excel's lock file is not."""
    inbox = tmp_path / "inbox"
    for name in ["tracker.xlsx", "~$tracker.xlsx", "paper.docx"]:
        _touch(inbox, name)
    assert [p.name for p in list_inputs(inbox)] == ["paper.docx", "tracker.xlsx"]
