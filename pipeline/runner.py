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

import importlib
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from extractors import assemble, extract_path, plan_file, read_part, read_planned
from extractors.limits import Limits
from extractors.model import Paper
from pipeline.inbox import list_inputs, sha256_file
from pipeline.isolation import Failure, Outcome, extract_many
from pipeline.normalise import normalise_paper
from pipeline.worker import Split, Stages

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from extractors import Part, Plan
    from pipeline.executors import Known, Read
    from pipeline.reconcile import Reconciliation
    from pipeline.reviews import Reviews
    from pipeline.state import Basis, Summary

REVIEWS_NAME = "reviews.csv"
#: The output tables that are also sheets of rectrack.xlsx, in sheet order.
WORKBOOK_SHEETS = ("records", "changes", "inspections", "judgements", "failures")


@dataclass(frozen=True)
class RunResult:
    """What a run read (papers in inbox order, failed inputs) and what reconciling found.

    ``copies`` are (file, earlier file with the same bytes) pairs, read once.
    ``unchanged`` is set when nothing had changed since the last run: the
    outputs were left as they were, and ``papers`` was not even loaded.
    """

    papers: tuple[Paper, ...]
    failures: tuple[Failure, ...]
    reconciliation: Reconciliation | None = None
    copies: tuple[tuple[str, str], ...] = ()
    unchanged: Summary | None = None

    @property
    def paper_count(self) -> int:
        """Papers in the outputs, whether or not this run loaded them."""
        return self.unchanged.papers if self.unchanged else len(self.papers)

    @property
    def recommendation_count(self) -> int:
        """Recommendations in the outputs, whether or not this run loaded them."""
        if self.unchanged:
            return self.unchanged.recommendations
        return sum(len(part.recommendations) for paper in self.papers for part in paper.papers())

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 1 when some failed (see failures.csv)."""
        return 1 if self.failures else 0


def read_paper(path: Path, limits: Limits) -> Paper:
    """Extract and normalise one file; runs in a worker process."""
    return _finished(path, extract_path(path, limits))


def start_paper(path: Path, limits: Limits, most: int) -> Paper | Split:
    """``read_paper``, unless the file is a PDF worth reading in up to ``most`` page runs:
    then its plan and runs, for other workers to read (``READ_STAGES``)."""
    plan = plan_file(path, limits)
    parts = plan.parts(most)
    return Split(plan, parts) if len(parts) > 1 else _finished(path, read_planned(path, plan))


def finish_paper(path: Path, plan: Plan, parts: list[Part]) -> Paper:
    """The Paper of a file read in parts, as ``read_paper`` gives it."""
    return _finished(path, assemble(path, plan, parts))


def _finished(path: Path, paper: Paper) -> Paper:
    """A Paper as the pipeline keeps it: normalised, with its file's hash."""
    return replace(normalise_paper(paper), source_sha256=sha256_file(path))


#: ``read_paper`` in stages, so that local workers can share a long PDF.
READ_STAGES = Stages(start_paper, read_part, finish_paper)


@dataclass(frozen=True)
class InboxRead:
    """An inbox as a run found it: input names in order, their hashes, what had to be read.

    Files whose bytes the history holds (``known.stored``) are not read, and
    their Papers are not loaded until ``outcomes`` asks.
    """

    names: tuple[str, ...]
    known: Known
    fresh: dict[str, Outcome]

    def entries(self) -> tuple[tuple[str, str], ...]:
        """(name, content hash) of every input, the hash as its outcome gives it."""
        return tuple((name, self.fresh[name].source_sha256 if name in self.fresh else sha)
                     for name, sha in zip(self.names, self.known.hashes, strict=True))

    def outcomes(self) -> Iterator[tuple[str, Outcome]]:
        """(name, outcome) of every input in inbox order, stored Papers taken from the history."""
        stored = self.known.papers()
        for name, sha in zip(self.names, self.known.hashes, strict=True):
            yield name, self.fresh[name] if name in self.fresh else stored[sha]


