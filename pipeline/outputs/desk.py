"""The reviewer's desk around the report's items: one block per record, evidence, footer.

``pipeline.outputs.report`` makes one item per change row; this module puts
them in front of a reviewer: every change of a record in one block (in the
most urgent section any of them belongs to, so each change row is still shown
once), the links and pictures of each side's source (``pipeline.outputs.evidence``),
and what the print footer names, the rectrack version and every input's hash.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from pipeline.outputs.evidence import Evidence, Source

Row = Mapping[str, Any]
RecordIndex = Mapping[tuple[str, str, str], list[Any]]


@dataclass(frozen=True)
class Block:
    """A record in one section, with every change of it shown there (``items``)."""

    key: str
    items: tuple[Any, ...]

    @property
    def first(self) -> Any:
        """The item whose recommendation heads the block."""
        return self.items[0]


def wants_picture(item: Any) -> bool:
    """Alerts and matches to confirm get pictures; the rest have their links."""
    return bool(item.alerts) or item.to_confirm


def with_sources(items: Sequence[Any], index: RecordIndex, evidence: Evidence | None) -> list[Any]:
    """``items`` with each side's sources; pictures go to alerts first, then by order."""
    if evidence is None:
        return list(items)
    done = list(items)
    for n in sorted(range(len(items)), key=lambda n: (not wants_picture(items[n]), n)):
        item, picture = items[n], wants_picture(items[n])
        old_records = index.get((item.series, item.old.edition, item.old_record_key), [])
        old = _sourced(item.old, old_records, evidence, picture)
        new = _sourced(item.new, index.get((item.series, item.new.edition, item.record_key), []),
                       evidence, picture)  # fmt: skip
        done[n] = replace(item, old=old, new=new)
    return done


def _sourced(side: Any, records: list[Any], evidence: Evidence, picture: bool) -> Any:
    if not side.present or not records:
        return side
    return replace(side, sources=evidence.sources(records, picture))


def candidate_sources(
    row: Row, index: RecordIndex, evidence: Evidence | None
) -> dict[str, tuple[Source, ...]]:
    """A look-alike pair's sources, old and new, each with its picture."""
    if evidence is None:
        return {"old_sources": (), "new_sources": ()}
    series = str(row.get("series", ""))
    found = {which: index.get((series, str(row.get(f"{which}_edition", "")),
                               str(row.get(f"{which}_key", ""))), [])
             for which in ("old", "new")}  # fmt: skip
    return {f"{which}_sources": evidence.sources(records, True) for which, records in found.items()}


def blocks(items: Sequence[Any], sections: Sequence[str]) -> dict[str, list[Block]]:
    """Section key -> the record blocks shown in it, in the items' order.

    A record's block goes to the first of ``sections`` that any of its items
    belongs to: a record both overdue and slipped is one block under Alerts.
    """
    grouped: dict[tuple[str, str], list[Any]] = {}
    for item in items:
        grouped.setdefault((item.series, item.record_key), []).append(item)
    shown: dict[str, list[Block]] = {key: [] for key in sections}
    for (series, key), group in grouped.items():
        section = min((i.section for i in group), key=sections.index)
        shown[section].append(Block(f"{series}|{key}", tuple(group)))
    return shown


def inputs(*tables: Iterable[Row]) -> list[tuple[str, str]]:
    """(file, SHA-256) of every input the rows name, sorted: what the report was made of."""
    return sorted({(str(r.get("source_file", "")), str(r.get("source_sha256", "")))
                   for rows in tables for r in rows if r.get("source_file")})  # fmt: skip


def rectrack_version() -> str:
    """The installed rectrack's version, for the footer."""
    try:
        return version("rectrack")
    except PackageNotFoundError:
        return "unknown"
