"""How the command line turns errors into one plain line and an exit status.

A full disk, an unwritable folder or a damaged history is an environment
error (``ENVIRONMENT_ERROR``, 3): one line names the path and what to do. A
reviews.csv row that cannot be applied, a refused diff, or an output folder
in use by another run is a usage error (2). Kept apart from the commands
(``pipeline.cli``) so that each says only what it does.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import NoReturn

import click

ENVIRONMENT_ERROR = 3


def environment_error(message: str) -> NoReturn:
    """Say what is wrong in one line and exit with status 3."""
    from pipeline.outputs.display import display_name

    click.echo(f"rectrack: {display_name(message)}", err=True)
    raise SystemExit(ENVIRONMENT_ERROR)


@contextmanager
def environment_errors(out: Path | None, debug: bool) -> Iterator[None]:
    """A full disk, an unwritable folder, a damaged history: one line, exit status 3.

    Every such error surfaces before anything is replaced (outputs are staged,
    the history is written in transactions), so the message can say nothing
    was lost. With ``--debug`` the error is raised with its traceback instead.
    """
    from pipeline.history.store import HistoryDamaged

    try:
        yield
    except (OSError, sqlite3.Error, HistoryDamaged) as exc:
        if debug:
            raise
        environment_error(_environment_message(exc, out))


def _environment_message(exc: BaseException, out: Path | None) -> str:
    """What went wrong with the environment, which path, and what to do about it."""
    if not isinstance(exc, OSError | sqlite3.Error):
        return str(exc)
    path = getattr(exc, "filename", None) or out or "the current folder"
    text = str(exc).lower()
    code = getattr(exc, "errno", None)
    strerror = getattr(exc, "strerror", None) or str(exc).splitlines()[0]
    kept = "the earlier outputs, reviews.csv and the inputs are as they were"
    if code in (errno.ENOSPC, errno.EDQUOT) or "disk is full" in text:
        return f"the disk holding {path} is full: free some space and run again ({kept})"
    if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "readonly" in text:
        return (f"cannot write to {path} ({strerror}): make it "
                f"writable, or choose another output folder with --out ({kept})")
    if code in (errno.ENOENT, errno.ENOTDIR):
        return (f"cannot create or open {path} ({strerror}): check that the folders "
                f"above it exist and are folders, or choose another with --out ({kept})")
    return f"cannot use {path} ({strerror}): check the disk and the folder, then run again ({kept})"


@contextmanager
def reviews_are_usage() -> Iterator[None]:
    """A reviews.csv row that cannot be applied, or a refused diff, is a usage error (exit 2)."""
    from pipeline.history.reviews import ReviewsError
    from pipeline.reconcile.model import DiffRefused

    try:
        yield
    except (ReviewsError, DiffRefused) as exc:
        raise click.UsageError(str(exc)) from exc


@contextmanager
def output_free() -> Iterator[None]:
    """An output folder held by another run: say who holds it, exit status 2."""
    from pipeline.run.lock import OutputLocked

    try:
        yield
    except OutputLocked as exc:
        click.echo(f"rectrack: {exc}", err=True)
        raise SystemExit(2) from exc
