"""Which files in an inbox folder are inputs, and their content hashes.

An inbox holds whatever analysts and their tools leave there: Office lock
files while a paper is open, partial downloads, hidden sync folders, links to
elsewhere. Those are not papers and must not turn up as failures; everything
else is an input and must end in the outputs or in failures.csv. The listing is
sorted by relative path so that a run's outputs do not depend on the order the
filesystem returns.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

#: Suffixes of files still being downloaded or written.
PARTIAL_SUFFIXES = frozenset({".part", ".crdownload", ".tmp", ".download", ".partial"})
CHUNK_BYTES = 1 << 20


def list_inputs(folder: Path) -> list[Path]:
    """Every input file under ``folder``, recursively, sorted by relative path.

    Skipped: hidden files and folders, Office lock files, partial downloads,
    anything that is not a regular file, and file links that point outside the
    folder. Linked folders are not entered (no loops, no file counted twice).
    """
    root = folder.resolve()
    found: list[tuple[tuple[str, ...], Path]] = []
    for dirpath, dirnames, filenames in os.walk(folder, followlinks=False):
        dirnames[:] = [name for name in dirnames if not name.startswith(".")]
        for name in filenames:
            path = Path(dirpath, name)
            if _is_input(path, root):
                found.append((path.relative_to(folder).parts, path))
    return [path for _, path in sorted(found)]


def _is_input(path: Path, root: Path) -> bool:
    """A visible, complete, regular file that is not a lock file and stays in the inbox."""
    name = path.name
    if name.startswith((".", "~$")) or path.suffix.lower() in PARTIAL_SUFFIXES:
        return False
    if path.is_symlink() and not _inside(path, root):
        return False
    return path.is_file()


def _inside(path: Path, root: Path) -> bool:
    """True when the link's target is within ``root`` (the resolved inbox)."""
    return path.resolve().is_relative_to(root)


def sha256_file(path: Path) -> str:
    """Hex SHA-256 of a file's bytes, read in chunks so large files cost no memory.

    The hash is a paper's identity: a renamed copy is the same paper.
    """
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
