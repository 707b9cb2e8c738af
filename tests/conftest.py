"""Shared fixtures: the sample papers in each of their formats."""

from __future__ import annotations

import pytest
from support import read_sample

from extractors.model import Paper


@pytest.fixture(params=["pdf", "docx"])
def may2025(request: pytest.FixtureRequest) -> Paper:
    """The May 2025 tracker sample, in each of its two formats."""
    return read_sample(f"tracker_may2025.{request.param}")
