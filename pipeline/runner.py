"""The batch run: every file of an inbox -> Papers or failures -> history -> output files.

Files are read in worker processes (``pipeline.isolation``) so that one
hostile file can only cost its own process; results come back in inbox order
whatever the number of workers, so outputs are byte-identical run to run.
What was read is added to the history (``pipeline.store``), and the whole
history is reconciled edition by edition (``pipeline.reconcile``), applying
the reviewer's decisions in ``reviews.csv`` beside the outputs. A file with
the same bytes as one before it in the inbox is the same paper: it is listed
as a copy and read into the outputs once. Runs that write an output folder
hold its lock (``pipeline.lock``) while they work. Reconciliation
and the history are imported lazily: worker processes import this module and
need neither.
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Iterator
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from extractors import extract_path
from extractors.limits import Limits
from extractors.model import Paper
from pipeline.inbox import list_inputs, sha256_file
from pipeline.isolation import Failure, Outcome, extract_many
from pipeline.normalise import normalise_paper

if TYPE_CHECKING:
    from pipeline.executors import Read
    from pipeline.reconcile import Reconciliation
    from pipeline.reviews import Reviews

REVIEWS_NAME = "reviews.csv"


@dataclass(frozen=True)
class RunResult:
    """What a run read (papers in inbox order, failed inputs) and what reconciling found.

    ``copies`` are (file, earlier file with the same bytes) pairs, read once.
    """

    papers: tuple[Paper, ...]
    failures: tuple[Failure, ...]
    reconciliation: Reconciliation | None = None
    copies: tuple[tuple[str, str], ...] = ()

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 1 when some failed (see failures.csv)."""
        return 1 if self.failures else 0


def read_paper(path: Path, limits: Limits) -> Paper:
    """Extract and normalise one file; runs in a worker process."""
    paper = normalise_paper(extract_path(path, limits))
    return replace(paper, source_sha256=sha256_file(path))


def read_inbox(
    inbox: Path, limits: Limits, workers: int = 1, progress: bool | None = None,
    read: Read | None = None,
) -> RunResult:
    """Read every input under ``inbox``; names in the results are inbox-relative.

    Copies (same bytes as an earlier file) are read into the results once.
    ``read`` is the executor (``pipeline.executors``); by default ``workers``
    local processes.
    """
    paths = list_inputs(inbox)
    return collect(_read_named(paths, limits, workers, progress, inbox, read), distinct=True)


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
    return collect(_read_named(paths, limits, workers, progress, base))


def _read_named(
    paths: list[Path], limits: Limits, workers: int, progress: bool | None, base: Path | None,
    read: Read | None = None,
) -> Iterator[tuple[str, Outcome]]:
    """(name, outcome) of each path, in order, read in worker processes (or by ``read``)."""
    results = read(paths, limits) if read else extract_many(paths, limits, read_paper, workers)
    for path, result in _with_progress(results, len(paths), progress):
        yield (path.relative_to(base) if base else path).as_posix(), result


