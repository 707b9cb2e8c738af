"""The whole bad-file corpus in one inbox with good papers: every input ends in one place.

One ``rectrack run`` over every bad file of ``badfiles`` (the inflating and
slow ones too, under small limits so the test stays quick), the good sample
papers, the hostile paper, and the lock files and partial downloads an inbox
collects. Every bad file is in failures.csv with its error type and a plain
reason, the good papers are read, the lock files and partial downloads are
left alone, and not one input file is changed, moved or deleted.
"""

from __future__ import annotations

import csv
import hashlib
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from badfiles import (
    BAD_FILES,
    write_dense_pdf,
    write_docx_bomb,
    write_hostile_paper,
    write_owner_password_pdf,
    write_pdf_bomb,
    write_random_bytes,
    write_text_pdf,
)
from badfiles import NAME as HOSTILE_NAME
from click.testing import CliRunner
from isolation_children import SLOW_STAGES
from support import PAPERS

from pipeline.cli import main

GOOD = ("tracker_may2025.docx", "tracker_nov2025.docx", "sif_2018.docx")
#: Not inputs: Office and LibreOffice lock files, downloads and copies in progress.
NOT_INPUTS = ("~$tracker_may2025.docx", ".~lock.tracker_may2025.docx#", "agenda.pdf.part",
              "report.pdf.crdownload", "scan.tmp")  # fmt: skip
#: The slow, inflating and readable-but-empty files: name -> error type.
MORE_BAD = {"slow_dense.pdf": "timeout", "bomb.docx": "too_large", "bomb.pdf": "too_large",
            "owner_password.pdf": "no_records", "no_tables.pdf": "no_records"}  # fmt: skip
#: The memory cap is small enough that the PDF bomb fails in seconds. The time limit
#: leaves a loaded 2-core machine room for the good papers (a narrative paper loads
#: spaCy first): the dense page is read by a reader that never finishes it
#: (``isolation_children.SLOW_STAGES``), slower than any clock on any machine.
LIMITS = ["--timeout", "30", "--memory-mb", "512"]


def _fill(inbox: Path) -> dict[str, str]:
    """Write the corpus; return each bad file's name -> expected error type."""
    expected = {}
    for write, error_type in BAD_FILES.values():
        expected[write(inbox).name] = error_type
    write_random_bytes(inbox, "junk.docx", seed=6)  # not a copy of junk.pdf's bytes
    write_dense_pdf(inbox, "slow_dense.pdf")
    for write_more in (write_docx_bomb, write_pdf_bomb, write_owner_password_pdf,
                       write_text_pdf):  # fmt: skip
        write_more(inbox)
    for name in GOOD:
        shutil.copy(PAPERS / name, inbox / name)
    write_hostile_paper(inbox)
    for name in NOT_INPUTS:
        (inbox / name).write_bytes(os.urandom(64))
    return expected | MORE_BAD


def _state(folder: Path) -> dict[str, tuple[str, int, int]]:
    """Every file under ``folder``: its hash, size and mtime (ns)."""
    state = {}
    for path in sorted(folder.rglob("*")):
        info = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        state[path.relative_to(folder).as_posix()] = (digest, info.st_size, info.st_mtime_ns)
    return state


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@dataclass(frozen=True)
class CorpusRun:
    """What one run over the corpus gave, and the inbox before and after it."""

    expected: dict[str, str]
    exit_code: int
    output: str
    out: Path
    before: dict[str, tuple[str, int, int]]
    after: dict[str, tuple[str, int, int]]


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory: pytest.TempPathFactory) -> CorpusRun:
    inbox, out = tmp_path_factory.mktemp("inbox"), tmp_path_factory.mktemp("out")
    expected = _fill(inbox)
    before = _state(inbox)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("pipeline.run.executors.READ_STAGES", SLOW_STAGES)
        result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out), *LIMITS])
    return CorpusRun(expected, result.exit_code, result.output, out, before, _state(inbox))


def test_the_run_finishes_with_exit_status_1(corpus_run: CorpusRun) -> None:
    assert corpus_run.exit_code == 1, corpus_run.output


def test_every_bad_file_is_a_failure_of_its_type_with_a_plain_reason(
    corpus_run: CorpusRun,
) -> None:
    failures = _rows(corpus_run.out / "failures.csv")
    assert {f["source_file"]: f["error_type"] for f in failures} == corpus_run.expected
    for failure in failures:
        reason = failure["reason"]
        assert reason and "\n" not in reason and "Traceback" not in reason, failure
        assert len(failure["source_sha256"]) == 64


def test_good_papers_are_read_and_not_inputs_left_alone(corpus_run: CorpusRun) -> None:
    sources = {r["source_file"] for r in _rows(corpus_run.out / "records.csv")}
    assert sources == {*GOOD, HOSTILE_NAME}
    for name in NOT_INPUTS:
        assert name not in corpus_run.output


def test_no_input_file_is_changed_moved_or_deleted(corpus_run: CorpusRun) -> None:
    inputs = len(BAD_FILES) + len(MORE_BAD) + len(GOOD) + 1
    assert len(corpus_run.before) == inputs + len(NOT_INPUTS)
    assert corpus_run.after == corpus_run.before
