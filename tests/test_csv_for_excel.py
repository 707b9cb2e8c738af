"""The CSVs open in Excel with the right characters and in pandas with real dtypes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
from click.testing import CliRunner
from support import PAPERS

from pipeline.cli import main

#: The call the README shows for reading records.csv with real dtypes.
DATES = ["original_target", "revised_target"]


def _run(tmp_path: Path) -> Path:
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.pdf", inbox)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["run", str(inbox), "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_every_csv_starts_with_a_byte_order_mark(tmp_path: Path) -> None:
    out = _run(tmp_path)
    tables = sorted(out.glob("*.csv"))
    assert tables
    for path in tables:
        assert path.read_bytes().startswith(b"\xef\xbb\xbfrecord_key" if path.name == "records.csv"
                                            else b"\xef\xbb\xbf"), path.name


def test_pandas_reads_records_with_real_dtypes(tmp_path: Path) -> None:
    out = _run(tmp_path)
    records = pd.read_csv(out / "records.csv", encoding="utf-8-sig",
                          dtype={"page": "Int64", "slip_streak": "Int64"},
                          parse_dates=DATES, date_format="%Y-%m")
    assert records.columns[0] == "record_key"
    assert pd.api.types.is_datetime64_any_dtype(records["original_target"])
    assert records["page"].dtype == "Int64"
    assert records["page"].min() == 1
    assert records["recommendation"].str.contains("\u2019").any()
