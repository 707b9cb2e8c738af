"""A tracker with another council's layout is read exactly (issue: not only one file)."""

from __future__ import annotations

from pathlib import Path

import pytest
from other_council import EXPECTED, TITLE, write_other_council_pdf

from extractors import extract_path
from extractors.model import Paper
from pipeline.normalise.paper import normalise_paper


@pytest.fixture(scope="module")
def paper(tmp_path_factory: pytest.TempPathFactory) -> Paper:
    path = write_other_council_pdf(tmp_path_factory.mktemp("other") / "other_council.pdf")
    return normalise_paper(extract_path(path))


def test_title_and_edition(paper: Paper) -> None:
    assert paper.title == TITLE
    assert (paper.series, paper.edition) == ("Internal Audit Recommendations Tracker",
                                             "2025-09-30")


def test_every_record_exactly(paper: Paper) -> None:
    got = [
        {key: getattr(r, key) for key in EXPECTED[0] if key != "page"} | {"page": r.location.number}
        for r in paper.recommendations
    ]
    assert got == EXPECTED


def test_split_row_is_one_record_starting_on_its_first_page(paper: Paper, tmp_path: Path) -> None:
    long_item = paper.recommendations[2]
    assert long_item.recommendation.endswith("ledger 29 is signed off.")
    assert long_item.location.number == 1
    assert not any(r.label == "Ref" for r in paper.recommendations)
