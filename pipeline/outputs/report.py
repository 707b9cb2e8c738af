"""The reviewer's report: change rows -> one self-contained, escaped HTML page.

Each change row is one row of the report (``pipeline.outputs.report_items``),
in exactly one section, chosen for what a reviewer must act on first:
alerts (missing, reopened, regressed, or a record flagged overdue or
inconsistent), then slipped targets, completed, new, other changes, and
unchanged (collapsed); records of an edition no change row covers are "not
compared".

Rendering is apart from writing: ``build_context`` gathers the data,
``render_report`` turns it into text with one Jinja template (autoescape on,
no external resources, a Content-Security-Policy that allows only the page's
own inline style and script by their SHA-256 hashes), and ``write_report``
writes it atomically.
"""

from __future__ import annotations

import base64
import functools
import hashlib
from collections import Counter, defaultdict
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, Template
from markupsafe import Markup

from pipeline.history.reviews import REVIEW_COLUMNS
from pipeline.outputs import charts, desk
from pipeline.outputs.display import STATUS_COLOURS, STATUS_WORDS, clean_text
from pipeline.outputs.evidence import Evidence
from pipeline.outputs.files import atomic_write
from pipeline.outputs.report_items import (
    CHANGE_CODES,
    FLAGS,
    NOT_COMPARED,
    Item,
    RecordIndex,
    build_items,
    cell,
    index_records,
    place,
    score,
)
from pipeline.outputs.tables import Row
from pipeline.problems import PROBLEMS

#: key, heading, what it holds, collapsed?
SECTIONS = (
    ("alerts", "Alerts", "Missing, reopened or regressed items, and records flagged overdue, "
     "inconsistent with the status key, or with colour and words in conflict.", False),
    ("signed_off", "Signed-off alerts", "Alerts a reviewer signed off (an ack in reviews.csv); "
     "they come back if the item changes again.", False),
    ("slipped", "Slipped targets", "Target dates moved later.", False),
    ("completed", "Completed", "Items now complete, or dropped after completion.", False),
    ("new", "New", "Items first seen in the newer edition.", False),
    ("other", "Other changes", "Wording, earlier targets and other status moves.", False),
    ("unchanged", "Unchanged", "Items the same in both editions.", True),
    (NOT_COMPARED, "Not compared", "Records of an edition with no other edition to compare.",
     True),
)  # fmt: skip
LABELS = {
    **{p.code: p.title for p in PROBLEMS},
    "original_target": "Original target",
    "revised_target": "Revised target",
    NOT_COMPARED: "Not compared",
}
TEMPLATES = Path(__file__).resolve().parent / "templates"


def write_report(
    path: Path,
    records: Sequence[Row],
    changes: Sequence[Row],
    inspections: Sequence[Row],
    failures: Sequence[Row],
    candidates: Sequence[Row] = (),
    *,
    register: Sequence[Row] = (),
    title: str = "Recommendations tracker: changes between editions",
    generated: str = "",
    confirm_below: float = 100.0,
    inputs: Path | None = None,
    link_dir: Path | None = None,
    reviews: Sequence[Row] = (),
) -> None:
    """Render the report of these rows and write it to ``path`` atomically.

    ``inputs`` is the folder the rows' ``source_file`` names are relative to
    (the inbox; the working directory when None): links and pictures are made
    from it, relative to the folder the report is finally in (``link_dir``,
    ``path``'s when None: a run writes into a staging folder first).
    ``reviews`` are the rows of the reviews.csv already applied.
    """
    with Evidence(link_dir or path.parent, inputs) as evidence:
        context = build_context(records, changes, inspections, failures, candidates,
                                title=title, generated=generated, confirm_below=confirm_below,
                                register=register, evidence=evidence, reviews=reviews)
        with atomic_write(path) as handle:
            handle.write(render_report(context))


def render_report(context: dict[str, Any]) -> str:
    """The report's HTML for a context made by ``build_context``."""
    return report_template().render(**context)


@functools.cache
def report_template() -> Template:
    """The report's template, compiled once a process (a tenth of a second)."""
    return _environment().get_template("report.html.j2")


def build_context(
    records: Sequence[Row],
    changes: Sequence[Row],
    inspections: Sequence[Row],
    failures: Sequence[Row],
    candidates: Sequence[Row] = (),
    *,
    title: str,
    generated: str = "",
    confirm_below: float = 100.0,
    register: Sequence[Row] = (),
    evidence: Evidence | None = None,
    reviews: Sequence[Row] = (),
) -> dict[str, Any]:
    """Everything the template shows, sorted so that the same rows give the same page.

    ``candidates`` are match_candidates.csv rows: look-alike records that were
    not paired. ``confirm_below`` is used only for change rows without a
    ``match`` column: a score (rapidfuzz's 0-100) below it counts as fuzzy.
    ``evidence`` makes the links and pictures (none without it).
    """
    index = index_records(records)
    items = desk.with_sources(build_items(records, changes, confirm_below), index, evidence)
    compared = [i for i in items if i.change != NOT_COMPARED]
    sections = _sections(items)
    return {
        "title": clean_text(title),
        "generated": clean_text(generated),
        "pairs": _pairs(changes),
        "summary": _summary(compared),
        "register": _register_summary(register, records),
        "not_compared": len(items) - len(compared),
        "directorates": sorted({i.directorate for i in items}),
        "change_codes": [c for c in (*CHANGE_CODES, NOT_COMPARED) if any(i.change == c
                                                                          for i in items)],
        "sections": sections,
        "blocks": desk.blocks(items, [s["key"] for s in sections]),
        "confirm": [desk.Block(i.record_key, (i,)) for i in items if i.to_confirm],
        "candidates": [{**c, **desk.candidate_sources(c, index, evidence)} for c in
                       sorted((_candidate(c, index) for c in candidates),
                              key=lambda c: tuple(c.values()))],
        "flag_codes": [f for f in FLAGS if any(f in i.flags for i in items)],
        "inspection_names": sorted({i.inspection for i in items}),
        "statuses": [c for c in STATUS_COLOURS if any(i.status == c for i in items)],
        "charts": charts.all_charts(records, changes, inspections),
        "reviews": _clean_rows(reviews, REVIEW_COLUMNS),
        "review_columns": list(REVIEW_COLUMNS),
        "version": desk.rectrack_version(),
        "inputs": desk.inputs(records, failures),
        "inspections": _inspection_rows(inspections),
        "failures": _clean_rows(failures, ("source_file", "error_type", "reason")),
        "status_colours": STATUS_COLOURS,
    }  # fmt: skip


