"""Which code made a result: one digest of the installed files of some packages.

A stored Paper is reused only when the code that reads files is the same
(``pipeline.run.reading.extraction_key``), and an unchanged rerun skips
writing only when the code that writes outputs is the same
(``pipeline.run.state``). Both ask ``code_digest``: a hash of every file
(modules, templates, data) of the packages named, as installed, so an edited
rule, a new vocabulary.toml or an upgrade all count, with no version to bump
by hand. Hashing the ~60 files takes a few milliseconds, once per process.
"""

from __future__ import annotations

import hashlib
from functools import cache
from importlib.util import find_spec
from pathlib import Path


@cache
def code_digest(*modules: str) -> str:
    """Digest of the files of these modules and packages (import names), as installed."""
    digest = hashlib.sha256()
    for name in modules:
        for path, relative in _files(name):
            digest.update(f"{name}/{relative}".encode() + b"\0")
            digest.update(path.read_bytes())
    return digest.hexdigest()


def _files(name: str) -> list[tuple[Path, str]]:
    """(file, name inside the module) of a package's files, or of a single module's one file.

    Compiled caches are left out: they are made from the sources, and differ
    between Python versions.
    """
    spec = find_spec(name)
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError(f"no module named {name!r}")
    if not spec.submodule_search_locations:
        return [(Path(spec.origin), Path(spec.origin).name)]
    root = Path(spec.origin).parent
    return [(path, path.relative_to(root).as_posix()) for path in sorted(root.rglob("*"))
            if path.is_file() and "__pycache__" not in path.parts]
