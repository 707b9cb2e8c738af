"""Status keys in every form, every column the paper has, and Excel trackers, read exactly.

The papers are in ``samples/layouts`` (built by ``samples/generate/keys_and_sheets``
with python-docx and XlsxWriter, printed to PDF by LibreOffice Writer and Calc);
their expected records in ``samples/layouts/expected`` are written by hand.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from extractors import extract_path
from extractors.model import Paper
from pipeline.normalise.paper import normalise_paper

LAYOUTS = Path(__file__).resolve().parent.parent / "samples" / "layouts"
PAPERS = {
    "key_sentence": ("docx", "pdf"),
    "key_list": ("docx", "pdf"),
    "key_swatches": ("docx", "pdf"),
    "no_key": ("docx", "pdf"),
    "workbook_tracker": ("xlsx", "pdf"),
}
FILES = [(name, kind) for name, kinds in PAPERS.items() for kind in kinds]
#: Expected-item keys that are not Recommendation fields.
NOT_FIELDS = {"where", "low_confidence"}


@cache
def _paper(file_name: str) -> Paper:
    return normalise_paper(extract_path(LAYOUTS / file_name))


def _expected(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads((LAYOUTS / "expected" / f"{name}.json").read_text("utf-8"))
    return data


@pytest.mark.parametrize(("name", "kind"), FILES)
def test_every_record_and_no_other(name: str, kind: str) -> None:
    paper = _paper(f"{name}.{kind}")
    want = _expected(name)["recommendations"]
    assert [(r.inspection, r.label) for r in paper.recommendations] == [
        (w["inspection"], w["label"]) for w in want
    ]


@pytest.mark.parametrize(("name", "kind"), FILES)
def test_record_fields_exactly(name: str, kind: str) -> None:
    paper = _paper(f"{name}.{kind}")
    for rec, want in zip(paper.recommendations, _expected(name)["recommendations"], strict=True):
        got = {key: getattr(rec, key) for key in want if key not in NOT_FIELDS}
        assert got == {k: v for k, v in want.items() if k not in NOT_FIELDS}, rec.label
        assert ("low_confidence" in rec.flags) == want["low_confidence"], rec.label
        assert str(rec.location) == want["where"][kind], rec.label


@pytest.mark.parametrize(("name", "kind"), FILES)
def test_title_edition_and_key(name: str, kind: str) -> None:
    paper, want = _paper(f"{name}.{kind}"), _expected(name)
    assert (paper.title, paper.series, paper.edition) == (
        want["title"], want["series"], want["edition"]
    )
    key = [{k: getattr(e, k) for k in ("colour_name", "colour", "status")}
           for e in paper.status_key]  # fmt: skip
    assert key == want["status_key"]


def test_the_papers_own_key_wins_over_the_default_vocabulary() -> None:
    """The vocabulary alone reads green as on track and amber as partly delayed."""
    paper = _paper("key_sentence.docx")
    assert {r.status_colour: r.status for r in paper.recommendations} == {
        "92D050": "complete", "FFC000": "on_track", "FF0000": "significant_delay"
    }
    sheet = _paper("workbook_tracker.xlsx").recommendations[-2]
    assert (sheet.status_text, sheet.status) == ("Green", "complete")


def test_without_a_key_every_colour_read_status_is_low_confidence() -> None:
    paper = _paper("no_key.pdf")
    assert all("no key" in " ".join(r.warnings) for r in paper.recommendations)
    assert {e.description for e in paper.status_key} == {
        "no key on the paper: read by the usual RAG colours"
    }


def test_a_workbook_sheet_without_a_tracker_gives_nothing() -> None:
    """The Summary sheet's counts table is not read as records or a key."""
    paper = _paper("workbook_tracker.xlsx")
    assert not any("Summary" in str(r.location) for r in paper.recommendations)
    assert paper.file_type == "xlsx" and paper.page_count == 0
