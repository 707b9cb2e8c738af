"""Outputs are byte-identical whatever the number of workers.

The inbox holds a PDF long enough for two workers to read it in page runs
(``extractors.Plan.parts``), so reading in parts is covered too.
"""

from __future__ import annotations

from pathlib import Path

from run_outputs import mixed_inbox, output_bytes

from benchmarks.corpus import repeated_tracker
from extractors import SPLIT_PAGES
from extractors.settings import Settings
from pipeline.run.runner import run_batch


def test_one_and_two_workers_write_byte_identical_outputs(tmp_path: Path) -> None:
    inbox = mixed_inbox(tmp_path / "inbox")
    repeated_tracker(inbox / "long_tracker.pdf", SPLIT_PAGES + 4)
    run_batch(inbox, tmp_path / "one", Settings(), workers=1, progress=False)
    run_batch(inbox, tmp_path / "two", Settings(), workers=2, progress=False)
    one, two = output_bytes(tmp_path / "one"), output_bytes(tmp_path / "two")
    assert {"records.csv", "inspections.csv", "failures.csv", "report.html"} <= one.keys()
    assert b"pack.pdf" in one["records.csv"] and b"long_tracker.pdf" in one["records.csv"]
    assert one == two
