"""A run's tail is made ready while its papers are read, and only when there are papers to read.

``pipeline.run.tail``: the workbook writer is started and the tail's modules
imported when the reading starts; the run then writes its workbook with that
writer, not a second one. An unchanged rerun reads nothing, so it starts no
writer and imports none of it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
from support import PAPERS, env_with_tests

from extractors.settings import Settings
from pipeline.run import tail
from pipeline.run.executors import LocalExecutor
from pipeline.run.outcome import Outcome
from pipeline.run.runner import run_batch

#: A run in a fresh process, then whether it imported pandas and the report.
_RUN_AND_LOOK = """
import sys
from pathlib import Path
from extractors.settings import Settings
from pipeline.run.runner import run_batch
run_batch(Path(sys.argv[1]), Path(sys.argv[2]), Settings(), progress=False)
print("pandas" in sys.modules, "pipeline.outputs.report" in sys.modules)
"""


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.pdf", folder)
    shutil.copy(PAPERS / "tracker_nov2025.docx", folder)
    return folder


def test_the_writer_is_started_before_the_papers_are_read_and_writes_the_workbook(
    inbox: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    events: list[str] = []
    prepare = tail.TailReady.prepare
    reader = LocalExecutor(1)

    def noted(self: tail.TailReady) -> None:
        events.append("prepared")
        prepare(self)

    def no_second_writer() -> None:
        raise AssertionError("a second workbook writer was started")

    def read(paths: Sequence[Path], settings: Settings) -> Iterator[tuple[Path, Outcome]]:
        events.append("read")
        return reader(paths, settings)

    monkeypatch.setattr(tail.TailReady, "prepare", noted)
    monkeypatch.setattr(tail, "workbook_writer", no_second_writer)
    result = run_batch(inbox, tmp_path / "out", Settings(), progress=False, read=read)
    assert result.exit_code == 0
    assert events == ["prepared", "read"]
    assert (tmp_path / "out" / "rectrack.xlsx").stat().st_size > 0


def test_an_unchanged_rerun_imports_nothing_for_the_tail(inbox: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    look = [sys.executable, "-c", _RUN_AND_LOOK, str(inbox), str(out)]
    first = subprocess.run(look, capture_output=True, text=True, env=env_with_tests(), check=True)
    assert first.stdout.split() == ["True", "True"]
    again = subprocess.run(look, capture_output=True, text=True, env=env_with_tests(), check=True)
    assert again.stdout.split() == ["False", "False"]
