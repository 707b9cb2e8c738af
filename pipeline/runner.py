"""The batch run: every file of an inbox -> Papers or failures -> output files.

Files are read in worker processes (``pipeline.isolation``) so that one
hostile file can only cost its own process; results come back in inbox order
whatever the number of workers, so outputs are byte-identical run to run.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from extractors import extract_path
from extractors.limits import Limits
from extractors.model import Paper
from pipeline.inbox import list_inputs, sha256_file
from pipeline.isolation import Failure, extract_many
from pipeline.normalise import normalise_paper


@dataclass(frozen=True)
class RunResult:
    """What a run read: papers in inbox order, and the inputs that failed."""

    papers: tuple[Paper, ...]
    failures: tuple[Failure, ...]

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 1 when some failed (see failures.csv)."""
        return 1 if self.failures else 0


def read_paper(path: Path, limits: Limits) -> Paper:
    """Extract and normalise one file; runs in a worker process."""
    paper = normalise_paper(extract_path(path, limits))
    return replace(paper, source_sha256=sha256_file(path))


def read_inbox(
    inbox: Path, limits: Limits, workers: int = 1, progress: bool | None = None
) -> RunResult:
    """Read every input under ``inbox``; names in the results are inbox-relative."""
    return read_files(list_inputs(inbox), limits, workers, progress, base=inbox)


def read_files(
    paths: list[Path],
    limits: Limits,
    workers: int = 1,
    progress: bool | None = None,
    base: Path | None = None,
) -> RunResult:
    """Read ``paths`` in worker processes; results keep the order of ``paths``.

    Each result is named by its path relative to ``base`` (as given when no
    base), so outputs do not depend on where the inbox is mounted.
    """
    papers: list[Paper] = []
    failures: list[Failure] = []
    results = extract_many(paths, limits, read_paper, workers)
    for path, result in _with_progress(results, len(paths), progress):
        name = (path.relative_to(base) if base else path).as_posix()
        if isinstance(result, Failure):
            failures.append(replace(result, source_file=name))
        else:
            papers.append(replace(result, source_file=name))
    return RunResult(tuple(papers), tuple(failures))


def _with_progress(
    results: Iterator[tuple[Path, Paper | Failure]], total: int, progress: bool | None
) -> Iterator[tuple[Path, Paper | Failure]]:
    """Show a progress bar on a terminal (or when asked); plain iteration otherwise."""
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return results
    from tqdm import tqdm

    return iter(tqdm(results, total=total, unit="file", desc="reading", file=sys.stderr))


def write_outputs(out: Path, result: RunResult) -> None:
    """Write the output tables of a run into ``out``."""
    from pipeline import tables
    from pipeline.outputs import write_csv

    papers = result.papers
    write_csv(out / "records.csv", tables.record_rows(papers), tables.RECORD_COLUMNS)
    write_csv(out / "inspections.csv", tables.inspection_rows(papers),
              tables.INSPECTION_COLUMNS)
    write_csv(out / "judgements.csv", tables.judgement_rows(papers), tables.JUDGEMENT_COLUMNS)
    write_csv(out / "failures.csv", [vars(f) for f in result.failures], tables.FAILURE_COLUMNS)


def run_batch(
    inbox: Path, out: Path, limits: Limits, workers: int = 1, progress: bool | None = None
) -> RunResult:
    """``rectrack run``: read the inbox and write every output file."""
    result = read_inbox(inbox, limits, workers, progress)
    write_outputs(out, result)
    return result
