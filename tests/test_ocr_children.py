"""A Tesseract never outlives the reading worker that started it (issue 15).

A fake ``tesseract``, written here and put first on PATH, answers
``--version`` as the real one does (so OCR is on) and, given a page, writes
its pid and blocks forever: it ends only by being ended. ``rectrack run`` reads
a scanned page with it; once the fake is running, the worker is SIGKILLed
(what the run does to a worker out of time) or the run is; within a second
no fake may be left. Nothing here waits on the speed of the machine: every
wait is for something that must happen, with a deadline only against a hang.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest
from scans import write_scan
from support import PAPERS, readers, running, wait_for_readers

from pipeline.run.lifeline import KERNEL_ENDS_CHILDREN, end_children

RECTRACK = str(Path(sys.executable).parent / "rectrack")
DEADLINE_S = 120.0
GONE_WITHIN_S = 1.0
FAKE = """#!/bin/sh
if [ "$1" = "--version" ]; then echo "tesseract 5.3.0"; exit 0; fi
echo $$ >> "$FAKE_TESSERACT_PIDS"
exec sleep 1000000
"""


@pytest.fixture
def run(tmp_path: Path) -> Iterator[tuple[subprocess.Popen[bytes], Path]]:
    """``rectrack run`` (a session of its own) over one scanned page, reading it with the fake;
    returned once the fake is blocked on the page, with the file its pid is in."""
    fake = tmp_path / "bin" / "tesseract"
    fake.parent.mkdir()
    fake.write_text(FAKE, encoding="utf-8")
    fake.chmod(0o755)
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_scan(PAPERS / "tracker_may2025.pdf", inbox / "scanned.pdf", pages=[1])
    pids = tmp_path / "tesseract.pids"
    env = {**os.environ, "PATH": f"{fake.parent}{os.pathsep}{os.environ['PATH']}",
           "FAKE_TESSERACT_PIDS": str(pids)}  # fmt: skip
    process = subprocess.Popen(
        [RECTRACK, "run", str(inbox), "--out", str(tmp_path / "out"), "--timeout", "600"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env=env)  # fmt: skip
    deadline = time.monotonic() + DEADLINE_S
    while not (pids.exists() and pids.read_text().strip()):
        assert process.poll() is None, "the run ended without starting Tesseract"
        assert time.monotonic() < deadline, "Tesseract was never started"
        time.sleep(0.01)
    yield process, pids
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    for pid in _pids(pids):  # so that a failure leaves nothing sleeping on the machine
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _pids(pids: Path) -> list[int]:
    return [int(line) for line in pids.read_text().split()]


def _left(pids: Path) -> list[int]:
    """The fakes still running a second after their worker was gone."""
    fakes = []
    for pid in _pids(pids):
        with contextlib.suppress(psutil.NoSuchProcess):
            fakes.append(psutil.Process(pid))
    deadline = time.monotonic() + GONE_WITHIN_S
    while any(running(fake) for fake in fakes) and time.monotonic() < deadline:
        time.sleep(0.02)
    return [fake.pid for fake in fakes if running(fake)]


@pytest.mark.skipif(not KERNEL_ENDS_CHILDREN, reason="only the kernel ends a worker's "
                    "children when someone else kills the worker")  # fmt: skip
def test_a_killed_reading_worker_takes_its_tesseract_with_it(
    run: tuple[subprocess.Popen[bytes], Path],
) -> None:
    process, pids = run
    for worker in wait_for_readers(process.pid, DEADLINE_S):
        worker.kill()
    assert _left(pids) == []
    assert process.wait(DEADLINE_S) == 1  # the scan failed, and the run went on to the end


def test_a_killed_run_takes_its_workers_tesseract_with_it(
    run: tuple[subprocess.Popen[bytes], Path],
) -> None:
    """Only the run is killed (not its process group): worker and Tesseract end with it."""
    process, pids = run
    workers = readers(process.pid)
    process.kill()
    assert process.wait(DEADLINE_S) == -signal.SIGKILL
    assert _left(pids) == []
    assert [worker.pid for worker in workers if running(worker)] == []


def test_ending_a_processs_children_ends_its_grandchildren_too(tmp_path: Path) -> None:
    """What the run does, where the kernel does not, before it kills a worker."""
    script = ("import subprocess, sys; subprocess.Popen([sys.executable, '-c', "
              "'import subprocess, sys, time; subprocess.Popen([\"sleep\", \"1000000\"]); "
              "time.sleep(1000000)']); print('ready', flush=True); "
              "import time; time.sleep(1000000)")  # fmt: skip
    parent = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE)
    try:
        assert parent.stdout is not None and parent.stdout.readline() == b"ready\n"
        me = psutil.Process(parent.pid)
        deadline = time.monotonic() + DEADLINE_S
        while len(me.children(recursive=True)) < 2:  # the grandchild has started
            assert time.monotonic() < deadline
            time.sleep(0.01)
        below = me.children(recursive=True)
        end_children(parent.pid)
        _, alive = psutil.wait_procs(below, timeout=GONE_WITHIN_S)
        assert [p.pid for p in alive if running(p)] == []
        assert parent.poll() is None  # the process itself is the caller's to end
    finally:
        parent.kill()
        parent.wait()
