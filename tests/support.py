"""Helpers for tests on the sample papers (expected records, cached extraction), and a
spy on the tasks handed to reading processes."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from extractors import extract_path
from extractors.model import Paper
from pipeline.normalise.paper import normalise_paper
from pipeline.run import isolation

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


def tasks_handed(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str]]:
    """(input index, stage) of every task ``pipeline.run.isolation`` hands a worker, in order,
    from now to the end of the test."""
    handed: list[tuple[int, str]] = []
    submit = isolation._Worker.submit

    def spy(worker: isolation._Worker, task: isolation._Task) -> None:
        handed.append((task.index, task.stage))
        submit(worker, task)

    monkeypatch.setattr(isolation._Worker, "submit", spy)
    return handed
