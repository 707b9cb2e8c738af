"""The Dask executor: a local cluster of two worker processes gives the outputs of a local run."""

from __future__ import annotations

from pathlib import Path

from distributed import LocalCluster
from run_outputs import mixed_inbox, output_bytes

from extractors.limits import Limits
from extractors.settings import Settings
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
