"""Windows has neither ``fcntl`` nor ``resource``: a run without them gives the same outputs.

The run and its spawned readers start with ``tests/unix_hidden/sitecustomize.py``
on ``PYTHONPATH``, which refuses both to rectrack's own code (and notes each
refusal). Then
the lock is filelock's portable one and the memory cap is the parent's psutil
watchdog (``pipeline.run.handle``) instead of ``RLIMIT_AS``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from run_outputs import output_bytes
from support import PAPERS, TESTS, env_with_tests

RECTRACK = str(Path(sys.executable).parent / "rectrack")


def _run(out: Path, env: dict[str, str]) -> None:
    done = subprocess.run([RECTRACK, "run", str(PAPERS), "--out", str(out), "--workers", "2"],
                          env=env, capture_output=True, text=True, timeout=600)  # fmt: skip
    assert done.returncode == 0, done.stderr


def test_a_run_without_fcntl_and_resource_writes_the_same_outputs(tmp_path: Path) -> None:
    log = tmp_path / "hidden.log"
    hidden = env_with_tests(RECTRACK_TEST_HIDDEN_LOG=str(log))
    hidden["PYTHONPATH"] = os.pathsep.join([str(TESTS / "unix_hidden"), hidden["PYTHONPATH"]])
    _run(tmp_path / "hidden", hidden)
    _run(tmp_path / "usual", env_with_tests())
    assert output_bytes(tmp_path / "hidden") == output_bytes(tmp_path / "usual")
    refused = [line.split() for line in log.read_text(encoding="utf-8").splitlines()]
    assert {name for _, name in refused} == {"resource"}  # the lock no longer asks for fcntl
    assert len({pid for pid, name in refused if name == "resource"}) >= 2  # the run and a reader
