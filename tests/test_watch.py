"""``rectrack watch``: papers dropped in while it runs, copies, renames, and a clean stop.

The watcher runs as its own process, as an analyst would start it; the test
drops files into its inbox and waits (with a deadline, polling its log) for
the line each file should produce. No fixed sleeps beyond the short gap that
makes a copy look unfinished.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest
from badfiles import write_dense_pdf
from run_outputs import Spy
from support import PAPERS, env_with_tests, rectrack_reading_with, wait_for_readers

from extractors.limits import Limits
from extractors.settings import Settings
from pipeline.run.executors import LocalExecutor
from pipeline.run.runner import run_batch
from pipeline.run.watch import Watcher

RECTRACK = str(Path(sys.executable).parent / "rectrack")
DEADLINE_S = 90.0
POLL_S = 0.05
SETTLE = "0.3"
#: A log line: the local time to the second with its UTC offset, then the message.
STAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:[+-]\d\d:\d\d) (.*)")


class Watching:
    """A ``rectrack watch`` process and its log."""

    def __init__(self, inbox: Path, out: Path, *options: str,
                 rectrack: tuple[str, ...] = (RECTRACK,)) -> None:  # fmt: skip
        self.log = out.parent / f"{out.name}.log"
        with self.log.open("w") as log:
            self.process = subprocess.Popen(
                [*rectrack, "watch", str(inbox), "--out", str(out), "--settle", SETTLE,
                 "--rescan", "2", "--timeout", "30", *options],
                stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
                env=env_with_tests())  # fmt: skip

    def lines(self) -> list[str]:
        """The log's lines, each without the local time it starts with (checked here)."""
        lines = self.log.read_text(encoding="utf-8").splitlines()
        stamped = [STAMP.match(line) for line in lines]
        assert all(stamped), lines
        return [m.group(1) for m in stamped if m]

    def wait_for(self, line: str) -> None:
        """Wait until the log has ``line`` (the watcher still running)."""
        deadline = time.monotonic() + DEADLINE_S
        while line not in self.lines():
            assert self.process.poll() is None, self.lines()
            assert time.monotonic() < deadline, (line, self.lines())
            time.sleep(POLL_S)

    def stop(self) -> int:
        """SIGTERM, then the exit status (killing the group if it does not stop in time)."""
        self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(DEADLINE_S)
        finally:
            if self.process.poll() is None:
                os.killpg(self.process.pid, signal.SIGKILL)


def _sources(out: Path) -> set[str]:
    with (out / "records.csv").open(encoding="utf-8-sig", newline="") as handle:
        return {row["source_file"] for row in csv.DictReader(handle)}


