"""The Dask executor: a local cluster of two worker processes gives the outputs of a local run,
a long PDF read in page runs as the local pool reads it."""

from __future__ import annotations

import csv
import gc
import shutil
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from distributed import Client, LocalCluster
from run_outputs import mixed_inbox, output_bytes
from support import PAPERS
from test_split import LONG_PAGES

from benchmarks.corpus import repeated_tracker
from extractors.limits import Limits
from extractors.model import Paper
from extractors.settings import Settings
from pipeline.cli import main
from pipeline.run import executors
from pipeline.run.executors import DaskExecutor
from pipeline.run.isolation import extract_many
from pipeline.run.outcome import Failure
from pipeline.run.reading import DATA_STAGES, READ_STAGES
from pipeline.run.runner import run_batch

#: Read after the long tracker: its reading must not wait for that file's fate.
AFTER = PAPERS / "tracker_may2025.docx"


def _stages_submitted(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, str]]:
    """(file name, stage) of every task the Dask executor submits, in order, from now on."""
    submitted: list[tuple[str, str]] = []
    submit = Client.submit

    def spy(client: Client, func: Any, *args: Any, **kwargs: Any) -> Any:
        submitted.append((args[1], args[0]))
        return submit(client, func, *args, **kwargs)

    monkeypatch.setattr(Client, "submit", spy)
    return submitted


def test_a_dask_cluster_writes_the_outputs_of_a_local_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With a long PDF in the inbox, which both read in two page runs and join."""
    inbox = mixed_inbox(tmp_path / "inbox")
    repeated_tracker(inbox / "long_tracker.pdf", LONG_PAGES)
    run_batch(inbox, tmp_path / "local", Settings(), workers=2, progress=False)
    submitted = _stages_submitted(monkeypatch)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True,
                      dashboard_address=None, timeout=60) as cluster:
        run_batch(inbox, tmp_path / "dask", Settings(Limits(timeout_s=60)), progress=False,
                  read=DaskExecutor(cluster.scheduler_address))
        with Client(cluster) as client:  # each worker froze what outlived its tasks
            assert all(client.run(gc.get_freeze_count).values())
    local, dask = output_bytes(tmp_path / "local"), output_bytes(tmp_path / "dask")
    assert b"notes.pdf" in local["failures.csv"]
    assert b"long_tracker.pdf" in local["records.csv"]
    assert local == dask
    stages = [stage for name, stage in submitted if name == "long_tracker.pdf"]
    assert stages == ["start", "part", "part", "finish"]


def _in_process_cluster() -> LocalCluster:
    """Two worker threads in this process, so a test can replace what a stage runs (a worker
    of two threads leaves its garbage to the collector, so the session's is not frozen)."""
    return LocalCluster(n_workers=1, threads_per_worker=2, processes=False,
                        dashboard_address=None)


def _stages_in_turn(monkeypatch: pytest.MonkeyPatch,
                    before_part: Callable[[tuple[int, ...]], None]) -> None:
    """Every Dask stage run one at a time (two threads of one process reading PDFs at once
    crash it in PDFium), each page run first given to ``before_part``, outside its turn."""
    turn = threading.Lock()
    for stage, run in list(DATA_STAGES.items()):

        def in_turn(*args: Any, stage: str = stage, run: Callable[..., Any] = run) -> Any:
            if stage == "part":
                before_part(args[3])
            with turn:
                return run(*args)

        monkeypatch.setitem(DATA_STAGES, stage, in_turn)


@pytest.fixture(scope="module")
def long_tracker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return repeated_tracker(tmp_path_factory.mktemp("long") / "long_tracker.pdf", LONG_PAGES)


def test_a_page_run_that_fails_on_dask_is_its_files_one_failure(
    long_tracker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The file is not joined, and the file after it is read."""

    def fail_the_second(pages: tuple[int, ...]) -> None:
        if pages[0] > 1:
            raise ValueError("the second run is unreadable")

    _stages_in_turn(monkeypatch, fail_the_second)
    submitted = _stages_submitted(monkeypatch)
    with _in_process_cluster() as cluster:
        results = list(DaskExecutor(cluster.scheduler_address)([long_tracker, AFTER], Settings()))
    assert [path for path, _ in results] == [long_tracker, AFTER]
    failure = results[0][1]
    assert isinstance(failure, Failure) and failure.error_type == "corrupt"
    assert failure.reason == "could not read it: ValueError: the second run is unreadable"
    assert isinstance(results[1][1], Paper)
    assert [stage for name, stage in submitted if name == long_tracker.name] == [
        "start", "part", "part"]


def test_each_task_of_a_file_read_on_dask_has_its_own_clock(
    long_tracker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A page run past ``timeout_s`` is the file's ``timeout``; the next file is read."""
    release = threading.Event()

    def hold_the_second(pages: tuple[int, ...]) -> None:
        if pages[0] > 1:
            release.wait(60)

    _stages_in_turn(monkeypatch, hold_the_second)
    monkeypatch.setattr(executors, "DASK_GRACE_S", 0.0)
    with _in_process_cluster() as cluster:
        try:
            results = list(DaskExecutor(cluster.scheduler_address)(
                [long_tracker, AFTER], Settings(Limits(timeout_s=8))))
        finally:
            release.set()
    failure = results[0][1]
    assert isinstance(failure, Failure) and failure.error_type == "timeout"
    assert failure.reason == "took longer than 8 s: stopped"
    assert isinstance(results[1][1], Paper)


def test_a_file_gone_before_dask_reads_it_is_its_failure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file listed but gone when its bytes are sent (deleted, moved) fails alone, as a
    local worker reports it; the files around it are read."""
    gone = tmp_path / "gone.docx"
    _stages_in_turn(monkeypatch, lambda pages: None)
    with _in_process_cluster() as cluster:
        results = list(DaskExecutor(cluster.scheduler_address)([gone, AFTER, gone], Settings()))
    local = extract_many([gone], Settings(), READ_STAGES, 1)
    assert [path for path, _ in results] == [gone, AFTER, gone]
    for failure in (results[0][1], results[2][1], next(local)[1]):
        assert isinstance(failure, Failure) and failure.error_type == "corrupt"
        assert failure.reason.startswith("could not read it: FileNotFoundError"), failure.reason
    assert isinstance(results[1][1], Paper)


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
