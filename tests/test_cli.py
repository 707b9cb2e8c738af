"""The command line contract: outputs, exit codes, records on stdout."""

from __future__ import annotations

import csv
import json
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from support import PAPERS

from extractors.vocab import ENV_VAR
from pipeline.cli import main
from pipeline.outputs.tables import RECORD_COLUMNS


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_run_on_the_samples_writes_every_table(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    for name in ("tracker_may2025.pdf", "tracker_may2025.docx"):
        shutil.copy(PAPERS / name, inbox / name)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 0, result.output
    records = _rows(out / "records.csv")
    assert list(records[0])[: len(RECORD_COLUMNS)] == list(RECORD_COLUMNS)
    assert {r["source_file"] for r in records} == {"tracker_may2025.pdf",
                                                    "tracker_may2025.docx"}
    assert len(records) == 2 * 35
    pdf_rows = [r for r in records if r["source_file"].endswith(".pdf")]
    assert pdf_rows[0]["page"] == "1" and pdf_rows[-1]["page"] == "9"
    assert len(_rows(out / "judgements.csv")) == 2 * 21
    assert len(_rows(out / "inspections.csv")) == 2 * 12
    assert _rows(out / "failures.csv") == []


def test_a_bad_file_fails_alone_with_exit_status_1(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.docx", inbox / "good.docx")
    (inbox / "notes.txt").write_text("not a paper", encoding="utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 1
    [failure] = _rows(out / "failures.csv")
    assert (failure["source_file"], failure["error_type"]) == ("notes.txt", "unsupported_type")
    assert len(_rows(out / "records.csv")) == 35


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(main, ["run", str(tmp_path / "missing")]).exit_code == 2
    assert runner.invoke(main, ["run", str(tmp_path), "--timeout", "-1"]).exit_code == 2
    assert runner.invoke(main, ["extract"]).exit_code == 2


def test_extract_prints_json_records() -> None:
    result = CliRunner().invoke(
        main, ["extract", str(PAPERS / "tracker_may2025.docx"), "--format", "json"])
    assert result.exit_code == 0, result.output
    records = json.loads(result.stdout)
    assert len(records) == 35
    assert records[0]["label"] == "Area for improvement 1 + Area for improvement 4"
    assert records[0]["location"] == "table row 4"


def test_vocabulary_file_adds_status_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV_VAR, raising=False)
    vocab = tmp_path / "vocab.toml"
    vocab.write_text('[status]\n"complete" = "on_track"\n', encoding="utf-8")
    result = CliRunner().invoke(main, ["extract", str(PAPERS / "tracker_may2025.docx"),
                                       "--format", "json", "--vocab", str(vocab)])  # fmt: skip
    assert result.exit_code == 0, result.output
    statuses = {r["status_text"]: r["status"] for r in json.loads(result.stdout)}
    assert statuses["Complete"] == "on_track"
    assert ENV_VAR not in os.environ  # the words went to the reader as its settings


def test_the_vocabulary_environment_variable_is_read_by_the_command_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    vocab = tmp_path / "vocab.toml"
    vocab.write_text('[status]\n"complete" = "on_track"\n', encoding="utf-8")
    monkeypatch.setenv(ENV_VAR, str(vocab))
    result = CliRunner().invoke(main, ["extract", str(PAPERS / "tracker_may2025.docx"),
                                       "--format", "json"])  # fmt: skip
    assert result.exit_code == 0, result.output
    statuses = {r["status_text"]: r["status"] for r in json.loads(result.stdout)}
    assert statuses["Complete"] == "on_track"
    vocab.write_text('[statuses]\n"complete" = "on_track"\n', encoding="utf-8")
    refused = CliRunner().invoke(main, ["extract", str(PAPERS / "tracker_may2025.docx")])
    assert refused.exit_code != 0 and "unknown table [statuses]" in refused.output
    assert not refused.stdout  # refused before any file was read


def test_quiet_says_only_what_failed_and_verbose_names_every_paper(tmp_path: Path) -> None:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.docx", inbox / "good.docx")
    (inbox / "notes.txt").write_text("not a paper", encoding="utf-8")
    quiet = CliRunner().invoke(main, ["run", str(inbox), "--out", str(tmp_path / "q"), "-q"])
    assert quiet.exit_code == 1
    assert quiet.output.splitlines() == [
        "failed: notes.txt: not a PDF, Word or Excel file: looks like plain text"]
    loud = CliRunner().invoke(main, ["run", str(inbox), "--out", str(tmp_path / "v"), "-v"])
    lines = loud.output.splitlines()
    assert "read: good.docx: 35 recommendation(s), " in "\n".join(lines)
    assert lines[-1].startswith("open ") and lines[-1].endswith("(the workbook)")


def test_help_lists_the_exit_statuses_and_the_verbosity_options() -> None:
    text = CliRunner().invoke(main, ["run", "--help"]).output
    assert "Exit status: 0" in text and "-q, --quiet" in text and "-v, --verbose" in text