def _copy_slowly(source: Path, target: Path) -> None:
    """Copy in two halves with a pause, as a slow copy looks to the watcher."""
    data = source.read_bytes()
    with target.open("wb") as handle:
        handle.write(data[: len(data) // 2])
        handle.flush()
        time.sleep(float(SETTLE) / 3)
        handle.write(data[len(data) // 2 :])


@pytest.mark.parametrize("options", [(), ("--poll",)], ids=["events", "polling"])
def test_papers_dropped_in_are_read_once_and_outputs_follow(
    options: tuple[str, ...], tmp_path: Path
) -> None:
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    watching = Watching(inbox, out, *options)
    try:
        watching.wait_for(f"watching {inbox} -> {out} (Ctrl-C to stop)")
        _copy_slowly(PAPERS / "tracker_may2025.docx", inbox / "tracker_may2025.docx")
        shutil.copy(PAPERS / "tracker_nov2025.docx", inbox / "nov.docx.part")
        (inbox / "~$tracker_may2025.docx").write_bytes(b"lock")
        (inbox / "nov.docx.part").rename(inbox / "tracker_nov2025.docx")
        watching.wait_for("processed: tracker_may2025.docx (35 recommendations)")
        watching.wait_for("processed: tracker_nov2025.docx (34 recommendations)")
        assert _sources(out) == {"tracker_may2025.docx", "tracker_nov2025.docx"}

        shutil.copy(inbox / "tracker_may2025.docx", inbox / "zz copy.docx")
        watching.wait_for("copy: zz copy.docx has the same bytes as tracker_may2025.docx: "
                          "counted once")  # fmt: skip
        (inbox / "tracker_nov2025.docx").rename(inbox / "nov 2025 ü $(x).docx")
        watching.wait_for("renamed: nov 2025 ü $(x).docx (was tracker_nov2025.docx): "
                          "nothing new to read")  # fmt: skip
        (inbox / "notes.txt").write_text("minutes", encoding="utf-8")
        watching.wait_for("failed: notes.txt: not a PDF, Word or Excel file: looks like plain text")
        assert _sources(out) == {"tracker_may2025.docx", "nov 2025 ü $(x).docx"}
    finally:
        status = watching.stop()
    assert status == 0 and watching.lines()[-1] == "stopped"
    assert not any("~$" in line or ".part" in line for line in watching.lines())
    with closing(sqlite3.connect(out / "history.sqlite")) as conn:
        assert conn.execute("SELECT outcome, COUNT(*) FROM documents GROUP BY outcome"
                            " ORDER BY outcome").fetchall() == [("failed", 1), ("ok", 2)]
    _assert_a_run_writes_the_same(inbox, out, tmp_path / "again")


def _assert_a_run_writes_the_same(inbox: Path, out: Path, again: Path) -> None:
    """``rectrack run`` over the same inbox and history rewrites the same bytes."""
    shutil.copytree(out, again)
    subprocess.run([RECTRACK, "run", str(inbox), "--out", str(again)], capture_output=True,
                   check=False)  # fmt: skip
    for path in out.iterdir():
        if path.suffix in (".csv", ".xlsx", ".html"):
            assert path.read_bytes() == (again / path.name).read_bytes(), path.name


def test_a_stop_while_reading_rolls_the_file_back(tmp_path: Path) -> None:
    """SIGTERM during a slow read: out at once, nothing of that file written.

    The file's reader never finishes it (``isolation_children.SLOW_STAGES``), as a
    dense page keeps pdfminer busy past any clock, on any machine.
    """
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    watching = Watching(inbox, out, rectrack=tuple(rectrack_reading_with("SLOW_STAGES")))
    watching.wait_for(f"watching {inbox} -> {out} (Ctrl-C to stop)")
    write_dense_pdf(inbox, "slow_dense.pdf")
    wait_for_readers(watching.process.pid, DEADLINE_S)
    started = time.monotonic()
    assert watching.stop() == 0
    assert time.monotonic() - started < 10
    assert watching.lines()[1:] == ["stopped"], "\n".join(watching.lines())  # all, if not
    assert not (out / "history.sqlite").exists() and not (out / "records.csv").exists()


def test_a_file_is_read_only_once_it_has_settled_without_any_event(tmp_path: Path) -> None:
    """The scan, not the events, decides: steps alone find, wait for, and read a new file."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    lines: list[str] = []
    watcher = Watcher(inbox, out, Settings(Limits(timeout_s=30)), settle_s=5, log=lines.append)
    shutil.copy(PAPERS / "tracker_may2025.docx", inbox / "a.docx")
    assert watcher.step(100.0) == 105.0 and lines == []
    with (inbox / "a.docx").open("ab") as handle:
        handle.write(b"\0")  # still being written: it settles again from now
    assert watcher.step(104.0) == 109.0 and lines == []
    shutil.copy(PAPERS / "tracker_may2025.docx", inbox / "a.docx")
    watcher.step(110.0)
    assert watcher.step(115.0) == float("inf")
    assert lines == ["processed: a.docx (35 recommendations)"]
    assert _sources(out) == {"a.docx"}


def test_a_watcher_reads_through_its_executor_and_takes_known_papers_from_the_history(
    tmp_path: Path,
) -> None:
    """The watcher reads as ``run`` does: papers from the history, the rest by its executor."""
    first, inbox, out = tmp_path / "first", tmp_path / "inbox", tmp_path / "out"
    first.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.docx", first)
    run_batch(first, out, Settings(), progress=False)
    inbox.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.docx", inbox / "may.docx")  # known bytes, a new name
    (inbox / "notes.pdf").write_text("not a PDF at all")
    lines: list[str] = []
    spy = Spy(LocalExecutor(2))
    watcher = Watcher(inbox, out, Settings(), settle_s=1, read=spy, log=lines.append)
    for now in (100.0, 200.0, 300.0):  # settled, read; the failure confirmed a settle later
        watcher.step(now)
    assert spy.asked == ["notes.pdf"]
    assert lines == ["known: may.docx (in the history, 35 recommendations): nothing new to read",
                     "failed: notes.pdf: not a PDF, Word or Excel file: looks like plain text"]
    assert _sources(out) == {"may.docx"}
