"""Environment errors: one plain line, exit status 3, and nothing lost (F10).

A full disk is simulated by the output writer raising ENOSPC part-way; a
folder that cannot be written by the lock's open failing as on a read-only
folder; a damaged history by bytes changed in the file itself. Each time the
earlier outputs, reviews.csv, the history and the inputs must be as they were.
"""

from __future__ import annotations

import errno
import hashlib
import shutil
import sqlite3
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from support import PAPERS

from extractors.vocab import ENV_VAR
from pipeline.cli import main

MAY, NOV = PAPERS / "tracker_may2025.docx", PAPERS / "tracker_nov2025.docx"
PAGE = 4096
#: SQLite's own files beside the history (a reader may create them empty).
SQLITE_SIDE_FILES = ("-wal", "-shm")
#: Not outputs: what the next run rebuilds (the record of the last outputs; the history
#: holds what was read, added to, never lost).
REBUILT = (".rectrack-state.json", "history.sqlite")


def _state(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (lock and owner files aside) by its hash."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and ".rectrack." not in p.name
            and not p.name.endswith(SQLITE_SIDE_FILES)}  # fmt: skip


@pytest.fixture
def earlier(tmp_path: Path) -> tuple[Path, Path]:
    """An inbox and the output folder of a finished run over it, with a reviews.csv;
    then a new paper in the inbox, so the next run has work to do."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(MAY, inbox / "may.docx")
    assert _invoke("run", str(inbox), "--out", str(out)).exit_code == 0
    (out / "reviews.csv").write_text("action,series,old_key,new_key,record_key,edition,flag,"
                                     "reason,reviewer,date\n", encoding="utf-8")
    shutil.copy(NOV, inbox / "nov.docx")
    return inbox, out


def _invoke(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _one_plain_line(result: Result) -> str:
    assert result.exit_code == 3, (result.output, result.exception)
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("rectrack: "), result.output
    assert "Traceback" not in result.output
    return lines[0]


def _unchanged_after(result: Result, inbox: Path, out: Path, before: dict[str, str],
                     inputs: dict[str, str]) -> str:  # fmt: skip
    line = _one_plain_line(result)
    assert _state(out) == before and _state(inbox) == inputs
    return line


def test_a_full_disk_is_one_line_and_the_earlier_outputs_stay(
    earlier: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, out = earlier
    before, inputs = _state(out), _state(inbox)
    from pipeline.outputs import files

    write_csv, written = files.write_csv, []

    def full_after_two(path: Path, *args: Any) -> None:
        if len(written) == 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        written.append(path)
        write_csv(path, *args)

    monkeypatch.setattr(files, "write_csv", full_after_two)
    result = _invoke("run", str(inbox), "--out", str(out))
    line = _one_plain_line(result)
    assert "is full: free some space and run again" in line and str(out) in line
    after = _state(out)
    kept = [name for name in before if name not in REBUILT]
    assert "records.csv" in kept and "reviews.csv" in kept and "rectrack.xlsx" in kept
    assert {name: after[name] for name in kept} == {name: before[name] for name in kept}
    assert _state(inbox) == inputs
    monkeypatch.undo()
    assert _invoke("run", str(inbox), "--out", str(out)).exit_code == 0  # space again


def test_a_folder_that_cannot_be_written_is_one_line(
    earlier: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, out = earlier
    before, inputs = _state(out), _state(inbox)

    class ReadOnly:
        def __init__(self, path: Path, **kwargs: Any) -> None:
            self.path = path

        def acquire(self) -> None:
            raise PermissionError(errno.EROFS, "Read-only file system", str(self.path))

    monkeypatch.setattr("pipeline.run.lock.FileLock", ReadOnly)
    line = _unchanged_after(_invoke("run", str(inbox), "--out", str(out)), inbox, out,
                            before, inputs)  # fmt: skip
    assert f"cannot write to {out / '.rectrack.lock'} (Read-only file system)" in line
    assert "--out" in line


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(MAY, inbox / "may.docx")
    (tmp_path / "a_file").write_text("not a folder")
    line = _one_plain_line(_invoke("run", str(inbox), "--out", str(tmp_path / "a_file" / "out")))
    assert "cannot create or open" in line and "a_file" in line


@pytest.mark.parametrize("damage", ["garbage", "middle page"])
def test_a_damaged_history_is_one_line_and_left_as_it_is(
    damage: str, earlier: tuple[Path, Path]
) -> None:
    inbox, out = earlier
    history = out / "history.sqlite"
    with closing(sqlite3.connect(history)) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    data = bytearray(history.read_bytes())
    assert len(data) >= 3 * PAGE
    if damage == "garbage":
        data[:] = b"this is not a database, whatever it once was " * 100
    else:  # a page in the middle, header and first page intact
        middle = len(data) // PAGE // 2 * PAGE
        data[middle : middle + PAGE] = bytes(range(256)) * (PAGE // 256)
    history.write_bytes(bytes(data))
    before, inputs = _state(out), _state(inbox)
    for command in ("run", "watch"):
        line = _unchanged_after(_invoke(command, str(inbox), "--out", str(out)), inbox, out,
                                before, inputs)  # fmt: skip
        assert f"the history {history} is damaged" in line and "move it aside" in line


def test_debug_shows_the_traceback_instead(earlier: tuple[Path, Path]) -> None:
    inbox, out = earlier
    (out / "history.sqlite").write_bytes(b"not a database" * 500)
    result = _invoke("run", str(inbox), "--out", str(out), "--debug")
    assert result.exit_code != 3 and type(result.exception).__name__ == "HistoryDamaged"


@pytest.mark.parametrize("how", ["--vocab", ENV_VAR])
def test_a_bad_vocabulary_file_is_one_line(
    how: str, earlier: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, out = earlier
    before, inputs = _state(out), _state(inbox)
    vocab = tmp_path / "words.toml"
    vocab.write_text('[status]\n"complete = "on_track"\n', encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, "")  # the CLI sets it for its workers; restored after
    if how == ENV_VAR:
        monkeypatch.setenv(ENV_VAR, str(vocab))
    options = ["--vocab", str(vocab)] if how == "--vocab" else []
    for command in ("run", "watch"):
        line = _unchanged_after(_invoke(command, str(inbox), "--out", str(out), *options),
                                inbox, out, before, inputs)  # fmt: skip
        assert f"the vocabulary file {vocab} cannot be used (TOMLDecodeError" in line
        assert f"leave out --vocab and {ENV_VAR}" in line


def test_a_missing_vocabulary_file_named_by_the_variable_is_one_line(
    earlier: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    inbox, out = earlier
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "gone.toml"))
    line = _one_plain_line(_invoke("run", str(inbox), "--out", str(out)))
    assert "gone.toml cannot be used (FileNotFoundError" in line


def test_the_exit_statuses_are_in_the_help() -> None:
    for command in ([], ["run"]):
        text = " ".join(_invoke(*command, "--help").output.split())
        assert "Exit status: 0 every input was read; 1 finished" in text
        assert "; 2 usage error" in text and "; 3 environment error" in text
