"""Crash safety: after ``kill -9`` mid-run, the next run gives what an uninterrupted run gives.

``rectrack run`` is started as a process of its own (with its reading workers,
in one process group) over an inbox of sample papers, killed with SIGKILL at a
chosen point, and run again. Every output file must then be byte-for-byte the
one an uninterrupted run writes, with no temporary file left over, and the
history must hold the same documents, records and changes (only the
``processed_at`` times differ).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from badfiles import write_dense_pdf
from isolation_children import BLOCKED_IN
from support import (
    PAPERS,
    env_with_tests,
    readers,
    rectrack_reading_with,
    running,
    wait_for_readers,
)

RECTRACK = str(Path(sys.executable).parent / "rectrack")
PAPER_NAMES = ("tracker_may2025.docx", "tracker_nov2025.docx", "sif_2018.docx",
               "tracker_nov2025.pdf")  # fmt: skip
NOT_OUTPUTS = {"history.sqlite", "history.sqlite-wal", "history.sqlite-shm", ".rectrack.lock"}
DEADLINE_S = 120.0
POLL_S = 0.005


@pytest.fixture(scope="module")
def inbox(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("inbox")
    for name in PAPER_NAMES:
        shutil.copy(PAPERS / name, folder / name)
    return folder


def _run(inbox: Path, out: Path) -> subprocess.Popen[bytes]:
    """``rectrack run`` in a new session, so it and its workers can be killed together."""
    return subprocess.Popen([RECTRACK, "run", str(inbox), "--out", str(out), "--workers", "2"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)  # fmt: skip


@pytest.fixture(scope="module")
def uninterrupted(inbox: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    # as deep as each test's ``tmp_path / "out"``: the report and the workbook link to the
    # inbox's files by their path relative to the output folder
    out = tmp_path_factory.mktemp("uninterrupted") / "out"
    assert _run(inbox, out).wait(DEADLINE_S) == 0
    return out


def _reading(process: subprocess.Popen[bytes], out: Path) -> bool:
    """The run has started a reading worker."""
    return readers(process.pid) != []


def _creating_history(process: subprocess.Popen[bytes], out: Path) -> bool:
    """The run has created the history file (its schema may not be there yet)."""
    return (out / "history.sqlite").exists()


def _history_written(process: subprocess.Popen[bytes], out: Path) -> bool:
    """The run has committed what it read to the history (changes and outputs still to come)."""
    try:
        with closing(sqlite3.connect(f"file:{out / 'history.sqlite'}?mode=ro", uri=True)) as conn:
            return conn.execute("SELECT COUNT(*) FROM documents").fetchone() != (0,)
    except sqlite3.Error:
        return False


def _writing_outputs(process: subprocess.Popen[bytes], out: Path) -> bool:
    """The run has begun writing the output files."""
    return out.is_dir() and any(".csv" in path.name for path in out.iterdir())


def _kill_when(process: subprocess.Popen[bytes], out: Path,
               ready: Callable[[subprocess.Popen[bytes], Path], bool]) -> None:  # fmt: skip
    """SIGKILL the run's whole process group as soon as ``ready`` holds (within the deadline)."""
    deadline = time.monotonic() + DEADLINE_S
    while not ready(process, out):
        assert process.poll() is None, "the run ended before the point to kill it"
        assert time.monotonic() < deadline, "the point to kill the run never came"
        time.sleep(POLL_S)
    os.killpg(process.pid, signal.SIGKILL)
    assert process.wait(DEADLINE_S) == -signal.SIGKILL


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.name not in NOT_OUTPUTS}


def _history(out: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table of the history, rows sorted, without the run times."""
    with closing(sqlite3.connect(out / "history.sqlite")) as conn:
        tables = [name for (name,) in conn.execute("SELECT name FROM sqlite_master "
                                                   "WHERE type = 'table'")]  # fmt: skip
        dump = {}
        for table in tables:
            cursor = conn.execute(f"SELECT * FROM {table}")
            columns = [d[0] for d in cursor.description]
            keep = [i for i, c in enumerate(columns) if c != "processed_at"]
            dump[table] = sorted((tuple(row[i] for i in keep) for row in cursor), key=repr)
    return dump


@pytest.mark.parametrize(
    "point", [_reading, _creating_history, _history_written, _writing_outputs],
    ids=["reading", "creating history", "history written", "writing outputs"],
)
def test_a_killed_run_is_completed_by_the_next(
    point: Callable[[subprocess.Popen[bytes], Path], bool],
    inbox: Path,
    uninterrupted: Path,
    tmp_path: Path,
) -> None:
    out = tmp_path / "out"
    _kill_when(_run(inbox, out), out, point)
    assert _run(inbox, out).wait(DEADLINE_S) == 0
    assert _outputs(out) == _outputs(uninterrupted)
    assert _history(out) == _history(uninterrupted)


def test_no_reader_outlives_a_killed_run_by_a_second(inbox: Path, tmp_path: Path) -> None:
    """F9: only the run is killed (not its process group); its readers, one of them busy on a
    file it never finishes (``isolation_children.SLOW_STAGES``), must die with it."""
    slow_inbox = tmp_path / "inbox"
    shutil.copytree(inbox, slow_inbox)
    write_dense_pdf(slow_inbox, "slow_dense.pdf")
    process = subprocess.Popen(
        [*rectrack_reading_with("SLOW_STAGES"), "run", str(slow_inbox), "--out",
         str(tmp_path / "out"), "--workers", "2", "--timeout", "600"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env=env_with_tests(**{BLOCKED_IN: str(tmp_path)}))  # fmt: skip
    try:
        wait_for_readers(process.pid, DEADLINE_S)
        blocked = tmp_path / "blocked"
        deadline = time.monotonic() + DEADLINE_S
        while not blocked.exists():  # the reader is busy on the slow file
            assert process.poll() is None and time.monotonic() < deadline
            time.sleep(POLL_S)
        found = readers(process.pid)
        process.kill()
        assert process.wait(DEADLINE_S) == -signal.SIGKILL
        time.sleep(1.0)
        alive = [reader.pid for reader in found if running(reader)]
        assert alive == []
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)

