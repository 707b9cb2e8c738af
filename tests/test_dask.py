"""The Dask executor: a local cluster of two worker processes gives the outputs of a local run."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

from click.testing import CliRunner
from distributed import LocalCluster
from run_outputs import mixed_inbox, output_bytes
from support import PAPERS

from extractors.limits import Limits
from extractors.settings import Settings
from pipeline.cli import main
from pipeline.run.executors import DaskExecutor
from pipeline.run.runner import run_batch


def test_a_dask_cluster_writes_the_outputs_of_a_local_run(tmp_path: Path) -> None:
    inbox = mixed_inbox(tmp_path / "inbox")
    run_batch(inbox, tmp_path / "local", Settings(), workers=1, progress=False)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, timeout=60) as cluster:
        run_batch(inbox, tmp_path / "dask", Settings(Limits(timeout_s=60)), progress=False,
                  read=DaskExecutor(cluster.scheduler_address))
    local, dask = output_bytes(tmp_path / "local"), output_bytes(tmp_path / "dask")
    assert b"notes.pdf" in local["failures.csv"]
    assert local == dask


def test_the_vocabulary_file_reaches_the_dask_workers(tmp_path: Path) -> None:
    """``--vocab`` travels with each task: the workers read with the run's words."""
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    shutil.copy(PAPERS / "tracker_may2025.docx", inbox)
    words = tmp_path / "words.toml"
    words.write_text('[status]\n"complete" = "on_track"\n', encoding="utf-8")
    with LocalCluster(n_workers=1, threads_per_worker=1, processes=True,
                      dashboard_address=None, timeout=60) as cluster:
        result = CliRunner().invoke(main, [
            "run", str(inbox), "--out", str(out), "--vocab", str(words),
            "--executor", "dask", "--scheduler", cluster.scheduler_address])
    assert result.exit_code == 0, result.output
    with (out / "records.csv").open(encoding="utf-8-sig", newline="") as handle:
        statuses = {row["status_text"]: row["status"] for row in csv.DictReader(handle)}
    assert statuses["Complete"] == "on_track"
