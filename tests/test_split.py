"""Long PDFs read in page runs by several workers give the Paper one reading gives.

Rows and tables that run across a page break are joined when the pages are
put back together, so a part boundary inside a row must change nothing. The
May 2025 tracker has such rows: the first row of its page 5 is the rest of
Recommendation 2, begun on page 4, and the first row of page 2 goes on with a
row of page 1.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support import PAPERS, read_sample, tasks_handed

from benchmarks.corpus import repeated_tracker
from extractors import SPLIT_PAGES, Plan, assemble, plan_file, read_part, vocab
from extractors.limits import Limits
from extractors.model import Paper
from extractors.settings import Settings
from pipeline.normalise.paper import normalise_paper
from pipeline.run.isolation import extract_many
from pipeline.run.reading import READ_STAGES, finish_paper, read_paper, read_run, start_paper
from pipeline.run.worker import Split

#: Long enough to be split (28 > SPLIT_PAGES), into 14 + 14 pages: the boundary falls
#: after page 14, the second copy's page 4, inside the row that goes on at its page 5.
LONG_PAGES = 28
#: Text printed at the top of page 5, the rest of Recommendation 2 of page 4.
SPLIT_ROW_TEXT = "emergency services has not taken place"


@pytest.fixture(scope="module")
def long_tracker(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return repeated_tracker(tmp_path_factory.mktemp("long") / "long_tracker.pdf", LONG_PAGES)


def _plan(count: int) -> Plan:
    return Plan("pdf", count + 5, tuple(range(1, count + 1)))


def test_parts_are_near_equal_runs_in_page_order_none_when_short() -> None:
    assert _plan(SPLIT_PAGES).parts(4) == (tuple(range(1, SPLIT_PAGES + 1)),)
    assert _plan(60).parts(1) == (tuple(range(1, 61)),)
    assert [len(p) for p in _plan(25).parts(4)] == [13, 12]
    assert [len(p) for p in _plan(60).parts(2)] == [30, 30]
    assert [len(p) for p in _plan(61).parts(8)] == [21, 20, 20]
    screened = Plan("pdf", 300, (1, 2, *range(100, 140)))
    parts = screened.parts(2)
    assert [page for part in parts for page in part] == list(screened.pages)
    assert parts[1][0] == 119  # 21 pages each: 1, 2, 100-118 | 119-139
    assert Plan("docx", 0, ()).parts(4) == ((),)


def test_a_row_split_by_the_page_break_at_a_part_boundary_is_joined() -> None:
    path = PAPERS / "tracker_may2025.pdf"
    plan = plan_file(path, Limits())
    whole = read_sample(path.name)  # extract_path, normalised
    for cut in (1, 4):  # both page breaks cut a row in two
        parts = [read_part(path, plan, plan.pages[:cut]), read_part(path, plan, plan.pages[cut:])]
        assert normalise_paper(assemble(path, plan, parts)) == whole
    joined = [r for r in whole.recommendations if SPLIT_ROW_TEXT in r.recommendation]
    assert [(r.location.number, r.label) for r in joined] == [(4, "Recommendation 2")]


def test_a_long_pdf_is_split_at_a_row_only_with_two_workers(long_tracker: Path) -> None:
    split = start_paper(long_tracker, Settings(), 2)
    assert isinstance(split, Split)
    assert [(part[0], part[-1]) for part in split.parts] == [(1, 14), (15, LONG_PAGES)]
    assert len(plan_file(long_tracker, Limits()).parts(1)) == 1


def test_a_long_tracker_read_in_parts_by_two_workers_is_the_paper_read_whole(
    long_tracker: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    tasks = tasks_handed(monkeypatch)
    after = PAPERS / "sif_2018.pdf"
    results = dict(extract_many([long_tracker, after], Settings(), READ_STAGES, workers=2))
    assert [stage for index, stage in tasks if index == 0] == ["start", "part", "part", "finish"]
    paper, whole = results[long_tracker], read_paper(long_tracker, Settings())
    assert isinstance(paper, Paper)
    assert paper == whole  # every record, its page, inspections, status key, hash
    assert len(paper.recommendations) > 2 * len(read_sample("tracker_may2025.pdf").recommendations)
    joined = [r.location.number for r in paper.recommendations
              if SPLIT_ROW_TEXT in r.recommendation]  # fmt: skip
    assert joined == [4, 14, 24]  # 14: the row cut by the part boundary, whole
    assert isinstance(results[after], Paper)


def test_a_file_read_in_parts_is_read_with_the_runs_words_in_every_stage(
    long_tracker: Path,
) -> None:
    """The words travel with the plan: a worker that joins the parts, never having seen
    the file's first look, reads with them too."""
    words = Settings(vocabulary='[status]\n"complete" = "on_track"\n')
    split = start_paper(long_tracker, words, 2)
    assert isinstance(split, Split)
    try:
        parts = [read_run(long_tracker, split.plan, pages) for pages in split.parts]
        vocab.use_words("")  # as in a worker that has read nothing of this run yet
        paper = finish_paper(long_tracker, split.plan, parts)
    finally:
        vocab.use_words("")
    statuses = {r.status for r in paper.recommendations if r.status_text == "Complete"}
    assert statuses == {"on_track"}
