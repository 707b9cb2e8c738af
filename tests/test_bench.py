"""The benchmark's quick mode runs end to end and prints a full table."""

from __future__ import annotations

import pytest

from benchmarks import bench


def test_quick_benchmark_prints_every_figure(capsys: pytest.CaptureFixture[str]) -> None:
    assert bench.main(["--quick"]) == 0
    printed = capsys.readouterr().out
    rows = [line for line in printed.splitlines() if line.startswith("| ") and "---" not in line]
    names = [row.split(" | ")[0] for row in rows[1:]]
    assert len(names) == 18
    for wanted in ("pages/s", "floor", "2 workers vs 1", "unchanged-inbox rerun",
                   "one-new-paper rerun", "page runs", "peak RSS", "tracker appendix", "--help",
                   "Word papers/s", "spaCy", "OCR"):
        assert any(wanted in name for name in names), wanted
    assert all(row.count("|") == 5 for row in rows)
    assert "python -m benchmarks.bench --quick" in printed