def read_inbox(
    inbox: Path, history: Path, limits: Limits, workers: int = 1, progress: bool | None = None,
    read: Read | None = None,
) -> InboxRead:
    """Hash every input under ``inbox``; read those the history at ``history`` does not hold.

    Names are inbox-relative. ``read`` is the executor (``pipeline.executors``);
    by default ``workers`` local processes (none are started when nothing is new).
    """
    from pipeline.executors import Known

    paths = list_inputs(inbox)
    known = Known.look_up(paths, history)
    todo = known.todo
    fresh = dict(_read_named(todo, limits, workers, progress, inbox, read)) if todo else {}
    return InboxRead(tuple(_name(path, inbox) for path in paths), known, fresh)


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
    results = read(paths, limits) if read else extract_many(paths, limits, READ_STAGES, workers)
    for path, result in _with_progress(results, len(paths), progress):
        yield _name(path, base), result


def _name(path: Path, base: Path | None) -> str:
    """A file's name in the outputs: relative to ``base`` (the inbox) when there is one."""
    return (path.relative_to(base) if base else path).as_posix()


def collect(named: Iterable[tuple[str, Outcome]], distinct: bool = False) -> RunResult:
    """Gather (name, outcome) pairs, in order, into a RunResult named by ``name``.

    With ``distinct``, a file whose bytes match an earlier one (same hash) is a
    copy of the same paper: counting it again would double its records, so it
    is only listed in ``copies``. (``diff`` and ``extract`` take files as given.)
    """
    named = list(named)
    copies = _copies((name, result.source_sha256) for name, result in named) if distinct else {}
    kept = [(name, result) for name, result in named if name not in copies]
    papers = tuple(replace(result, source_file=name) for name, result in kept
                   if not isinstance(result, Failure))  # fmt: skip
    return RunResult(papers, _failures(kept), copies=tuple(copies.items()))


def _copies(entries: Iterable[tuple[str, str]]) -> dict[str, str]:
    """name -> the earlier name with the same hash; unreadable files (hash "") are no copies."""
    first: dict[str, str] = {}
    copies: dict[str, str] = {}
    for name, sha in entries:
        if sha in first:
            copies[name] = first[sha]
        elif sha:
            first[sha] = name
    return copies


def _failures(named: Iterable[tuple[str, Outcome]]) -> tuple[Failure, ...]:
    """The failed outcomes among (name, outcome) pairs, each named by its ``name``."""
    return tuple(replace(result, source_file=name) for name, result in named
                 if isinstance(result, Failure))  # fmt: skip


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


def write_outputs(
    out: Path, result: RunResult, writer: ProcessPoolExecutor | None = None
) -> list[Path]:
    """Write every output of a run into ``out``: the CSV tables, the workbook, the report.

    The rows are built once and rendered three ways, so the files cannot
    disagree with each other; the workbook is written meanwhile by a second
    process, ``writer`` if given (``workbook_writer``). Returns the files
    written. The record of the last outputs (``pipeline.state``) is removed
    first: until a caller saves a new one, the outputs are in flux and no
    rerun may skip rewriting them.
    """
    from pipeline import state, tables
    from pipeline.outputs import write_csv
    from pipeline.reconcile import Reconciliation
    from pipeline.report import write_report
    from pipeline.series import apply_series
    from pipeline.xlsx import write_xlsx

    state.forget(out)
    found = result.reconciliation or Reconciliation()
    papers = apply_series(result.papers, found.placed)
    sheets = {
        "records": (tables.record_rows(papers, found.record_notes), tables.RECORD_COLUMNS),
        "changes": (found.changes, tables.CHANGE_COLUMNS),
        "inspections": (tables.inspection_rows(papers), tables.INSPECTION_COLUMNS),
        "judgements": (tables.judgement_rows(papers), tables.JUDGEMENT_COLUMNS),
        "failures": ([vars(f) for f in result.failures], tables.FAILURE_COLUMNS),
        "match_candidates": (found.candidates, tables.CANDIDATE_COLUMNS),
        "edition_disagreements": (found.disagreements, tables.DISAGREEMENT_COLUMNS),
    }
    csvs = [out / f"{name}.csv" for name in sheets]
    workbook, report = out / "rectrack.xlsx", out / "report.html"
    with nullcontext(writer) if writer else workbook_writer() as helper:
        cut = helper.submit(write_xlsx, workbook, {name: sheets[name] for name in WORKBOOK_SHEETS})
        for path, (rows, columns) in zip(csvs, sheets.values(), strict=True):
            write_csv(path, rows, columns)
        write_report(report, sheets["records"][0], found.changes,
                     sheets["inspections"][0], sheets["failures"][0], found.candidates)
        for t in cut.result():
            print(f"rectrack: {t.sheet}!{t.cell} ({t.column}) holds {t.length} characters, "
                  "more than a spreadsheet cell: cut in rectrack.xlsx, whole in the CSV",
                  file=sys.stderr)  # fmt: skip
    return [*csvs, workbook, report]


