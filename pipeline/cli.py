"""The ``rectrack`` command line: parse options, call library functions.

Heavy libraries (pandas, pdfplumber, spaCy, dateparser) are imported inside the
commands, so ``rectrack --help`` stays fast. Exit status (``EXIT_STATUSES``):
0 every input processed; 1 finished, but some inputs failed (see failures.csv);
2 usage error, or the output folder is in use by another rectrack run; 3 an
environment error (a full disk, an output folder that cannot be written, a
damaged history, a bad vocabulary file), said in one plain line that names the
path and what to do, with the traceback only under ``--debug``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from extractors.limits import Limits
from extractors.settings import PAGE_READER_ENV, Settings
from extractors.vocab import ENV_VAR
from pipeline.cli_errors import (
    environment_error,
    environment_errors,
    output_free,
    reviews_are_usage,
)

if TYPE_CHECKING:
    from pipeline.run.executors import Read

EXIT_STATUSES = """Exit status: 0 every input was read; 1 finished, but some inputs failed
(see failures.csv); 2 usage error, or the output folder is in use by another run;
3 environment error (disk full, output folder not writable, damaged history, bad
vocabulary file): one plain line says which path and what to do."""

_LIMIT_OPTIONS = (
    ("--max-file-mb", "max_file_mb", float, "Largest input file, in MB."),
    ("--max-pages", "max_pages", int, "Most PDF pages per file."),
    ("--memory-mb", "memory_mb", int, "Memory cap of the process reading one file, in MB."),
    ("--timeout", "timeout_s", float, "Seconds one file may take before it is stopped."),
)


def _limit_options(command: Any) -> Any:
    """Add the per-file limit options (defaults in ``extractors.limits.Limits``)."""
    for flag, name, kind, text in reversed(_LIMIT_OPTIONS):
        default = getattr(Limits(), name)
        command = click.option(flag, name, type=kind, default=None,
                               help=f"{text} [default: {default}]")(command)
    return command


def _settings(options: dict[str, Any]) -> Settings:
    """What files are read with: the limit options, the words of ``--vocab`` and the page
    reader ``RECTRACK_PAGE_READER`` names (``extractors.settings.PAGE_READERS``).

    Without ``--vocab``, the file named by ``RECTRACK_VOCAB`` (read here once,
    then sent to every reader as its settings). An invalid limit is a usage
    error; a vocabulary file that cannot be read or merged is an environment
    error, said once here rather than as the same failure of every paper.
    """
    limit_values = {name: options.pop(name) for _, name, _, _ in _LIMIT_OPTIONS}
    try:
        limits = Limits.from_mapping(limit_values)
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc
    vocab = options.pop("vocab", None) or os.environ.get(ENV_VAR) or None
    try:
        settings = Settings.with_vocabulary_file(limits, Path(vocab) if vocab else None)
    except ValueError as exc:
        from pipeline.run.worker import plain_reason

        root: BaseException = exc
        while root.__cause__ is not None:  # the reader's own error, not its wrappers
            root = root.__cause__
        environment_error(f"the vocabulary file {vocab} cannot be used ({plain_reason(root)}): "
                           f"fix it, or leave out --vocab and {ENV_VAR}")
    return _with_page_reader(settings)


def _with_page_reader(settings: Settings) -> Settings:
    """``settings`` with the page reader ``RECTRACK_PAGE_READER`` names, if it names one."""
    reader = os.environ.get(PAGE_READER_ENV)
    if not reader:
        return settings
    try:
        return replace(settings, page_reader=reader)
    except ValueError as exc:
        raise click.UsageError(f"{PAGE_READER_ENV}: {exc}") from exc


def _vocab_option(command: Any) -> Any:
    """Add ``--vocab``."""
    return click.option(
        "--vocab", type=click.Path(exists=True, dir_okay=False, path_type=Path),
        help=f"A TOML file of extra status words, inspectorates or headers [default: ${ENV_VAR}].",
    )(command)


def _debug_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """Add ``--debug``: show an environment error's traceback instead of one line."""
    return click.option("--debug", is_flag=True,
                        help="On an environment error, show the traceback.")(command)


