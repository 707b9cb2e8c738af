"""Helpers for tests on the sample papers (expected records, cached extraction), and a
spy on the tasks handed to reading processes."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

import pytest

from extractors import extract_path
from extractors.model import Paper
from pipeline.normalise.paper import normalise_paper
from pipeline.run import handle

SAMPLES = Path(__file__).resolve().parent.parent / "samples"
PAPERS = SAMPLES / "papers"


def expected(name: str) -> dict[str, Any]:
    """The hand-written expected records of sample ``name``."""
    data: dict[str, Any] = json.loads((SAMPLES / "expected" / f"{name}.json").read_text("utf-8"))
    return data


_CACHE: dict[Path, Paper] = {}


def read_sample(file_name: str) -> Paper:
    """A sample paper extracted and normalised once per test session."""
    path = PAPERS / file_name
    if path not in _CACHE:
        _CACHE[path] = normalise_paper(extract_path(path))
    return _CACHE[path]


def text_copy_content(paper: Paper) -> list[dict[str, Any]]:
    """Every record of ``paper`` as a dict, its place and PDF page reader aside: what the
    PDF and the Word file of one edition, both read as text, must give alike."""
    return [{k: v for k, v in asdict(r).items() if k not in ("location", "page_reader")}
            for r in (*paper.recommendations, *paper.inspections, *paper.judgements)]


def tasks_handed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """(input index, stage) of every task ``pipeline.run.isolation`` hands a worker, in order,
    from now to the end of the test."""
    handed: list[tuple[int, str]] = []
    submit = handle.WorkerHandle.submit

    def spy(worker: handle.WorkerHandle, task: handle.Task) -> None:
        handed.append((task.index, task.stage))
        submit(worker, task)

    monkeypatch.setattr(handle.WorkerHandle, "submit", spy)
    return handed


TESTS = Path(__file__).resolve().parent
#: ``rectrack`` with a reader of ``isolation_children`` (named by the first argument)
#: in place of ``READ_STAGES``, for ``run`` and ``watch`` started as their own process.
_PATCHED_MAIN = """
import sys
import isolation_children
from pipeline.run import executors
executors.READ_STAGES = getattr(isolation_children, sys.argv.pop(1))
from pipeline.cli import main
main(prog_name="rectrack")
"""


def rectrack_reading_with(stages: str) -> list[str]:
    """The command line that starts ``rectrack`` reading with ``isolation_children.<stages>``;
    run it with ``env_with_tests()``."""
    return [sys.executable, "-c", _PATCHED_MAIN, stages]


def env_with_tests(**more: str) -> dict[str, str]:
    """The environment with this folder importable (by the run and its spawned readers)."""
    paths = [str(TESTS), *filter(None, [os.environ.get("PYTHONPATH", "")])]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths), **more}


def readers(pid: int) -> list[Any]:
    """The reading processes (spawned workers) below process ``pid``, as psutil Processes."""
    import psutil

    found = []
    for child in psutil.Process(pid).children(recursive=True):
        try:
            if "spawn_main" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            continue  # ended while we looked
    return found


def wait_for_readers(pid: int, deadline_s: float) -> list[Any]:
    """Wait until process ``pid`` has started a reading process; return them."""
    import time

    deadline = time.monotonic() + deadline_s
    while not (found := readers(pid)):
        assert time.monotonic() < deadline, "no reading process was started"
        time.sleep(0.02)
    return found


def running(process: Any) -> bool:
    """A psutil Process is running, and not a zombie waiting to be reaped by whoever
    inherited it."""
    import psutil

    try:
        return bool(process.is_running() and process.status() != psutil.STATUS_ZOMBIE)
    except psutil.NoSuchProcess:
        return False
