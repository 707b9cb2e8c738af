"""Extractors: turn one file into a Paper (records with provenance).

``extract_path`` is the entry point the pipeline calls, in a worker process.
It sniffs the real type from the file's bytes (not its name), checks the
limits, reads the file once with its format's reader, and lets each kind of
paper take what it recognises in each paper the file holds (an agenda pack
holds several: ``extractors.packs``; who each is: ``extractors.identity``).
The formats (PDF, Word, Excel) and the kinds
(tracker, narrative) are declared in ``extractors.registry``:

- ``extractors.kinds.TRACKER``: tracker tables, the status key in any form
  (``extractors.status_key``) and ratings tables;
- ``extractors.kinds.NARRATIVE``: recommendations and judgements listed in
  the running text, and the inspection facts it states.

A file that yields nothing is reported as ``no_records``, never as an empty
success. ``extract_path`` is three stages run in a row (``plan_file``,
``read_part``, ``assemble``), which the pipeline may instead run in several
processes to read a long PDF's pages in parallel; the Paper is the same.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extractors.stages import (
        EXTRACTOR_VERSION,
        SPLIT_PAGES,
        Part,
        Plan,
        assemble,
        extract_path,
        plan_file,
        read_part,
        read_planned,
    )

__all__ = ["EXTRACTOR_VERSION", "SPLIT_PAGES", "Part", "Plan", "assemble", "extract_path",
           "plan_file", "read_part", "read_planned"]  # fmt: skip


def __getattr__(name: str) -> Any:
    """The stages' names, imported from ``extractors.stages`` when first asked for (PEP 562),
    so ``import extractors.limits`` alone stays cheap."""
    if name in __all__:
        from extractors import stages

        return getattr(stages, name)
    raise AttributeError(f"module 'extractors' has no attribute {name!r}")
