"""A new history is either not there or whole, wherever the run making it is killed.

The making is killed deterministically: a child process makes the history with
an SQLite progress handler that ends the process (``os._exit``, so nothing is
closed or rolled back, as with ``kill -9``) at its k-th virtual-machine step.
Steps are spread over the whole making, from its first statement to the last
migration. After each kill the next opening must work, and the history found at
its own name must never be a part-made one: a part-made file there is what
once left a hot rollback journal beside it that the next run's read-only check
refused (exit 3).
"""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from pipeline.history.schema import MIGRATIONS
from pipeline.history.store import HISTORY_NAME, check_history, open_history

#: What SQLite keeps beside a history in WAL mode (a read-only look may make them).
WAL_FILES = (f"{HISTORY_NAME}-wal", f"{HISTORY_NAME}-shm")

#: The child: make the history at argv[1], ending the process at VM step argv[2] (0: never);
#: it prints how many steps the making took.
MAKE_AND_DIE = """
import os, sqlite3, sys
from pathlib import Path
die_at, steps = int(sys.argv[2]), [0]
def step():
    steps[0] += 1
    if steps[0] == die_at:
        os._exit(9)
    return 0
connect = sqlite3.connect
def connect_counted(*args, **kwargs):
    conn = connect(*args, **kwargs)
    conn.set_progress_handler(step, 1)
    return conn
sqlite3.connect = connect_counted
from pipeline.history.store import open_history
open_history(Path(sys.argv[1])).close()
print(steps[0])
"""


def _make(path: Path, die_at: int) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", MAKE_AND_DIE, str(path), str(die_at)],
                          capture_output=True, text=True, check=False)  # fmt: skip


def _migrations(path: Path) -> list[str]:
    with closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
        return [name for (name,) in conn.execute("SELECT name FROM migrations ORDER BY rowid")]


@pytest.fixture(scope="module")
def steps(tmp_path_factory: pytest.TempPathFactory) -> int:
    """How many VM steps an unbroken making takes."""
    made = _make(tmp_path_factory.mktemp("whole") / HISTORY_NAME, 0)
    assert made.returncode == 0, made.stderr
    return int(made.stdout)


@pytest.mark.parametrize("fraction", [0.0, 0.001, 0.01, 0.05, 0.1, 0.2, 0.3, 0.45, 0.6, 0.75,
                                      0.9, 0.99, 0.999])  # fmt: skip
def test_a_killed_making_leaves_no_part_made_history(
    steps: int, fraction: float, tmp_path: Path
) -> None:
    history = tmp_path / HISTORY_NAME
    killed = _make(history, max(1, round(steps * fraction)))
    assert killed.returncode == 9, killed.stderr
    if history.exists():
        assert _migrations(history) == [name for name, _ in MIGRATIONS]
    check_history(history)
    open_history(history).close()
    assert _migrations(history) == [name for name, _ in MIGRATIONS]
    assert {p.name for p in tmp_path.iterdir()} <= {HISTORY_NAME, *WAL_FILES}
