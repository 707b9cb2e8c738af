"""One run per output folder: a clear message for the second, a dead holder's lock taken over."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from pipeline.cli import main
from pipeline.outputs.files import atomic_write
from pipeline.run.lock import LOCK_NAME, OWNER_NAME, OutputLocked, output_lock

HOLD = """
import sys, time
from pathlib import Path
from pipeline.run.lock import output_lock
with output_lock(Path(sys.argv[1])):
    print("held", flush=True)
    time.sleep(60)
"""


def _holder(out: Path) -> subprocess.Popen[str]:
    """Another process holding ``out``'s lock (until killed)."""
    process = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE,
                               text=True, cwd=Path(__file__).parent.parent)  # fmt: skip
    assert process.stdout is not None and process.stdout.readline() == "held\n"
    return process


def test_a_second_holder_is_told_who_holds_the_folder(tmp_path: Path) -> None:
    with output_lock(tmp_path), pytest.raises(OutputLocked) as caught:  # noqa: SIM117
        with output_lock(tmp_path):
            pass
    message = str(caught.value)
    assert message.startswith(f"another rectrack run is using {tmp_path} (pid {os.getpid()} "
                              "since 20")  # fmt: skip
    assert message.endswith("); wait for it or use another --out")
    with output_lock(tmp_path):  # released: free again, and no owner is named
        pass
    assert not (tmp_path / OWNER_NAME).exists()


@pytest.mark.parametrize("command", ["run", "watch", "diff"])
def test_a_run_on_a_busy_folder_exits_2_and_writes_nothing(command: str, tmp_path: Path) -> None:
    out = tmp_path / "out"
    paper = tmp_path / "paper.pdf"
    paper.write_bytes(b"%PDF-1.4")
    inputs = [str(paper)] * 2 if command == "diff" else [str(tmp_path)]
    holder = _holder(out)
    try:
        result = CliRunner().invoke(main, [command, *inputs, "--out", str(out)])
    finally:
        holder.kill()
        holder.wait()
    assert result.exit_code == 2
    assert f"rectrack: another rectrack run is using {out} (pid {holder.pid} since " in (
        result.output)
    assert sorted(p.name for p in out.iterdir()) == [LOCK_NAME, OWNER_NAME]  # the holder's


def test_the_lock_of_a_killed_run_is_taken_over(tmp_path: Path) -> None:
    holder = _holder(tmp_path)
    os.kill(holder.pid, signal.SIGKILL)
    holder.wait()
    with output_lock(tmp_path):  # never waits: held by nobody, it is taken at once
        assert (tmp_path / OWNER_NAME).read_text().split()[0] == str(os.getpid())


def test_files_a_killed_run_was_writing_are_removed(tmp_path: Path) -> None:
    left = tmp_path / ".records.csv.ab_cd12x"
    left.write_text("half a table")
    kept = [tmp_path / ".notes.txt.abcdefgh", tmp_path / "records.csv"]
    for path in kept:
        path.write_text("mine")
    with output_lock(tmp_path), atomic_write(tmp_path / "changes.csv") as handle:
        handle.write("whole")
    assert not left.exists() and all(path.exists() for path in kept)
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".r")) == [
        ".rectrack.lock"]
