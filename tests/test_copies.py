"""Byte-identical copies in one inbox are read once (issue 16): the copy shares the outcome
of the file it repeats and is listed as a copy, as when both were read."""

from __future__ import annotations

import shutil
from pathlib import Path

from run_outputs import Spy
from support import PAPERS

from extractors.settings import Settings
from pipeline.run.executors import LocalExecutor
from pipeline.run.runner import run_batch


def _inbox(folder: Path) -> Path:
    """The May tracker, a copy of it under another name, a bad file and a copy of that."""
    folder.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.docx", folder / "a_may.docx")
    shutil.copy(PAPERS / "tracker_may2025.docx", folder / "b_copy_of_may.docx")
    (folder / "c_notes.pdf").write_text("not a PDF at all")
    shutil.copy(folder / "c_notes.pdf", folder / "d_notes_again.pdf")
    return folder


def test_a_copy_is_read_once_and_counted_once(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path / "inbox"), tmp_path / "out"
    spy = Spy(LocalExecutor(1))
    result = run_batch(inbox, out, Settings(), progress=False, read=spy)
    assert spy.asked == ["a_may.docx", "c_notes.pdf"]
    assert dict(result.copies) == {"b_copy_of_may.docx": "a_may.docx",
                                   "d_notes_again.pdf": "c_notes.pdf"}
    assert [p.source_file for p in result.papers] == ["a_may.docx"]
    assert [f.source_file for f in result.failures] == ["c_notes.pdf"]

