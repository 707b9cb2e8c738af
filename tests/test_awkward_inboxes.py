"""Any file name, any tree: nothing crashes a run, nothing is skipped in silence (F3-F7, F12).

Each inbox holds a real sample paper beside the awkward thing: a name that is
not UTF-8, a carriage return or a right-to-left override in a name, a link
loop, a folder or file that cannot be read, the output folder itself. Runs go
through the command line, as an analyst's would; watch is driven step by step.
"""

from __future__ import annotations

import csv
import errno
import os
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from support import PAPERS

from extractors.limits import Limits
from extractors.settings import Settings
from pipeline.cli import main
from pipeline.outputs.tables import FAILURE_COLUMNS, RECORD_COLUMNS
from pipeline.run.inbox import scan_inbox
from pipeline.run.watch import Watcher

MAY = PAPERS / "tracker_may2025.docx"


def _inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(MAY, folder / "good.docx")
    return folder


def _run(inbox: Path, out: Path) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    return result.exit_code, result.output


def _rows(path: Path) -> list[list[str]]:
    """The CSV's rows, the header first, as a strict reader sees them."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle, strict=True))


def _names(out: Path, table: str = "records") -> set[str]:
    header, *rows = _rows(out / f"{table}.csv")
    return {row[header.index("source_file")] for row in rows}


def test_a_name_that_is_not_utf8_is_kept_in_the_history_and_shown_readably(
    tmp_path: Path,
) -> None:
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    latin1 = os.path.join(os.fsencode(inbox), b"caf\xe9_report.docx")
    shutil.copy(MAY, latin1)
    (Path(os.fsdecode(latin1)).parent / "good.docx").unlink()
    code, output = _run(inbox, out)
    assert code == 0, output
    assert _names(out) == {"caf\\xe9_report.docx"}
    with closing(sqlite3.connect(out / "history.sqlite")) as conn:
        [(stored,)] = conn.execute("SELECT file_name FROM documents").fetchall()
    assert stored == "caf\\udce9_report.docx"  # the surrogate escape, losslessly
    raw = stored.encode().decode("unicode_escape").encode("utf-8", "surrogateescape")
    assert raw == b"caf\xe9_report.docx"
    assert _run(inbox, out)[0] == 0  # and again, from the history


def test_control_and_bidi_characters_in_names_are_escaped_in_every_output(
    tmp_path: Path,
) -> None:
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    shutil.copy(PAPERS / "tracker_nov2025.docx", inbox / "Icon\r.docx")
    (inbox / "notes\n\u202etxt.exe").write_text("minutes", encoding="utf-8")
    code, output = _run(inbox, out)
    assert code == 1
    for table in ("records", "inspections", "judgements", "failures", "changes"):
        header, *rows = _rows(out / f"{table}.csv")
        assert all(len(row) == len(header) for row in rows), table
    assert _names(out) == {"Icon\\r.docx", "good.docx"}
    assert _names(out, "failures") == {"notes\\n\\u202etxt.exe"}
    assert "failed: notes\\n\\u202etxt.exe: not a PDF, Word or Excel file" in output
    assert not any(char in output for char in "\r\u202e")
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "\u202e" not in html and "Icon\\r.docx" in html


def test_bidi_controls_in_paper_text_are_removed_from_csvs_and_html(tmp_path: Path) -> None:
    """F12: a right-to-left override in a cell would make the text read backwards."""
    from docx import Document

    inbox, out = _inbox(tmp_path), tmp_path / "out"
    document = Document(str(MAY))
    cell = document.tables[0].rows[3].cells[-1]
    cell.text = "On track \u202edetaerc\u202c and \u2066isolated\u2069 \u200fmark"
    document.save(str(inbox / "good.docx"))
    assert _run(inbox, out)[0] == 0
    text = (out / "records.csv").read_text(encoding="utf-8-sig")
    html = (out / "report.html").read_text(encoding="utf-8")
    for output in (text, html):
        assert not any(char in output for char in "\u202e\u202c\u2066\u2069\u200f")
    assert "detaerc and isolated mark" in text


def test_a_link_loop_is_a_failure_and_the_run_goes_on(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    (inbox / "a.pdf").symlink_to(inbox / "b.pdf")
    (inbox / "b.pdf").symlink_to(inbox / "a.pdf")
    (inbox / "self.docx").symlink_to(inbox / "self.docx")
    code, _ = _run(inbox, out)
    assert code == 1
    header, *rows = _rows(out / "failures.csv")
    assert header == list(FAILURE_COLUMNS)
    assert [(r[0], r[2]) for r in rows] == [("a.pdf", "unreadable"), ("b.pdf", "unreadable"),
                                            ("self.docx", "unreadable")]  # fmt: skip
    assert all("loops" in r[3] for r in rows)
    assert _names(out) == {"good.docx"}


def _refuse(monkeypatch: pytest.MonkeyPatch, refused: Path) -> None:
    """Make ``refused`` (a folder or a file) unreadable, as chmod 000 is for a user (not root)."""
    scandir, open_ = os.scandir, os.open

    def check(path: Any) -> None:
        if isinstance(path, str | os.PathLike) and Path(path) == refused:
            raise PermissionError(errno.EACCES, "Permission denied", os.fspath(path))

    def guarded_scandir(path: Any = ".") -> Any:
        check(path)
        return scandir(path)

    def guarded_open(path: Any, *args: Any, **kwargs: Any) -> int:
        check(path)
        return open_(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", guarded_scandir)
    monkeypatch.setattr(os, "open", guarded_open)


def test_unreadable_folders_and_files_are_failures_never_skipped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    (inbox / "locked").mkdir()
    shutil.copy(MAY, inbox / "locked" / "hidden_from_us.docx")
    (inbox / "secret.pdf").write_bytes(b"%PDF-1.4")
    _refuse(monkeypatch, inbox / "locked")
    _refuse(monkeypatch, inbox / "secret.pdf")
    code, output = _run(inbox, out)
    assert code == 1, output
    _, *rows = _rows(out / "failures.csv")
    reasons = {r[0]: (r[2], r[3]) for r in rows}
    assert reasons["locked"][0] == "unreadable" and "cannot be listed" in reasons["locked"][1]
    assert reasons["secret.pdf"][0] == "unreadable" and "read access" in reasons["secret.pdf"][1]
    assert _names(out) == {"good.docx"}


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads every folder")
def test_an_unreadable_folder_for_real(tmp_path: Path) -> None:
    inbox, out = _inbox(tmp_path), tmp_path / "out"
    (inbox / "locked").mkdir()
    (inbox / "locked").chmod(0)
    try:
        assert _run(inbox, out)[0] == 1
        assert _names(out, "failures") == {"locked"}
    finally:
        (inbox / "locked").chmod(0o755)


def test_an_output_folder_inside_the_inbox_is_never_read(tmp_path: Path) -> None:
    inbox = _inbox(tmp_path)
    out = inbox / "output"
    for _ in range(2):
        code, output = _run(inbox, out)
        assert code == 0, output
        assert _rows(out / "failures.csv") == [list(FAILURE_COLUMNS)]
    header, *rows = _rows(out / "records.csv")
    assert header[: len(RECORD_COLUMNS)] == list(RECORD_COLUMNS) and len(rows) == 35
    assert scan_inbox(inbox, skip=(out,)).files == (inbox / "good.docx",)


def test_watch_takes_every_awkward_tree_in_its_stride(tmp_path: Path) -> None:
    """The same inbox problems under watch: logged, in the outputs, and the watcher goes on."""
    inbox = _inbox(tmp_path)
    out = inbox / "output"
    (inbox / "loop.pdf").symlink_to(inbox / "loop.pdf")
    shutil.copy(MAY, os.path.join(os.fsencode(inbox), b"caf\xe9.docx"))
    lines: list[str] = []
    watcher = Watcher(inbox, out, Settings(Limits(timeout_s=60)), settle_s=5, log=lines.append)
    watcher.step(100.0)
    watcher.step(105.0)
    watcher.step(110.0)  # the outputs are written: the next look must not read them
    assert watcher.step(200.0) == float("inf")
    assert sorted(lines) == ["copy: good.docx has the same bytes as caf\\udce9.docx: counted once",
                             "processed: caf\\udce9.docx (35 recommendations)"]  # fmt: skip
    assert _names(out) == {"caf\\xe9.docx"} and _names(out, "failures") == {"loop.pdf"}