def _verbosity(command: Any) -> Any:
    """Add ``-q/--quiet`` and ``-v/--verbose``, given to the command as ``level`` (0, 1, 2)."""
    command = click.option("-v", "--verbose", "level", flag_value=2,
                           help="Also name every paper read, with its records.")(command)
    return click.option("-q", "--quiet", "level", flag_value=0, default=1,
                        help="Say only what went wrong (failed inputs); no progress bar.")(command)


def _executor_options(command: Any) -> Any:
    """Add ``--workers``, ``--executor`` and ``--scheduler`` (``run`` and ``watch`` read alike)."""
    for option in reversed((
        click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
                     help="Files read at once, each in its own process."),
        click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
                     show_default=True,
                     help="Read papers in local processes, or on the Dask cluster at --scheduler."),
        click.option("--scheduler", metavar="ADDRESS",
                     help="Address of a running Dask scheduler (tcp://host:8786), "
                          "for --executor dask."),
    )):
        command = option(command)
    return command


def _executor(options: dict[str, Any]) -> Read:
    """The executor files are read with: local processes (``--workers``), or a DaskExecutor."""
    from pipeline.run.executors import DaskExecutor, LocalExecutor

    name, scheduler, workers = (options.pop(key) for key in ("executor", "scheduler", "workers"))
    if name == "local":
        if scheduler:
            raise click.UsageError("--scheduler is for --executor dask")
        return LocalExecutor(workers)
    if not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDRESS")
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise click.UsageError("--executor dask needs Dask: pip install 'rectrack[dask]'") from exc
    return DaskExecutor(scheduler)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_STATUSES)
@click.version_option(package_name="rectrack")
def main() -> None:
    """rectrack: a register of inspection and audit recommendations from council papers."""


@main.command(epilog=EXIT_STATUSES)
@click.argument("inbox", default="./inbox",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", default="./output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@_executor_options
@_vocab_option
@_limit_options
@_verbosity
@_debug_option
def run(inbox: Path, out: Path, debug: bool, level: int, **options: Any) -> None:
    """Read every paper under INBOX and write the outputs to --out.

    Papers already in the history (same bytes, same extractor) are not read
    again. Example: rectrack run samples/papers --out output
    """
    from pipeline.run.runner import run_batch

    settings, read = _settings(options), _executor(options)
    with environment_errors(out, debug), reviews_are_usage(), output_free():
        result = run_batch(inbox, out, settings, progress=None if level else False, read=read)
    _report_failures(result.failures)
    if level:
        _report_run(result, level)
        _say(f"{result.paper_count} file(s) read, {len(result.failures)} failed; "
             f"{result.recommendation_count} recommendation(s) in the register, each counted "
             f"once ({result.record_count} record rows across files) -> {out}")
        _say_outputs(out)
    raise SystemExit(result.exit_code)


def _report_run(result: Any, level: int) -> None:
    """What a run read: with ``-v`` every paper, then the copies counted once."""
    for paper in result.papers if level > 1 else ():
        _say(f"read: {paper.source_file}: {len(paper.recommendations)} recommendation(s), "
             f"{paper.series or 'no series'} {paper.edition or '(undated)'}")
    for copy, first in result.copies:
        _say(f"copy: {copy} has the same bytes as {first}: counted once")
    if result.unchanged:
        _say("unchanged since the last run: the outputs are left as they are")


def _say_outputs(out: Path) -> None:
    """The last line of a run: the two files a reader opens."""
    _say(f"open {out / 'report.html'} (the report) and {out / 'rectrack.xlsx'} (the workbook)")


def _say(line: str) -> None:
    """One line on standard error, with names shown safely (``display_name``)."""
    from pipeline.outputs.display import display_name

    click.echo(display_name(line), err=True)


def _report_failures(failures: Any) -> None:
    """One ``failed:`` line per failed input."""
    for failure in failures:
        _say(f"failed: {failure.source_file}: {failure.reason}")


@main.command()
@click.argument("inbox", default="./inbox",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", default="./output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--settle", default=2.0, show_default=True, type=click.FloatRange(0, min_open=True),
              help="Seconds a file's size and time must stay unchanged before it is read.")
@click.option("--rescan", default=60.0, show_default=True,
              type=click.FloatRange(0, min_open=True),
              help="Seconds between full rescans of INBOX, so a missed event misses no paper.")
@click.option("--poll", is_flag=True,
              help="Poll INBOX for changes: for network shares (SMB/CIFS) that send no events.")
@_executor_options
@_vocab_option
@_limit_options
@click.option("-q", "--quiet", is_flag=True, help="Log only the files that failed, and errors.")
@_debug_option
def watch(inbox: Path, out: Path, settle: float, rescan: float, poll: bool, quiet: bool,
          debug: bool, **options: Any) -> None:
    """Keep reading papers as they land in INBOX; refresh the outputs in --out.

    One line per file on standard error, after its local time; Ctrl-C or
    SIGTERM stops it cleanly (exit status 0).
    Example: rectrack watch inbox --out output --poll
    """
    from pipeline.run.watch import watch as watch_inbox
    from pipeline.run.watching import WatchSettings, log_failures, log_to_stderr

    settings, read = _settings(options), _executor(options)
    with environment_errors(out, debug), reviews_are_usage(), output_free():
        watch_inbox(inbox, out, settings, WatchSettings(settle, rescan, poll), read,
                    log_failures if quiet else log_to_stderr)


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="How to print the records.")
@_vocab_option
@_limit_options
@_debug_option
def extract(files: tuple[Path, ...], fmt: str, debug: bool, **options: Any) -> None:
    """Print the recommendation records of single FILES to standard output.

    Example: rectrack extract samples/papers/tracker_may2025.pdf --format json
    """
    import sys

    from pipeline.outputs.tables import RECORD_COLUMNS, record_rows
    from pipeline.run.runner import read_files

    settings = _settings(options)
    with environment_errors(None, debug):
        result = read_files(list(files), settings)
    rows = record_rows(result.papers)
    if fmt == "json":
        import json

        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from pipeline.outputs.files import frame

        frame(rows, RECORD_COLUMNS).to_csv(sys.stdout, index=False, lineterminator="\n")
    _report_failures(result.failures)
    raise SystemExit(result.exit_code)


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--out", type=click.Path(file_okay=False, path_type=Path),
              help="Write every output file here (applying its reviews.csv); "
                   "without it, changes.csv is printed.")