def _candidate(row: Row, index: RecordIndex) -> dict[str, str]:
    """A look-alike pair that was not made, for the reviewer to pin or reject."""
    series, new_key = cell(row, "series"), cell(row, "new_key")
    new_records = index.get((series, cell(row, "new_edition"), new_key), [])
    return {
        "series": series,
        "directorate": cell(new_records[0], "directorate") if new_records else "",
        "score": score(row.get("match_score")),
        "old_key": cell(row, "old_key"), "new_key": new_key,
        "old_label": cell(row, "old_label"), "new_label": cell(row, "new_label"),
        "old_text": cell(row, "old_recommendation"), "new_text": cell(row, "new_recommendation"),
        "old_edition": cell(row, "old_edition"), "new_edition": cell(row, "new_edition"),
        "old_source": place(row, "old"), "new_source": place(row, "new"),
    }  # fmt: skip


def _summary(items: list[Item]) -> dict[str, Any]:
    """Counts of change rows by change code, by directorate and code, and records by flag."""
    by_change = Counter(i.change for i in items)
    by_directorate: dict[str, Counter[str]] = defaultdict(Counter)
    for item in items:
        by_directorate[item.directorate][item.change] += 1
    flagged = {(i.series, i.record_key, f) for i in items for f in i.flags}
    return {
        "total": len(items),
        "by_change": {code: by_change[code] for code in CHANGE_CODES},
        "by_directorate": {d: dict(by_directorate[d]) for d in sorted(by_directorate)},
        "flags": {flag: sum(1 for (_, _, f) in flagged if f == flag) for flag in FLAGS},
    }


def _register_summary(register: Sequence[Row], records: Sequence[Row]) -> dict[str, int]:
    """Recommendations counted once (register rows), by where they stand, and the files read.

    A paper that came as PDF and Word is one edition: its recommendations count once.
    """
    gone = sum(1 for r in register if cell(r, "gone_since"))
    closed = sum(1 for r in register if not cell(r, "gone_since")
                 and cell(r, "status") == "complete")
    return {"total": len(register), "open": len(register) - gone - closed, "complete": closed,
            "gone": gone, "files": len({cell(r, "source_file") for r in records}),
            "file_rows": len(records)}


def _sections(items: list[Item]) -> list[dict[str, Any]]:
    """The report's sections with their items; "not compared" only when it has some."""
    sections = [{"key": key, "heading": heading, "blurb": blurb, "collapsed": collapsed,
                 "rows": [i for i in items if i.section == key]}
                for key, heading, blurb, collapsed in SECTIONS]  # fmt: skip
    return [s for s in sections if s["rows"] or s["key"] != NOT_COMPARED]


def _pairs(changes: Sequence[Row]) -> list[tuple[str, str, str]]:
    """The (series, old edition, new edition) pairs the change rows compare."""
    keys = ("series", "old_edition", "new_edition")
    return sorted({tuple(cell(c, k) for k in keys) for c in changes})  # type: ignore[misc]


def _inspection_rows(rows: Sequence[Row]) -> list[Row]:
    """Inspections once per edition (a PDF and a DOCX copy list the same ones)."""
    columns = ("series", "edition", "directorate", "inspection", "inspection_body",
               "inspection_date", "overall_progress", "source_file", "location")  # fmt: skip
    seen: dict[tuple[str, ...], Row] = {}
    for row in _clean_rows(rows, columns):
        seen.setdefault(tuple(row[c] for c in columns[:4]), row)
    return [seen[k] for k in sorted(seen)]


def _clean_rows(rows: Sequence[Row], columns: Sequence[str]) -> list[Row]:
    """Rows reduced to ``columns``, each value clean text, sorted."""
    clean = [{c: cell(row, c) for c in columns} for row in rows]
    return sorted(clean, key=lambda r: tuple(r.values()))


def _label(code: str) -> str:
    """A code as words ("status_changed" -> "Status changed")."""
    return LABELS.get(code) or STATUS_WORDS.get(code) or code.replace("_", " ").capitalize()


def _csp_hash(text: str) -> Markup:
    """The CSP source that allows exactly this inline script or style (base64: safe as is)."""
    digest = hashlib.sha256(str(text).encode("utf-8")).digest()
    return Markup(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")


def _environment() -> Environment:
    """Jinja with autoescape on for every template (``select_autoescape`` skips ``.j2``)."""
    env = Environment(loader=FileSystemLoader(TEMPLATES), autoescape=True,
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True)  # fmt: skip
    env.filters["label"] = _label
    env.filters["csp_hash"] = _csp_hash
    env.filters["pair_with_label"] = lambda code: (code, _label(code))
    env.filters["pair_with_none"] = lambda name: (name, name or "(none)")
    return env
