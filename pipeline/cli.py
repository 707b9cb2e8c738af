"""The ``rectrack`` command line: parse options, call library functions.

Heavy libraries (pandas, pdfplumber, spaCy, dateparser) are imported inside the
commands, so ``rectrack --help`` stays fast. Exit status: 0 every input
processed; 1 finished, but some inputs failed (see failures.csv); 2 usage error,
or the output folder is in use by another rectrack run.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from extractors.limits import Limits

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


def _limits(options: dict[str, Any]) -> Limits:
    """Limits from the command's options, as a usage error when one is invalid."""
    try:
        return Limits.from_mapping({name: options.pop(name) for _, name, _, _ in _LIMIT_OPTIONS})
    except ValueError as exc:
        raise click.UsageError(str(exc)) from exc


def _use_vocabulary(path: Path | None) -> None:
    """Name the user's vocabulary file for this process and its workers."""
    if path is not None:
        from extractors.vocab import ENV_VAR

        os.environ[ENV_VAR] = str(path.resolve())


def _executor(name: str, scheduler: str | None, vocab: Path | None) -> Any:
    """The executor ``run`` reads with: None for local processes, or a DaskExecutor."""
    if name == "local":
        if scheduler:
            raise click.UsageError("--scheduler is for --executor dask")
        return None
    if not scheduler:
        raise click.UsageError("--executor dask needs --scheduler ADDRESS")
    if vocab:
        raise click.UsageError("--vocab is not sent to Dask workers: set RECTRACK_VOCAB there")
    try:
        import distributed  # noqa: F401
    except ImportError as exc:
        raise click.UsageError("--executor dask needs Dask: pip install 'rectrack[dask]'") from exc
    from pipeline.run.executors import DaskExecutor

    return DaskExecutor(scheduler)


@contextmanager
def _reviews_are_usage() -> Iterator[None]:
    """A reviews.csv row that cannot be applied, or a refused diff, is a usage error (exit 2)."""
    from pipeline.history.reviews import ReviewsError
    from pipeline.reconcile.editions import DiffRefused

    try:
        yield
    except (ReviewsError, DiffRefused) as exc:
        raise click.UsageError(str(exc)) from exc


@contextmanager
def _output_free() -> Iterator[None]:
    """An output folder held by another run: say who holds it, exit status 2."""
    from pipeline.run.lock import OutputLocked

    try:
        yield
    except OutputLocked as exc:
        click.echo(f"rectrack: {exc}", err=True)
        raise SystemExit(2) from exc


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="rectrack")
def main() -> None:
    """rectrack: a register of inspection and audit recommendations from council papers."""


@main.command()
@click.argument("inbox", default="./inbox",
                type=click.Path(exists=True, file_okay=False, path_type=Path))
@click.option("--out", default="./output", show_default=True,
              type=click.Path(file_okay=False, path_type=Path), help="Output folder.")
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Files read at once, each in its own process.")
@click.option("--vocab", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML file of extra status words, inspectorates or headers.")
@click.option("--executor", type=click.Choice(["local", "dask"]), default="local",
              show_default=True,
              help="Read papers in local processes, or on the Dask cluster at --scheduler.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Address of a running Dask scheduler (tcp://host:8786), for --executor dask.")
@_limit_options
def run(inbox: Path, out: Path, workers: int, vocab: Path | None, executor: str,
        scheduler: str | None, **options: Any) -> None:
    """Read every paper under INBOX and write the outputs to --out.

    Papers already in the history (same bytes, same extractor) are not read
    again. Example: rectrack run samples/papers --out output
    """
    from pipeline.run.runner import run_batch

    limits = _limits(options)
    read = _executor(executor, scheduler, vocab)
    _use_vocabulary(vocab)
    with _reviews_are_usage(), _output_free():
        result = run_batch(inbox, out, limits, workers, read=read)
    for failure in result.failures:
        click.echo(f"failed: {failure.source_file}: {failure.reason}", err=True)
    for copy, first in result.copies:
        click.echo(f"copy: {copy} has the same bytes as {first}: counted once", err=True)
    if result.unchanged:
        click.echo("unchanged since the last run: the outputs are left as they are", err=True)
    click.echo(
        f"{result.paper_count} file(s) read, {len(result.failures)} failed; "
        f"{result.recommendation_count} recommendation(s) in the register, each counted once "
        f"({result.record_count} record rows across files) -> {out}",
        err=True,
    )
    raise SystemExit(result.exit_code)


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
@click.option("--workers", default=1, show_default=True, type=click.IntRange(1, 64),
              help="Files read at once, each in its own process.")
@click.option("--vocab", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML file of extra status words, inspectorates or headers.")
@_limit_options
def watch(inbox: Path, out: Path, settle: float, rescan: float, poll: bool, workers: int,
          vocab: Path | None, **options: Any) -> None:
    """Keep reading papers as they land in INBOX; refresh the outputs in --out.

    One line per file on standard error; Ctrl-C or SIGTERM stops it cleanly
    (exit status 0). Example: rectrack watch inbox --out output --poll
    """
    from pipeline.run.watch import WatchSettings
    from pipeline.run.watch import watch as watch_inbox

    limits = _limits(options)
    _use_vocabulary(vocab)
    with _reviews_are_usage(), _output_free():
        watch_inbox(inbox, out, limits, WatchSettings(settle, rescan, poll), workers)


@main.command()
@click.argument("files", nargs=-1, required=True,
                type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv", "json"]), default="csv",
              show_default=True, help="How to print the records.")
@click.option("--vocab", type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="A TOML file of extra status words, inspectorates or headers.")
@_limit_options
def extract(files: tuple[Path, ...], fmt: str, vocab: Path | None, **options: Any) -> None:
    """Print the recommendation records of single FILES to standard output.

    Example: rectrack extract samples/papers/tracker_may2025.pdf --format json
    """
    import sys

    from pipeline.outputs.tables import RECORD_COLUMNS, record_rows
    from pipeline.run.runner import read_files

    limits = _limits(options)
    _use_vocabulary(vocab)
    result = read_files(list(files), limits)
    rows = record_rows(result.papers)
    if fmt == "json":
        import json

        json.dump(rows, sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        from pipeline.outputs.files import frame

        frame(rows, RECORD_COLUMNS).to_csv(sys.stdout, index=False, lineterminator="\n")
    for failure in result.failures:
        click.echo(f"failed: {failure.source_file}: {failure.reason}", err=True)
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
def diff(old: Path, new: Path, out: Path | None, force: bool, **options: Any) -> None:
    """Reconcile two papers, OLD then NEW, as consecutive editions.

    Given the newer edition first, they are compared oldest first, and a note
    says so. Papers sharing no inspection are refused (exit 2) unless --force.
    The history is not used. Example:
    rectrack diff samples/papers/tracker_may2025.pdf samples/papers/tracker_nov2025.pdf
    """
    import sys

    from pipeline.outputs.tables import CHANGE_COLUMNS
    from pipeline.run.runner import diff_files

    limits = _limits(options)
    with _reviews_are_usage(), _output_free():
        result = diff_files(old, new, limits, out, force)
    for note in result.reconciliation.notes if result.reconciliation else ():
        click.echo(f"note: {note}", err=True)
    if out is None and result.reconciliation:
        from pipeline.outputs.files import frame

        frame(result.reconciliation.changes, CHANGE_COLUMNS).to_csv(
            sys.stdout, index=False, lineterminator="\n")
    for failure in result.failures:
        click.echo(f"failed: {failure.source_file}: {failure.reason}", err=True)
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
