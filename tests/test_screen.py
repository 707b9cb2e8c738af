"""The page screen: which pages are parsed, and that skipping the rest changes no record."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import PAPERS

from benchmarks.corpus import REPORT_LINES, agenda_pack
from extractors import extract_path
from extractors import screen as screen_module
from extractors.screen import PageSigns, Screen, choose_pages, screen_pdf


def _signs(count: int, tracker: set[int] = frozenset(), ruled: set[int] = frozenset(),
           narrative: set[int] = frozenset(), empty: set[int] = frozenset(),
           label: set[int] = frozenset()) -> list[PageSigns]:
    return [
        PageSigns(n, n not in empty, n in ruled, n in tracker, n in narrative, n in label)
        for n in range(1, count + 1)
    ]


def _every_page(path: Path) -> Screen:
    """A screen that keeps every page: extraction as it was before the screen."""
    pages = screen_pdf(path).page_count
    return Screen(pages, tuple(range(1, pages + 1)), (), (), ())


def _full_parse(path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    with monkeypatch.context() as patch:
        patch.setattr(screen_module, "screen_pdf", _every_page)
        return extract_path(path)


def test_a_table_run_keeps_the_ruled_pages_between_matches_and_the_page_after() -> None:
    signs = _signs(30, tracker={10, 13, 25}, ruled=set(range(10, 16)) | {25})
    assert choose_pages(signs).pages == (1, 10, 11, 12, 13, 14, 25)


def test_unruled_or_far_pages_between_matches_are_not_read() -> None:
    far = _signs(30, tracker={5, 15}, ruled=set(range(5, 16)))
    assert choose_pages(far).pages == (1, 5, 6, 15)
    unruled = _signs(30, tracker={5, 7}, ruled={5, 7})
    assert choose_pages(unruled).pages == (1, 5, 7)


def test_narrative_pages_bring_the_next_page_and_scanned_pages_are_reported() -> None:
    screen = choose_pages(_signs(10, narrative={4, 10}, empty={5, 8}))
    assert screen.pages == (1, 4, 10)
    assert screen.scanned == (5, 8)


def test_the_title_label_page_and_the_next_are_read() -> None:
    assert choose_pages(_signs(10, label={2})).pages == (1, 2, 3)
    assert choose_pages(_signs(10)).pages == (1,)


@pytest.mark.parametrize("name", ["tracker_may2025.pdf", "tracker_nov2025.pdf", "sif_2018.pdf"])
def test_samples_give_the_same_records_as_a_full_parse(
    name: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert extract_path(PAPERS / name) == _full_parse(PAPERS / name, monkeypatch)


@pytest.mark.parametrize(("appendix", "at"), [
    (("tracker_may2025", range(1, 7)), 15),
    (("tracker_nov2025", range(1, 11)), 2),
    (("sif_2018", range(1, 5)), 12),
])
def test_an_agenda_pack_gives_the_same_records_as_a_full_parse(
    appendix: tuple[str, range], at: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pack = agenda_pack(tmp_path / "pack.pdf", 30 + at, appendix, at, seed=at)
    screened = screen_pdf(pack)
    assert len(screened.pages) <= len(appendix[1]) + 4
    paper = extract_path(pack)
    assert paper.recommendations
    assert paper == _full_parse(pack, monkeypatch)


def test_a_300_page_pack_parses_only_its_tracker_pages(tmp_path: Path) -> None:
    """Of a 300-page pack, only the appendix and title pages are parsed, with every record.

    What that saves in time (screened ÷ every page parsed, target 0.15) is
    measured by ``python -m benchmarks.bench``, not here: timings in tests are
    flaky on a shared machine. This checks what makes the saving: the pages.
    """
    appendix = ("tracker_may2025", range(1, 8))
    pack = agenda_pack(tmp_path / "pack.pdf", 300, appendix, 201, seed=1, lines=REPORT_LINES)
    pages = screen_pdf(pack).pages
    assert set(range(201, 208)) <= set(pages)
    assert len(pages) <= 7 + 3, pages
    alone = extract_path(PAPERS / "tracker_may2025.pdf").recommendations
    found = extract_path(pack).recommendations
    assert [r.location.number - 200 for r in found] == [
        r.location.number for r in alone if r.location.number <= 7
    ]
    whole = len(found) - 1  # the last one runs on to page 8, which the pack leaves out
    assert [(r.label, r.recommendation, r.status_text) for r in found[:whole]] == [
        (r.label, r.recommendation, r.status_text) for r in alone[:whole]
    ]
