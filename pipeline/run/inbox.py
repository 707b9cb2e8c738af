"""Which files in an inbox folder are inputs, what they are called, and their content hashes.

An inbox holds whatever analysts and their tools leave there: Office lock
files while a paper is open, partial downloads, hidden sync folders, links to
elsewhere. Those are not papers and must not turn up as failures; everything
else is an input and must end in the outputs or in failures.csv. What cannot
even be looked at (a folder or file without read permission, a link that
loops) is a *problem* of the listing: it is reported as a failure, never
skipped in silence, and never stops the run. The output folder, when it lies
inside the inbox, is not part of it. The listing is sorted by relative path so
that a run's outputs do not depend on the order the filesystem returns.

Names are as the filesystem gives them; a name that is not valid UTF-8 (a
Latin-1 name from an old zip or an SMB share) holds surrogate escapes
(``os.fsdecode``), kept in the history as the text ``\\udcXX`` (``input_name``).
"""

from __future__ import annotations

import errno
import hashlib
import os
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

#: Suffixes of files still being downloaded or written.
PARTIAL_SUFFIXES = frozenset({".part", ".crdownload", ".tmp", ".download", ".partial"})
CHUNK_BYTES = 1 << 20


@dataclass(frozen=True)
class Listing:
    """An inbox as listed: its input files, and what could not be looked at, with why."""

    files: tuple[Path, ...]
    problems: tuple[tuple[Path, str], ...]


def scan_inbox(folder: Path, skip: Iterable[Path] = ()) -> Listing:
    """Every input file under ``folder``, recursively, sorted by relative path; and its problems.

    Skipped: hidden files and folders, Office lock files, partial downloads,
    anything that is not a regular file, file links that point outside the
    folder, and the folders in ``skip`` (the output folder). Linked folders
    are not entered (no loops, no file counted twice). Unreadable folders and
    files, and links that loop, are ``problems``.
    """
    root = folder.resolve()
    skipped = {path.resolve() for path in skip}
    found: list[tuple[tuple[str, ...], Path]] = []
    problems: list[tuple[tuple[str, ...], Path, str]] = []

    def unreadable(error: OSError) -> None:
        path = Path(error.filename)
        problems.append((path.relative_to(folder).parts, path, _folder_reason(error)))

    for dirpath, dirnames, filenames in os.walk(folder, onerror=unreadable):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")
                       and Path(dirpath, name).resolve() not in skipped]  # fmt: skip
        for name in filenames:
            path = Path(dirpath, name)
            parts = path.relative_to(folder).parts
            try:
                wanted = _is_input(path, root)
            except (OSError, RuntimeError):  # RuntimeError: Python < 3.13 on a link loop
                problems.append((parts, path, "a link that loops back on itself: not a file"))
                continue
            if wanted:
                reason = _cannot_open(path)
                if reason:
                    problems.append((parts, path, reason))
                else:
                    found.append((parts, path))
    return Listing(tuple(path for _, path in sorted(found)),
                   tuple((path, why) for _, path, why in sorted(problems)))  # fmt: skip


def list_inputs(folder: Path, skip: Iterable[Path] = ()) -> list[Path]:
    """The input files of ``scan_inbox`` (its problems left out)."""
    return list(scan_inbox(folder, skip).files)


def _is_input(path: Path, root: Path) -> bool:
    """A visible, complete, regular file that is not a lock file and stays in the inbox."""
    name = path.name
    if name.startswith((".", "~$")) or path.suffix.lower() in PARTIAL_SUFFIXES:
        return False
    if path.is_symlink() and not path.resolve(strict=False).is_relative_to(root):
        return False
    if path.is_symlink() and _loops(path):
        raise OSError(errno.ELOOP, "link loop", str(path))
    return path.is_file()


def _loops(path: Path) -> bool:
    """True when following the link ``path`` never ends (ELOOP)."""
    try:
        path.stat()
    except OSError as exc:
        return exc.errno == errno.ELOOP
    return False


def _cannot_open(path: Path) -> str:
    """Why the file cannot be opened for reading, or "" when it can."""
    try:
        os.close(os.open(path, os.O_RDONLY))
    except OSError as exc:
        return f"cannot be opened ({exc.strerror or 'error'}): give rectrack read access to it"
    return ""


def _folder_reason(error: OSError) -> str:
    """The failure reason of a folder the listing could not enter."""
    what = error.strerror or "error"
    return (f"a folder that cannot be listed ({what}): the papers in it are not read; "
            "give rectrack read access to it")


def input_name(path: Path, base: Path | None = None) -> str:
    """A file's name in the history and outputs: relative to ``base`` (the inbox) if given.

    Bytes that are not UTF-8 (surrogate escapes) become the text ``\\udcXX``,
    which SQLite and JSON can hold; nothing else changes, so the name is kept
    losslessly. The outputs show it readably (``pipeline.outputs.display.display_name``).
    """
    text = (path.relative_to(base) if base else path).as_posix()
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def sha256_bytes(data: bytes) -> str:
    """Hex SHA-256 of ``data``: a paper's identity (a renamed copy is the same paper)."""
    return hashlib.sha256(data).hexdigest()


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks so large files cost no memory."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK_BYTES):
            digest.update(chunk)
    return digest.hexdigest()


def sha256_or_empty(path: Path) -> str:
    """The file's hash, or "" when it cannot even be read (its reader reports why)."""
    try:
        return sha256_file(path)
    except OSError:
        return ""
