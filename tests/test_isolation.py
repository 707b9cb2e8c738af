"""Tests for pipeline.run.isolation: every way a reading process can fail is one Failure.

The workers mostly run ``isolation_children.scripted``, which does what the
input file says ("ok", "sleep 30", "exit 3", "allocate 2048", ...), so one
module-level function (picklable by name) drives every case.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from badfiles import write_dense_pdf, write_pdf_bomb
from isolation_children import SCRIPTED_STAGES, pdfminer_text, scripted, sniffed
from support import PAPERS, tasks_handed

from extractors.limits import Limits
from extractors.model import Paper
from extractors.settings import Settings
from pipeline.run import handle
from pipeline.run.inbox import sha256_file
from pipeline.run.isolation import extract_isolated, extract_many
from pipeline.run.outcome import Failure
from pipeline.run.reading import read_paper
from pipeline.run.worker import CAPS_ITSELF, out_of_memory

FAST = Settings(Limits(timeout_s=5, memory_mb=1024))


def _script(folder: Path, name: str, command: str) -> Path:
    path = folder / name
    path.write_text(command)
    return path


def _failure(result: Paper | Failure) -> Failure:
    assert isinstance(result, Failure), result
    return result


def test_a_good_file_comes_back_as_its_paper(tmp_path: Path) -> None:
    result = extract_isolated(_script(tmp_path, "a.pdf", "ok"), FAST, scripted)
    assert isinstance(result, Paper)
    assert result.title.startswith("a.pdf pid ")
    assert result.title != f"a.pdf pid {os.getpid()}"  # read in another process


def test_extraction_error_keeps_its_type_and_message(tmp_path: Path) -> None:
    path = _script(tmp_path, "a.pdf", "refuse nothing recognised")
    failure = _failure(extract_isolated(path, FAST, scripted))
    assert failure == Failure(str(path), sha256_file(path), "no_records", "nothing recognised")


def test_other_exceptions_are_corrupt_with_a_plain_reason(tmp_path: Path) -> None:
    path = _script(tmp_path, "a.pdf", "fail cell\nrow 3 is broken")
    failure = _failure(extract_isolated(path, FAST, scripted))
    assert failure.error_type == "corrupt"
    assert failure.reason == "could not read it: ValueError: cell"


def test_memory_error_is_out_of_memory(tmp_path: Path) -> None:
    path = _script(tmp_path, "big.pdf", "allocate 2048")
    capped = Settings(Limits(memory_mb=512, timeout_s=20))
    failure = _failure(extract_isolated(path, capped, scripted))
    assert failure.error_type == "too_large"
    assert failure.reason == "ran out of memory (limit 512 MB) while reading"


def test_the_memory_cap_applies_to_native_code_too(tmp_path: Path) -> None:
    """PDFium aborts the process when an allocation fails; the bomb inflates to 300 MB."""
    bomb = write_pdf_bomb(tmp_path, inflated_mb=300)
    capped = Settings(Limits(memory_mb=256, timeout_s=30))
    failure = _failure(extract_isolated(bomb, capped, sniffed))
    assert failure.error_type == "too_large" and "limit 256 MB" in failure.reason
    if CAPS_ITSELF:  # RLIMIT_AS: PDFium's failed allocation aborts the reader
        assert "SIGABRT" in failure.reason


def test_a_slow_child_is_stopped_at_the_timeout(tmp_path: Path) -> None:
    path = _script(tmp_path, "slow.pdf", "sleep 60")
    started = time.monotonic()
    failure = _failure(extract_isolated(path, Settings(Limits(timeout_s=0.5)), scripted))
    assert time.monotonic() - started < 10  # start-up + 0.5 s, never the 60 s sleep
    assert failure.error_type == "timeout"
    assert failure.reason == "took longer than 0.5 s: stopped"


def test_a_dense_page_hits_the_timeout(tmp_path: Path) -> None:
    """A real dense page under a clock far below any machine's time for it (pdfminer, pure
    Python, takes about 30 s here; 50 ms is a hundredth of a thousandth of that)."""
    dense = write_dense_pdf(tmp_path, chars=30_000)
    failure = _failure(extract_isolated(dense, Settings(Limits(timeout_s=0.05)), pdfminer_text))
    assert failure.error_type == "timeout"


def test_running_out_of_memory_under_any_name_is_too_large() -> None:
    """F11: under a low cap the parsers fail while loading (ImportError: a library that cannot
    be mapped) or parsing (lxml's "Memory allocation failed"); never reported as corrupt."""
    papers = [PAPERS / "sif_2018.docx", PAPERS / "sif_2018.pdf"]  # read with spaCy: > 64 MB
    results = list(extract_many(papers, Settings(Limits(memory_mb=64, timeout_s=120)), read_paper,
                                workers=1))  # fmt: skip
    assert [_failure(result).error_type for _, result in results] == ["too_large"] * 2, results


@pytest.mark.parametrize("error", [
    ImportError("libnumpy.so: failed to map segment from shared object"),
    SyntaxError("Memory allocation failed : growing buffer, line 1, column 2"),
    OSError(12, "Cannot allocate memory"),
], ids=["import", "lxml", "errno"])
def test_memory_errors_by_other_names_are_recognised(error: Exception) -> None:
    assert out_of_memory(error)
    wrapped = ValueError("could not load the model")
    wrapped.__cause__ = MemoryError()
    assert out_of_memory(wrapped) and not out_of_memory(ValueError("row 3 is broken"))


_NEAR_CAP_CHECK = """
import resource, sys
from pathlib import Path
from pipeline.run.worker import NEAR_CAP, out_of_memory
bare = SystemError("error return without exception set")
if sys.argv[1] == "capped":
    status = Path("/proc/self/status").read_text().splitlines()
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmPeak:")) * 1024
    cap = int(peak / (NEAR_CAP + 0.05))
    resource.setrlimit(resource.RLIMIT_AS, (cap, resource.getrlimit(resource.RLIMIT_AS)[1]))
print(out_of_memory(bare), out_of_memory(SystemError("a bug in a C extension")))
"""


@pytest.mark.skipif(not CAPS_ITSELF or not Path("/proc/self/status").exists(),
                    reason="the address space cap and /proc are Linux's")
@pytest.mark.parametrize(("cap", "printed"), [("capped", "True False"), ("free", "False False")])
def test_a_bare_system_error_near_the_cap_is_out_of_memory(cap: str, printed: str) -> None:
    """A C extension whose allocation fails may return no error at all (a bare SystemError):
    out of memory where the worker's address space is near its cap, a bug elsewhere."""
    done = subprocess.run([sys.executable, "-c", _NEAR_CAP_CHECK, cap], capture_output=True,
                          text=True, check=True)
    assert done.stdout.split() == printed.split()


@pytest.mark.parametrize(
    ("command", "error_type", "reason"),
    [
        ("exit 3", "corrupt", "the reading process died unexpectedly (exit 3)"),
        ("exit 0", "corrupt", "the reading process died unexpectedly (exit 0)"),
        ("signal SIGKILL", "corrupt", "the reading process died unexpectedly (exit -9, SIGKILL)"),
        ("signal SIGABRT", "too_large", "the reading process aborted (exit -6, SIGABRT)"),
    ],
)
def test_a_child_that_dies_is_a_failure(
    command: str, error_type: str, reason: str, tmp_path: Path
) -> None:
    failure = _failure(extract_isolated(_script(tmp_path, "a.pdf", command), FAST, scripted))
    assert failure.error_type == error_type
    assert failure.reason.startswith(reason)


def test_results_follow_input_order_with_two_workers(tmp_path: Path) -> None:
    commands = ["sleep 0.5", "ok", "exit 3", "ok", "refuse none", "signal SIGKILL", "ok", "ok"]
    paths = [_script(tmp_path, f"{n}.pdf", c) for n, c in enumerate(commands)]
    results = list(extract_many(paths, FAST, scripted, workers=2))
    assert [path for path, _ in results] == paths
    kinds = [type(result).__name__ for _, result in results]
    assert kinds == ["Paper", "Paper", "Failure", "Paper", "Failure", "Failure", "Paper", "Paper"]
    titles = [r.title for _, r in results if isinstance(r, Paper)]
    assert [t.split(" pid ")[0] for t in titles] == ["0.pdf", "1.pdf", "3.pdf", "6.pdf", "7.pdf"]
    assert len({t.split(" pid ")[1] for t in titles}) >= 2  # both workers read files


def test_workers_are_reused_and_replaced_after_a_death(tmp_path: Path) -> None:
    commands = ["ok", "ok", "exit 3", "ok"]
    paths = [_script(tmp_path, f"{n}.pdf", c) for n, c in enumerate(commands)]
    results = [result for _, result in extract_many(paths, FAST, scripted, workers=1)]
    pids = [r.title.split(" pid ")[1] for r in results if isinstance(r, Paper)]
    assert pids[0] == pids[1] != pids[2]


def test_stopping_early_leaves_no_worker_running(tmp_path: Path) -> None:
    paths = [_script(tmp_path, f"{n}.pdf", c) for n, c in enumerate(["ok", "sleep 60"])]
    results = extract_many(paths, FAST, scripted, workers=2)
    assert isinstance(next(results)[1], Paper)
    results.close()
    assert multiprocessing.active_children() == []


def test_workers_must_be_positive(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="at least 1"):
        list(extract_many([tmp_path], FAST, scripted, workers=0))


# --- a file read in parts (Stages) ---------------------------------------------------


def test_a_file_split_by_its_reader_is_read_in_parts_by_both_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = tasks_handed(monkeypatch)
    paths = [_script(tmp_path, "long.pdf", "parts\nsleep 0.3\nsleep 0.3\nok\nok"),
             *(_script(tmp_path, f"{n}.pdf", "ok") for n in range(3))]
    results = [result for _, result in extract_many(paths, FAST, SCRIPTED_STAGES, workers=2)]
    assert all(isinstance(result, Paper) for result in results)
    parts = results[0].title.split(" | ")
    assert [part.split(" pid ")[0] for part in parts] == ["sleep 0.3", "sleep 0.3", "ok", "ok"]
    assert len({part.split(" pid ")[1] for part in parts}) == 2
    stages = [stage for index, stage in tasks if index == 0]
    assert stages == ["start", "part", "part", "part", "part", "finish"]
    # Once split, its parts go before files not yet started.
    first = tasks.index((0, "part"))
    assert all(stage == "part" for _, stage in tasks[first : first + 4])


def test_one_worker_reads_the_whole_file_in_one_task(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = tasks_handed(monkeypatch)
    path = _script(tmp_path, "long.pdf", "parts\nok\nok")
    result = extract_isolated(path, FAST, SCRIPTED_STAGES)
    assert isinstance(result, Paper) and result.title.startswith("long.pdf pid ")
    assert tasks == [(0, "start")]


@pytest.mark.parametrize(
    ("command", "error_type", "reason"),
    [
        ("exit 3", "corrupt", "the reading process died unexpectedly (exit 3)"),
        ("fail broken page", "corrupt", "could not read it: ValueError: broken page"),
        ("refuse no table", "no_records", "no table"),
        ("allocate 2048", "too_large", "ran out of memory (limit 1024 MB) while reading"),
        ("sleep 60", "timeout", "took longer than 5 s: stopped"),
    ],
)
def test_a_failing_part_is_its_files_one_failure_and_the_next_files_are_read(
    command: str, error_type: str, reason: str, tmp_path: Path
) -> None:
    broken = _script(tmp_path, "1.pdf", f"parts\nok\n{command}\nok")
    paths = [_script(tmp_path, "0.pdf", "ok"), broken, _script(tmp_path, "2.pdf", "parts\nok\nok"),
             _script(tmp_path, "3.pdf", "ok")]
    results = list(extract_many(paths, FAST, SCRIPTED_STAGES, workers=2))
    assert [path for path, _ in results] == paths
    assert _failure(results[1][1]) == Failure(str(broken), sha256_file(broken), error_type, reason)
    assert [type(result).__name__ for _, result in results] == [
        "Paper", "Failure", "Paper", "Paper"]  # fmt: skip
    assert results[2][1].title.count(" pid ") == 2  # type: ignore[union-attr]


def test_a_worker_that_cannot_start_raises_its_own_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The start failed, so there is no process to join: the error is the start's."""

    def cannot_start(process: object) -> None:
        raise OSError("no more processes")

    monkeypatch.setattr(multiprocessing.get_context("spawn").Process, "_Popen",
                        staticmethod(cannot_start))  # fmt: skip
    with pytest.raises(OSError, match="no more processes"):
        list(extract_many([_script(tmp_path, "a.pdf", "ok")], FAST, scripted, workers=1))


def test_closing_asks_every_idle_worker_before_waiting_for_any(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So that they exit together: closing a pool costs one exit, not one per worker."""
    calls: list[str] = []
    for name in ("ask_to_stop", "close"):
        method = getattr(handle.WorkerHandle, name)

        def noted(worker: handle.WorkerHandle, method: Any = method, name: str = name) -> None:
            calls.append(name)
            method(worker)

        monkeypatch.setattr(handle.WorkerHandle, name, noted)
    paths = [_script(tmp_path, f"{n}.pdf", "ok") for n in range(2)]
    assert len(list(extract_many(paths, FAST, scripted, workers=2))) == 2
    assert calls == ["ask_to_stop", "ask_to_stop", "close", "close"]
    assert multiprocessing.active_children() == []
