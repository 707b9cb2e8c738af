"""The batch run: every file of an inbox -> Papers or failures -> history -> output files.

Files are read in worker processes (``pipeline.run.isolation``) so that one
hostile file can only cost its own process; results come back in inbox order
whatever the number of workers, so outputs are byte-identical run to run.
What was read is added to the history (``pipeline.history.store``), and the whole
history is reconciled edition by edition (``pipeline.reconcile.editions``), applying
the reviewer's decisions in ``reviews.csv`` beside the outputs. A file with
the same bytes as one before it in the inbox is the same paper: it is listed
as a copy and read into the outputs once. Runs that write an output folder
hold its lock (``pipeline.run.lock``) while they work. Reconciliation
and the history are imported lazily: worker processes import this module and
need neither.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable
from contextlib import nullcontext
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from extractors.model import Paper
from extractors.settings import Settings
from pipeline.run.intake import CHANGED, InboxRead, read_inbox, read_named
from pipeline.run.outcome import Failure, Outcome

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

    from pipeline.history.reviews import Reviews
    from pipeline.outputs.tables import Row
    from pipeline.reconcile.editions import Reconciliation
    from pipeline.run.executors import Read
    from pipeline.run.state import Basis, Summary

#: The output tables that are also sheets of rectrack.xlsx, in sheet order.
WORKBOOK_SHEETS = ("register", "changes", "records", "inspections", "judgements", "failures")


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
        """Recommendations in the register (each once, however many files print it)."""
        if self.unchanged:
            return self.unchanged.recommendations
        return len(self.reconciliation.register) if self.reconciliation else 0

    @property
    def record_count(self) -> int:
        """Record rows of the files read (a paper in PDF and Word has a row set for each)."""
        if self.unchanged:
            return self.unchanged.records
        return sum(len(part.recommendations) for paper in self.papers for part in paper.papers())

    @property
    def exit_code(self) -> int:
        """0 when every input was read, 1 when some failed (see failures.csv)."""
        return 1 if self.failures else 0


def read_files(
    paths: list[Path],
    settings: Settings,
    workers: int = 1,
    progress: bool | None = None,
    base: Path | None = None,
) -> RunResult:
    """Read ``paths`` in ``workers`` local processes; results keep the order of ``paths``.

    Each result is named by its path relative to ``base`` (as given when no
    base), so outputs do not depend on where the inbox is mounted.
    """
    from pipeline.run.executors import LocalExecutor

    named = read_named(paths, settings, LocalExecutor(workers), progress, base)
    return collect((name, outcome) for _, name, outcome in named)


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


def write_outputs(
    out: Path, result: RunResult, writer: ProcessPoolExecutor | None = None, *,
    inputs: Path | None = None, reviews: Reviews | None = None,
) -> list[Path]:
    """Write every output of a run into ``out``: the CSV tables, the workbook, the report.

    The rows are built once and rendered three ways, so the files cannot
    disagree with each other; the workbook is written meanwhile by a second
    process, ``writer`` if given (``pipeline.run.tail.writer_or_new``). Every file is written
    into a staging folder first and moved into ``out`` only when all are
    written, so an error on the way (a full disk) leaves the earlier outputs
    as they were. Returns the files written. The record of the last outputs
    (``pipeline.run.state``) is removed first: until a caller saves a new
    one, the outputs are in flux and no rerun may skip rewriting them.
    ``inputs`` is the folder the papers' names are relative to (the report
    and the workbook link to them); ``reviews``, the decisions applied, which
    the report's "Download reviews.csv" keeps.
    """
    from pipeline.outputs import tables
    from pipeline.outputs.files import staged, write_csv
    from pipeline.outputs.report import write_report
    from pipeline.outputs.xlsx import write_xlsx
    from pipeline.reconcile.editions import Reconciliation
    from pipeline.reconcile.series import apply_series
    from pipeline.run import state
    from pipeline.run.tail import writer_or_new

    state.forget(out)
    found = result.reconciliation or Reconciliation()
    papers = apply_series(result.papers, found.placed)
    sheets = {name: (_names_shown(rows), columns) for name, (rows, columns) in {
        "register": (found.register, tables.REGISTER_COLUMNS),
        "records": (tables.record_rows(papers, found.record_notes), tables.RECORD_COLUMNS),
        "changes": (found.changes, tables.CHANGE_COLUMNS),
        "inspections": (tables.inspection_rows(papers), tables.INSPECTION_COLUMNS),
        "judgements": (tables.judgement_rows(papers), tables.JUDGEMENT_COLUMNS),
        "failures": ([vars(f) for f in result.failures], tables.FAILURE_COLUMNS),
        "match_candidates": (found.candidates, tables.CANDIDATE_COLUMNS),
        "edition_disagreements": (found.disagreements, tables.DISAGREEMENT_COLUMNS),
        "superseded": (found.superseded, tables.SUPERSEDED_COLUMNS),
    }.items()}
    names = [*(f"{name}.csv" for name in sheets), "rectrack.xlsx", "report.html"]
    with staged(out) as stage, writer_or_new(writer) as helper:
        *csvs, workbook, report = (stage / name for name in names)
        cut = helper.submit(write_xlsx, workbook, {name: sheets[name] for name in WORKBOOK_SHEETS},
                            _relative(inputs, out))
        for path, (rows, columns) in zip(csvs, sheets.values(), strict=True):
            write_csv(path, rows, columns)
        write_report(report, sheets["records"][0], sheets["changes"][0],
                     sheets["inspections"][0], sheets["failures"][0],
                     sheets["match_candidates"][0], register=sheets["register"][0],
                     inputs=inputs, link_dir=out,
                     reviews=[vars(r) for r in reviews.items] if reviews else [])
        for t in cut.result():
            print(f"rectrack: {t.sheet}!{t.cell} ({t.column}) holds {t.length} characters, "
                  "more than a spreadsheet cell: cut in rectrack.xlsx, whole in the CSV",
                  file=sys.stderr)  # fmt: skip
    return [out / name for name in names]


def _relative(inputs: Path | None, out: Path) -> str:
    """The inputs' folder as seen from ``out`` ("../inbox"), for the workbook's links."""
    return Path(os.path.relpath(inputs.absolute(), out.absolute())).as_posix() if inputs else ""


def _names_shown(rows: Iterable[Row]) -> list[Row]:
    """``rows`` with every file name (the ``*source_file`` cells) as outputs show names.

    A name may hold a carriage return, a byte that is not UTF-8 or a
    right-to-left override; ``display_name`` escapes them, so no output row
    breaks or misleads. Rows whose names need nothing are passed on as they are.
    """
    from pipeline.outputs.display import display_name

    shown = []
    for row in rows:
        names = {key: display_name(value) for key, value in row.items()
                 if key.endswith("source_file") and isinstance(value, str)}  # fmt: skip
        shown.append(row if all(row[key] == name for key, name in names.items())
                     else row | names)  # fmt: skip
    return shown


def run_batch(
    inbox: Path, out: Path, settings: Settings, workers: int = 1, progress: bool | None = None,
    read: Read | None = None,
) -> RunResult:
    """``rectrack run``: read the inbox, add it to the history, write every output file.

    Papers the history already holds (same bytes, same extraction key) are
    not read again; when nothing at all changed since the last run, nothing
    is written either (``pipeline.run.state``). ``read`` is the executor, by
    default ``workers`` local processes. Raises ``pipeline.run.lock.OutputLocked``
    when another run is using ``out``.
    """
    from pipeline.history import store
    from pipeline.run import state
    from pipeline.run.executors import LocalExecutor
    from pipeline.run.lock import output_lock
    from pipeline.run.tail import TailReady

    with output_lock(out), TailReady() as tail:
        store.check_history(out / store.HISTORY_NAME)  # a damaged history stops all work here
        seen = state.reviews_digest(out)  # before loading them: see state.Basis
        reviews = _reviews(out)
        found = read_inbox(inbox, out / store.HISTORY_NAME, settings,
                           read or LocalExecutor(workers), progress, skip=(out,),
                           before_reading=tail.prepare)  # fmt: skip
        skipped = _if_unchanged(out, found, seen, settings)
        if skipped:
            return skipped
        result = collect(found.outcomes(), distinct=True)
        basis = state.Basis(found.entries(), result.failures, seen, settings)
        tail.wait()
        return commit(out, result, reviews, basis, inputs=inbox, writer=tail.writer)


def _if_unchanged(
    out: Path, found: InboxRead, reviews_seen: str, settings: Settings
) -> RunResult | None:
    """The run's result when the last outputs are already what it would write; else None.

    Only when every file read now failed (a paper read now is new to the
    history), and checked from hashes alone, no stored paper loaded.
    """
    from pipeline.run import state

    if not all(isinstance(outcome, Failure) for outcome in found.fresh.values()):
        return None
    copies = _copies(found.entries())
    failures = _failures((name, f) for name, f in found.failed().items() if name not in copies)
    summary = state.unchanged(out, state.Basis(found.entries(), failures, reviews_seen, settings))
    if summary is None:
        return None
    return RunResult((), failures, copies=tuple(copies.items()), unchanged=summary)


def commit(
    out: Path, result: RunResult, reviews: Reviews, basis: Basis, inputs: Path | None = None,
    writer: ProcessPoolExecutor | None = None,
) -> RunResult:
    """Add ``result`` to the history, write every output, then record what they were made of.

    The record is written last, so only a run that wrote every output leaves
    one; with it the next run over the same inbox can skip all of this.
    ``inputs`` is the inbox the papers' names are relative to; ``writer``, the
    workbook writer if one is started (``pipeline.run.tail``), else one is.
    """
    from pipeline.run import state
    from pipeline.run.tail import writer_or_new

    present = frozenset(sha for _, sha in basis.inputs if sha)
    with writer_or_new(writer) as helper:
        result = replace(result, reconciliation=update_history(
            out, result, reviews, basis.settings, present))
        written = write_outputs(out, result, helper, inputs=inputs, reviews=reviews)
    state.save(out, basis, written, state.Summary(
        result.paper_count, result.recommendation_count, result.record_count))
    return result


def update_history(
    out: Path, result: RunResult, reviews: Reviews, settings: Settings,
    present: frozenset[str] | None = None,
) -> Reconciliation:
    """Add a run to ``out``'s history, reconcile the whole history, store its changes.

    The history, not just this inbox, is reconciled, so editions read by earlier
    runs still count for changes and slippage; ``present`` (the hashes in the
    inbox now) decides which of two documents of one file name counts. The
    papers are stored for reuse under the extraction key of ``settings``, what
    they were read with.
    """
    from pipeline.history import store
    from pipeline.history.metadata import write_metadata
    from pipeline.reconcile.editions import reconcile
    from pipeline.run.reading import extraction_key

    conn = store.open_history(out / store.HISTORY_NAME)
    lasting = [failure for failure in result.failures if failure.error_type != CHANGED]
    try:
        store.add_run(conn, result.papers, lasting, _now(), extraction_key(settings))
        found = reconcile(store.history_papers(conn), reviews, store.document_times(conn),
                          present)
        store.save_changes(conn, found.changes)
        store.save_register(conn, found.register)
        store.save_superseded(conn, found.superseded)
    finally:
        conn.close()
    write_metadata(out)
    return found


def diff_files(
    old: Path, new: Path, settings: Settings, out: Path | None = None, force: bool = False
) -> RunResult:
    """``rectrack diff``: read two papers and reconcile them; write outputs to ``out`` if given.

    The history is neither read nor written; ``out``'s reviews.csv is applied.
    Raises ``DiffRefused`` for papers that share no inspection, unless ``force``.
    """
    from pipeline.history.reviews import Reviews
    from pipeline.reconcile.editions import diff_papers
    from pipeline.run.lock import output_lock

    with output_lock(out) if out else nullcontext():
        reviews = _reviews(out) if out else Reviews()
        result = read_files([old, new], settings)
        if len(result.papers) == 2:
            result = replace(result, reconciliation=diff_papers(*result.papers, reviews, force))
        if out:
            write_outputs(out, result, reviews=reviews)
    return result


def _reviews(out: Path) -> Reviews:
    """The reviewer's decisions in ``out`` (read first: a bad row stops before any work)."""
    from pipeline.history.reviews import REVIEWS_NAME, load_reviews

    return load_reviews(out / REVIEWS_NAME)


def _now() -> str:
    """The run's timestamp, ``processed_at`` in the history (UTC, to the second)."""
    return datetime.now(UTC).isoformat(timespec="seconds")