def collect(named: Iterable[tuple[str, Outcome]], distinct: bool = False) -> RunResult:
    """Gather (name, outcome) pairs, in order, into a RunResult named by ``name``.

    With ``distinct``, a file whose bytes match an earlier one (same hash) is a
    copy of the same paper: counting it again would double its records, so it
    is only listed in ``copies``. (``diff`` and ``extract`` take files as given.)
    """
    papers: list[Paper] = []
    failures: list[Failure] = []
    copies: list[tuple[str, str]] = []
    first: dict[str, str] = {}
    for name, result in named:
        sha = result.source_sha256
        if distinct and sha in first:
            copies.append((name, first[sha]))
            continue
        if sha:
            first[sha] = name
        if isinstance(result, Failure):
            failures.append(replace(result, source_file=name))
        else:
            papers.append(replace(result, source_file=name))
    return RunResult(tuple(papers), tuple(failures), copies=tuple(copies))


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
    """Write every output of a run into ``out``: the CSV tables, the workbook, the report.

    The rows are built once and rendered three ways, so the files cannot
    disagree with each other.
    """
    from pipeline import tables
    from pipeline.outputs import write_csv
    from pipeline.reconcile import Reconciliation
    from pipeline.report import write_report
    from pipeline.xlsx import write_xlsx

    papers = result.papers
    found = result.reconciliation or Reconciliation()
    sheets = {
        "records": (tables.record_rows(papers, found.record_notes), tables.RECORD_COLUMNS),
        "changes": (found.changes, tables.CHANGE_COLUMNS),
        "inspections": (tables.inspection_rows(papers), tables.INSPECTION_COLUMNS),
        "judgements": (tables.judgement_rows(papers), tables.JUDGEMENT_COLUMNS),
        "failures": ([vars(f) for f in result.failures], tables.FAILURE_COLUMNS),
        "match_candidates": (found.candidates, tables.CANDIDATE_COLUMNS),
        "edition_disagreements": (found.disagreements, tables.DISAGREEMENT_COLUMNS),
    }
    for name, (rows, columns) in sheets.items():
        write_csv(out / f"{name}.csv", rows, columns)
    cut = write_xlsx(out / "rectrack.xlsx", {
        name: sheets[name] for name in ("records", "changes", "inspections", "judgements",
                                        "failures")
    })  # fmt: skip
    for t in cut:
        print(f"rectrack: {t.sheet}!{t.cell} ({t.column}) holds {t.length} characters, more "
              "than a spreadsheet cell: cut in rectrack.xlsx, whole in the CSV", file=sys.stderr)
    write_report(out / "report.html", sheets["records"][0], found.changes,
                 sheets["inspections"][0], sheets["failures"][0], found.candidates)


def run_batch(
    inbox: Path, out: Path, limits: Limits, workers: int = 1, progress: bool | None = None,
    read: Read | None = None,
) -> RunResult:
    """``rectrack run``: read the inbox, add it to the history, write every output file.

    Papers the history already holds (same bytes, same extraction key) are
    not read again. ``read`` is the executor, by default ``workers`` local
    processes. Raises ``pipeline.lock.OutputLocked`` when another run is
    using ``out``.
    """
    from pipeline import store
    from pipeline.executors import LocalExecutor, SkipKnown
    from pipeline.lock import output_lock

    with output_lock(out):
        reviews = _reviews(out)
        known_first = SkipKnown(read or LocalExecutor(workers), out / store.HISTORY_NAME)
        result = read_inbox(inbox, limits, workers, progress, known_first)
        result = replace(result, reconciliation=update_history(out, result, reviews))
        write_outputs(out, result)
    return result


def update_history(out: Path, result: RunResult, reviews: Reviews) -> Reconciliation:
    """Add a run to ``out``'s history, reconcile the whole history, store its changes.

    The history, not just this inbox, is reconciled, so editions read by earlier
    runs still count for changes and slippage.
    """
    from pipeline import store
    from pipeline.executors import extraction_key
    from pipeline.reconcile import reconcile

    conn = store.open_history(out / store.HISTORY_NAME)
    try:
        store.add_run(conn, result.papers, result.failures, _now())
        store.save_extracted(conn, result.papers, extraction_key())
        found = reconcile(store.history_papers(conn), reviews)
        store.save_changes(conn, found.changes)
    finally:
        conn.close()
    return found


def diff_files(old: Path, new: Path, limits: Limits, out: Path | None = None) -> RunResult:
    """``rectrack diff``: read two papers and reconcile them; write outputs to ``out`` if given.

    The history is neither read nor written; ``out``'s reviews.csv is applied.
    """
    from pipeline.lock import output_lock
    from pipeline.reconcile import diff_papers
    from pipeline.reviews import Reviews

    with output_lock(out) if out else nullcontext():
        reviews = _reviews(out) if out else Reviews()
        result = read_files([old, new], limits)
        if len(result.papers) == 2:
            result = replace(result, reconciliation=diff_papers(*result.papers, reviews))
        if out:
            write_outputs(out, result)
    return result


def _reviews(out: Path) -> Reviews:
    """The reviewer's decisions in ``out`` (read first: a bad row stops before any work)."""
    from pipeline.reviews import load_reviews

    return load_reviews(out / REVIEWS_NAME)


def _now() -> str:
    """The run's timestamp, ``processed_at`` in the history (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
