"""What the outputs of the last finished run were made from, so an unchanged rerun is free.

Writing the outputs (the workbook above all) costs far more than knowing
whether anything changed, and an inbox that is run every night rarely has.
After a run has written every output file, ``save`` records, in
``.rectrack-state.json`` in the output folder, a *fingerprint* of all the
outputs depend on, and the SHA-256 of each output file:

- the inputs in inbox order, as (inbox-relative name, content hash): the
  papers taken from the history are fixed by hash and extraction key;
- the failures, as reported (a failed file is read again every run);
- the bytes of ``reviews.csv``;
- the history's documents and stored papers (reconciliation reads the whole
  history, not just this inbox);
- the extraction key (reading code, vocabulary, limits) and the code of
  this package (``pipeline.run.codebase``), so a new rectrack rewrites
  outputs it would write differently.

The next run skips reconciling and writing only when its fingerprint is the
same and every output file still holds the recorded bytes. The state file is
removed before any output is written (``forget``) and written last, atomically,
so a run killed in between leaves none and the next run does the full work.
It holds no times or paths: an unchanged folder is the same bytes after every run.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.run.inbox import sha256_file
from pipeline.run.outcome import Failure

if TYPE_CHECKING:
    from extractors.settings import Settings

STATE_NAME = ".rectrack-state.json"


@dataclass(frozen=True)
class Basis:
    """What a run's outputs are made from, apart from the history and the code.

    ``inputs`` are (inbox-relative name, content hash) of every input, copies
    included, in inbox order; ``reviews`` is the digest of reviews.csv as
    ``reviews_digest`` took it before the reviews were loaded; ``settings``
    are what the papers were read with.
    """

    inputs: tuple[tuple[str, str], ...]
    failures: tuple[Failure, ...]
    reviews: str
    settings: Settings


@dataclass(frozen=True)
class Summary:
    """How many papers, recommendations (register rows) and file record rows the outputs hold."""

    papers: int
    recommendations: int
    records: int = 0


def reviews_digest(out: Path) -> str:
    """SHA-256 of ``out``'s reviews.csv, "" when there is none; take it before loading it."""
    from pipeline.history.reviews import REVIEWS_NAME

    try:
        return sha256_file(out / REVIEWS_NAME)
    except FileNotFoundError:
        return ""


def fingerprint(out: Path, basis: Basis) -> str:
    """One digest of everything ``out``'s outputs depend on, the history as it is now."""
    from pipeline.run.codebase import code_digest
    from pipeline.run.reading import extraction_key

    facts = {
        "code": code_digest("pipeline"),
        "extraction": extraction_key(basis.settings),
        "inputs": basis.inputs,
        "failures": [vars(f) for f in basis.failures],
        "reviews": basis.reviews,
        "history": _history_digest(out),
    }
    return hashlib.sha256(json.dumps(facts, ensure_ascii=False).encode()).hexdigest()


def unchanged(out: Path, basis: Basis) -> Summary | None:
    """The recorded outputs' summary when they are what this run would write; else None.

    Cheap: hashes and a read of the history's document list, never its papers.
    """
    try:
        state = json.loads((out / STATE_NAME).read_text(encoding="utf-8"))
        if state["fingerprint"] == fingerprint(out, basis) and _intact(out, state["outputs"]):
            return Summary(state["papers"], state["recommendations"], state["records"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        pass  # no record, or not one this version wrote: do the full work
    return None


def save(out: Path, basis: Basis, written: Sequence[Path], summary: Summary) -> None:
    """Record the fingerprint and output hashes; call only after every output is written."""
    from pipeline.outputs.files import atomic_write

    state = {
        "fingerprint": fingerprint(out, basis),
        "outputs": {path.name: sha256_file(path) for path in written},
        "papers": summary.papers,
        "recommendations": summary.recommendations,
        "records": summary.records,
    }
    with atomic_write(out / STATE_NAME) as handle:
        json.dump(state, handle, ensure_ascii=False, indent=1, sort_keys=True)
        handle.write("\n")


def forget(out: Path) -> None:
    """Remove the record before outputs are rewritten: until ``save``, they are in flux."""
    (out / STATE_NAME).unlink(missing_ok=True)


def _intact(out: Path, outputs: dict[str, str]) -> bool:
    """Every recorded output file is there with its recorded bytes (none deleted or edited).

    A missing file raises OSError, which ``unchanged`` takes as a change.
    """
    return all(sha256_file(out / name) == digest for name, digest in outputs.items())


def _history_digest(out: Path) -> str:
    """Digest of the history rows that reconciliation and reuse depend on; "" with no history."""
    from pipeline.history import store

    return store.read_only(out / store.HISTORY_NAME, store.documents_digest, "")