@contextmanager
def workbook_writer() -> Iterator[ProcessPoolExecutor]:
    """A second process, started now, to write the workbook while this one writes the rest.

    The workbook is the slowest output (XlsxWriter, in pure Python, about 17 µs
    a cell), and in a run on two cores nothing else is left to do by then.
    Started (and its writer imported) before it is needed, so that costs no
    time at the end; ``spawn``, as for the readers, so it inherits no lock,
    thread or SQLite handle. An error in it is raised by ``result()``.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor  # here: reading workers import this module

    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as writer:
        writer.submit(importlib.import_module, "pipeline.xlsx")
        yield writer


def run_batch(
    inbox: Path, out: Path, limits: Limits, workers: int = 1, progress: bool | None = None,
    read: Read | None = None,
) -> RunResult:
    """``rectrack run``: read the inbox, add it to the history, write every output file.

    Papers the history already holds (same bytes, same extraction key) are
    not read again; when nothing at all changed since the last run, nothing
    is written either (``pipeline.state``). ``read`` is the executor, by
    default ``workers`` local processes. Raises ``pipeline.lock.OutputLocked``
    when another run is using ``out``.
    """
    from pipeline import state, store
    from pipeline.lock import output_lock

    with output_lock(out):
        seen = state.reviews_digest(out)  # before loading them: see state.Basis
        reviews = _reviews(out)
        found = read_inbox(inbox, out / store.HISTORY_NAME, limits, workers, progress, read)
        skipped = _if_unchanged(out, found, seen)
        if skipped:
            return skipped
        result = collect(found.outcomes(), distinct=True)
        return commit(out, result, reviews, state.Basis(found.entries(), result.failures, seen))


def _if_unchanged(out: Path, found: InboxRead, reviews_seen: str) -> RunResult | None:
    """The run's result when the last outputs are already what it would write; else None.

    Only when every file read now failed (a paper read now is new to the
    history), and checked from hashes alone, no stored paper loaded.
    """
    from pipeline import state

    if not all(isinstance(outcome, Failure) for outcome in found.fresh.values()):
        return None
    copies = _copies(found.entries())
    failures = _failures((name, f) for name, f in found.fresh.items() if name not in copies)
    summary = state.unchanged(out, state.Basis(found.entries(), failures, reviews_seen))
    if summary is None:
        return None
    return RunResult((), failures, copies=tuple(copies.items()), unchanged=summary)


def commit(out: Path, result: RunResult, reviews: Reviews, basis: Basis) -> RunResult:
    """Add ``result`` to the history, write every output, then record what they were made of.

    The record is written last, so only a run that wrote every output leaves
    one; with it the next run over the same inbox can skip all of this.
    """
    from pipeline import state

    with workbook_writer() as writer:
        result = replace(result, reconciliation=update_history(out, result, reviews))
        written = write_outputs(out, result, writer)
    state.save(out, basis, written, state.Summary(result.paper_count,
                                                  result.recommendation_count))
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