@click.option("--force", is_flag=True,
              help="Compare papers even when they share no inspection.")
@_limit_options
@_verbosity
@_debug_option
def diff(old: Path, new: Path, out: Path | None, force: bool, debug: bool, level: int,
         **options: Any) -> None:
    """Reconcile two papers, OLD then NEW, as consecutive editions.

    Given the newer edition first, they are compared oldest first, and a note
    says so. Papers sharing no inspection are refused (exit 2) unless --force.
    The history is not used. Example:
    rectrack diff samples/papers/tracker_may2025.pdf samples/papers/tracker_nov2025.pdf
    """
    import sys

    from pipeline.outputs.tables import CHANGE_COLUMNS
    from pipeline.run.runner import diff_files

    settings = _settings(options)
    with environment_errors(out, debug), reviews_are_usage(), output_free():
        result = diff_files(old, new, settings, out, force)
    for note in result.reconciliation.notes if result.reconciliation and level else ():
        _say(f"note: {note}")
    if out is None and result.reconciliation:
        from pipeline.outputs.files import frame

        frame(result.reconciliation.changes, CHANGE_COLUMNS).to_csv(
            sys.stdout, index=False, lineterminator="\n")
    _report_failures(result.failures)
    if level:
        _report_run(result, level)
    if out is not None and level:
        _say_outputs(out)
    raise SystemExit(result.exit_code)


@main.command()
@click.argument("out", default="./output",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8001, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
def serve(out: Path, host: str, port: int) -> None:
    """Browse the history in the output folder OUT with Datasette.

    Needs the optional extra: pip install 'rectrack[datasette]'. Opens the
    register, the latest editions and full-text search on the recommendations.
    Example: rectrack serve output --port 8001
    """
    import sys

    from pipeline.history.store import HISTORY_NAME

    if not (out / HISTORY_NAME).exists():
        raise click.UsageError(f"{out} holds no {HISTORY_NAME}: run rectrack run first")
    try:
        import datasette  # noqa: F401
    except ImportError as exc:
        raise click.UsageError("serve needs Datasette: pip install 'rectrack[datasette]'") from exc
    command = [sys.executable, "-m", "datasette", "serve", str(out), "--host", host,
               "--port", str(port)]
    os.execv(sys.executable, command)  # Datasette in this process's place: signals reach it
