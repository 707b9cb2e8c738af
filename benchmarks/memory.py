"""How much memory rectrack's processes take: one pool worker on one file or on many, and
every process of a whole ``rectrack run``, as the inbox grows.

Each figure is a process's own high-water mark (``VmHWM`` in its /proc
status), not ``ru_maxrss``: a spawned child's ``ru_maxrss`` starts from its
parent's size. A whole run is watched from outside: its parent writes its own
mark when it exits (an ``atexit`` hook of the command this module starts), and
its children (the reading workers, the workbook writer) are read every
``SAMPLE_S`` while they live. A mark only rises, so a child's last reading is
its peak unless it grew in its last ``SAMPLE_S`` of life: a reading worker
has answered its last file and waits to be stopped by then.
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from benchmarks.corpus import Corpus, build_corpus
from benchmarks.timing import Figure
from pipeline.run.worker import status_kb

if TYPE_CHECKING:
    import psutil

#: Seconds between readings of a run's children.
SAMPLE_S = 0.05

#: ``rectrack`` in a fresh interpreter that writes its own VmHWM (kB) to ``argv[1]`` at exit.
_RUN_REPORTING = (
    "import atexit, sys; from benchmarks.memory import write_own_peak; "
    "atexit.register(write_own_peak, sys.argv.pop(1)); "
    "from pipeline.cli import main; main()"
)


def peak_rss_mb(*paths: Path) -> float:
    """Peak RSS (MB) of the pool worker that read ``paths``, one after another: a fresh
    1-worker pool, as a run has (its mark read once it has answered the last, before the pool
    closes it). Given many files, it is one reused worker over all of them."""
    import psutil

    from extractors.limits import Limits
    from extractors.settings import Settings
    from pipeline.run.isolation import extract_many
    from pipeline.run.reading import READ_STAGES

    reads = extract_many(paths, Settings(Limits(timeout_s=3600)), READ_STAGES, 1)
    try:
        for _ in paths:
            next(reads)
        return max(high_water_kb(child) for child in psutil.Process().children()) / 1024
    finally:
        reads.close()


def high_water_kb(process: psutil.Process) -> int:
    """``VmHWM`` (kB) of a live process; its current RSS where there is no /proc (not Linux)."""
    found = status_kb("VmHWM", process.pid)
    return int(process.memory_info().rss // 1024) if found is None else found


def write_own_peak(target: str) -> None:
    """Runs at the exit of a watched ``rectrack``: its own VmHWM (kB) into ``target``."""
    import psutil

    Path(target).write_text(str(high_water_kb(psutil.Process())))


@dataclass(frozen=True)
class RunPeaks:
    """One watched run: the parent's peak and the largest child's (MB)."""

    parent_mb: float
    child_mb: float


def watched_run(inbox: Path, work: Path, workers: int) -> RunPeaks:
    """A cold ``rectrack run`` of ``inbox`` (a fresh output folder) with every process's
    peak memory: the parent's own, and each child's last reading."""
    out = Path(tempfile.mkdtemp(dir=work, prefix=f"watched{workers}-"))
    own, said = out / "parent-kb", out / "stderr.txt"
    with said.open("w") as stderr:
        run = subprocess.Popen([sys.executable, "-c", _RUN_REPORTING, str(own), "run",
                                str(inbox), "--out", str(out / "out"), "--workers", str(workers),
                                "--quiet"], stdout=subprocess.DEVNULL, stderr=stderr)
        children = _children_peaks_kb(run)
    if run.returncode not in (0, 1):
        raise RuntimeError(f"rectrack run {inbox} failed: {said.read_text()[-2000:]}")
    return RunPeaks(int(own.read_text()) / 1024, max(children.values(), default=0) / 1024)


def _children_peaks_kb(run: subprocess.Popen[bytes]) -> dict[int, int]:
    """Each child's last VmHWM (kB) by pid, read every ``SAMPLE_S`` until ``run`` exits."""
    import psutil

    parent = psutil.Process(run.pid)
    peaks: dict[int, int] = {}
    while run.poll() is None:
        try:
            children = parent.children(recursive=True)
        except psutil.NoSuchProcess:
            break
        for child in children:
            try:
                peaks[child.pid] = max(peaks.get(child.pid, 0), high_water_kb(child))
            except (psutil.NoSuchProcess, FileNotFoundError, ProcessLookupError, StopIteration):
                continue
        time.sleep(SAMPLE_S)
    run.wait()
    return peaks


def over_scale(corpus: Corpus, work: Path, scale: float, long_pages: int,
               samples: bool) -> list[Figure]:
    """Peaks as the inbox grows: one reused pool worker over the corpus and over a corpus
    4 times as large; a whole cold run's parent, and its largest child (a reading worker or
    the workbook writer), over the corpus and over one 10 times as large (2 workers)."""
    four = build_corpus(work / "inbox_4x", 4 * scale, long_pages, samples)
    worker = peak_rss_mb(*corpus.papers), peak_rss_mb(*four.papers)
    ten = build_corpus(work / "inbox_10x", 10 * scale, long_pages, samples)
    runs = watched_run(corpus.folder, work, 1), watched_run(ten.folder, work, 2)
    fours = f"{len(corpus.papers)} / {len(four.papers)} papers"
    tens = f"{len(corpus.papers)} / {len(ten.papers)} papers"
    return [
        flat_memory(f"reused pool worker peak RSS: corpus / 4x corpus ({fours})", *worker),
        flat_memory(f"cold run, parent process peak RSS: corpus / 10x corpus ({tens})",
                    runs[0].parent_mb, runs[1].parent_mb),
        flat_memory("cold run, largest child process peak RSS: corpus / 10x corpus",
                    runs[0].child_mb, runs[1].child_mb),
    ]


def flat_memory(name: str, small_mb: float, large_mb: float) -> Figure:
    """A memory row: met where the larger inbox's peak is at most 150 MB and 15% over the
    smaller's."""
    return Figure(name, f"{small_mb:.0f} / {large_mb:.0f} MB", "<= 150 MB, flat",
                  large_mb <= 150 and large_mb <= small_mb * 1.15)
